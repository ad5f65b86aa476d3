"""The template's figures on hand-made records with a known answer (国办公开办函〔2021〕30号)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core import figures
from fazhi.core.frozen import importing_at_state
from fazhi.disclosure import metrics
from fazhi.disclosure.metrics import t3, t4
from fazhi.disclosure.models import Request, YearlyFigure

pytestmark = pytest.mark.django_db
Y2021 = figures.Period.year(2021)
TYPES = ["natural", "business", "research", "public_interest", "legal_service", "other"]
COLUMN = dict(zip(TYPES, ["1", "2_1", "2_2", "2_3", "2_4", "2_5"], strict=True))


def history(region, received, closed=None, outcome="", kind="natural", **extra) -> Request:
    """A request as a past year left it (written at its state, as the bulk path does)."""
    with importing_at_state():
        return Request.objects.create(
            region=region,
            applicant_type=kind,
            applicant_name="某申请人",
            identity_proof="居民身份证",
            description="某信息",
            channel="in_person",
            submitted_on=received,
            received_on=received,
            state=Request.State.CLOSED if closed else Request.State.RECEIVED,
            closed_on=closed,
            replied_on=closed,
            outcome=outcome,
            **extra,
        )


def values(user, codes, period=Y2021):
    found = figures.evaluate(codes, user, [period])
    return {code: found.get(code).value for code in codes}


def test_each_applicant_type_in_its_column(regions, users):
    # given one 2021 request of each applicant type, each given a different outcome
    outcomes = ["1", "2", "3.4", "4.1", "5.2", "6.3"]
    for kind, outcome in zip(TYPES, outcomes, strict=True):
        history(regions.town, dt.date(2021, 3, 1), dt.date(2021, 3, 20), outcome, kind)
    got = values(
        users.gov_office,
        [
            t3(r, c)
            for r in ("1", "3_1", "3_2", "3_3_4", "3_4_1", "3_5_2", "3_6_3", "3_7")
            for c in [*COLUMN.values(), "3"]
        ],
    )
    # then each counts once, in its own column and row, and in the totals
    for kind, outcome in zip(TYPES, outcomes, strict=True):
        column = COLUMN[kind]
        assert got[t3("1", column)] == 1
        assert got[t3("3_" + outcome.replace(".", "_"), column)] == 1
        assert got[t3("3_7", column)] == 1
    assert got[t3("1", "3")] == 6 and got[t3("3_7", "3")] == 6
    assert got[t3("3_1", "2_1")] == 0 and got[t3("3_2", "2_1")] == 1


def test_the_check_adds_up_with_carry_over_and_names_what_breaks_it(regions, users):
    town = regions.town
    # given two requests carried from 2020 (closed in January 2021), three received in 2021 of
    # which one is carried into 2022, and one received in 2020 still open (carried twice)
    history(town, dt.date(2020, 12, 20), dt.date(2021, 1, 12), "1")
    history(town, dt.date(2020, 12, 28), dt.date(2021, 1, 20), "4.1", "business")
    history(town, dt.date(2021, 5, 6), dt.date(2021, 5, 25), "1")
    history(town, dt.date(2021, 8, 2), dt.date(2021, 8, 30), "2")
    history(town, dt.date(2021, 12, 22), dt.date(2022, 1, 14), "1")
    stuck = history(town, dt.date(2020, 11, 30))
    codes = [t3("1"), t3("2"), t3("3_7"), t3("4"), metrics.CHECK_OPEN, metrics.CHECK_LATE]
    got = values(users.gov_office, codes)
    # then 本年新收 3 + 上年结转 3 ≠ 办理结果 4 + 结转下年度 1: the stuck request is named
    assert (got[t3("1")], got[t3("2")], got[t3("3_7")], got[t3("4")]) == (3, 3, 4, 1)
    assert got[metrics.CHECK_OPEN] == 1
    assert list(figures.records(metrics.CHECK_OPEN, users.gov_office, Y2021)) == [stuck]
    # when it is closed in 2022, 2021 still shows it carried twice and 2022 shows it closed late
    Request.objects.filter(pk=stuck.pk).update(closed_on=dt.date(2022, 2, 1), closed_year=2022, outcome="1")
    got = values(users.gov_office, codes)
    assert got[metrics.CHECK_OPEN] == 1
    assert values(users.gov_office, [metrics.CHECK_LATE], figures.Period.year(2022))[metrics.CHECK_LATE] == 1
    # without it, the year adds up: 3 + 2 = 4 + 1
    Request.objects.filter(pk=stuck.pk).delete()
    got = values(users.gov_office, codes)
    assert got[t3("1")] + got[t3("2")] == got[t3("3_7")] + got[t3("4")] == 5
    assert got[metrics.CHECK_OPEN] == got[metrics.CHECK_LATE] == 0
    # and 2022 carries the December request in
    assert values(users.gov_office, [t3("2")], figures.Period.year(2022))[t3("2")] == 1


def test_table_four_fees_and_the_yearly_register(regions, users):
    town, other = regions.town, regions.other_town
    req = history(
        town,
        dt.date(2021, 4, 1),
        dt.date(2021, 4, 20),
        "3.4",
        fee_amount=Decimal("300"),
        fee_notice_on=dt.date(2021, 4, 5),
        fee_paid_on=dt.date(2021, 4, 9),
        fee_paid=Decimal("300"),
    )
    history(
        town,
        dt.date(2021, 6, 1),
        dt.date(2021, 7, 20),
        "6.2",
        fee_amount=Decimal("100"),
        fee_notice_on=dt.date(2021, 6, 5),
    )
    # table 四 from the one register (the litigation app): a 复议 on the request, upheld; a suit
    # still pending; another town's 复议; a 复议 about a penalty (not disclosure) that must not count
    from fazhi.litigation import register
    from fazhi.litigation.models import Proceeding

    register.record(
        req,
        route="review",
        matter="disclosure",
        subject="政府信息公开申请答复",
        organ="湘潭县人民政府",
        applicant="某申请人",
        filed_on=dt.date(2021, 5, 10),
        result="upheld",
        concluded_on=dt.date(2021, 7, 1),
    )
    Proceeding.objects.create(
        region=town,
        route="direct",
        matter="disclosure",
        subject="政府信息公开申请答复",
        organ="湘潭县人民法院",
        applicant="某公司",
        applicant_kind="organization",
        filed_on=dt.date(2021, 9, 1),
    )
    Proceeding.objects.create(
        region=other,
        route="review",
        matter="disclosure",
        subject="政府信息公开申请答复",
        organ="湘潭县人民政府",
        applicant="外镇",
        filed_on=dt.date(2021, 5, 10),
    )
    Proceeding.objects.create(
        region=town,
        route="review",
        matter="penalty",
        subject="行政处罚决定",
        organ="湘潭县人民政府",
        applicant="某人",
        filed_on=dt.date(2021, 5, 11),
    )
    YearlyFigure.objects.create(region=town, year=2021, item="permits", value=12, source="石鼓镇行政许可台账")
    YearlyFigure.objects.create(region=town, year=2021, item="fees", value=Decimal("1.35"), source="财政所")
    got = values(
        users.gov_office,
        [
            *(t4(n) for n in range(1, 16)),
            metrics.FEE_NOTICES,
            metrics.FEE_CHARGED,
            metrics.FEE_COLLECTED,
            "disclosure.t2.permits",
            "disclosure.t2.fees",
        ],
    )
    assert [got[t4(n)] for n in range(1, 16)] == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert got[metrics.FEE_NOTICES] == 2
    assert got[metrics.FEE_CHARGED] == Decimal("400") and got[metrics.FEE_COLLECTED] == Decimal("300")
    assert got["disclosure.t2.permits"] == 12 and got["disclosure.t2.fees"] == Decimal("1.35")
    # the county sees both towns' cases
    assert values(users.county, [t4(5)])[t4(5)] == 2


def test_proactive_items_count_what_was_first_published_in_the_period(regions, users):
    # given: published in 2021 (one made in 2020), one made in 2021 not yet published, one
    # published in 2022, another town's
    from fazhi.disclosure.models import Publication

    def pub(title, made, published, region=regions.town):
        return Publication.objects.create(
            region=region, title=title, made_on=made, first_published_on=published
        )

    counted = {
        pub("财政预算", dt.date(2021, 3, 1), dt.date(2021, 3, 5)),
        pub("去年形成", dt.date(2020, 12, 20), dt.date(2021, 1, 8)),
    }
    pub("尚未公开", dt.date(2021, 12, 20), None)
    pub("次年公开", dt.date(2021, 12, 28), dt.date(2022, 1, 4))
    pub("外镇", dt.date(2021, 3, 1), dt.date(2021, 3, 2), region=regions.other_town)
    # when
    value = figures.evaluate([metrics.PROACTIVE_ITEMS], users.leader, [Y2021])[metrics.PROACTIVE_ITEMS]
    # then
    assert value.value == 2
    assert set(figures.records(metrics.PROACTIVE_ITEMS, users.leader, Y2021)) == counted
    assert "published_year=2021" in value.url
