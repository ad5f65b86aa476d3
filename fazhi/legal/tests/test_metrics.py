"""The legal figures on hand-made records with a known answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core import figures, frozen
from fazhi.legal import metrics, workflow
from fazhi.legal.models import Engagement, NormativeDocument, PublicComment
from fazhi.legal.testing import make_contract, make_decision, to_reviewed

pytestmark = pytest.mark.django_db
Y2021 = figures.Period.year(2021)


def _value(code, user, period=Y2021, **kw):
    return figures.evaluate([code], user, [period], **kw).get(code, period).value


def _log(adviser, kind, day, people=0):
    return Engagement.objects.create(adviser=adviser, kind=kind, day=day, subject="x", people=people)


def test_engagements_by_kind_and_village(legal, users, regions):
    # given the town adviser's two duty days and a consultation of 5, and 歇马村's a lecture of 40
    town, village = legal.town_adviser, legal.village_adviser
    _log(town, "duty", dt.date(2021, 3, 3))
    _log(town, "duty", dt.date(2021, 4, 3))
    _log(town, "duty", dt.date(2020, 4, 3))  # another year
    _log(town, "consultation", dt.date(2021, 4, 3), people=5)
    _log(village, "lecture", dt.date(2021, 12, 4), people=40)
    judicial = users.judicial
    assert _value(metrics.DUTY_DAYS, judicial) == 2
    assert _value(metrics.CONSULTATIONS, judicial) == 1
    assert _value(metrics.CONSULTED, judicial) == 5
    assert _value(metrics.LECTURES, judicial) == 1
    assert _value(metrics.LECTURE_AUDIENCE, judicial) == 40
    assert _value(metrics.ENGAGEMENTS, judicial) == 4
    # by village: 歇马村's lecture is its own
    values = figures.evaluate([metrics.ENGAGEMENTS], judicial, [Y2021], group_by=figures.VILLAGE)
    assert values.get(metrics.ENGAGEMENTS, Y2021, group=regions.village_a.path).value == 1
    # by adviser
    values = figures.evaluate([metrics.ENGAGEMENTS], judicial, [Y2021], group_by="adviser")
    assert values.get(metrics.ENGAGEMENTS, Y2021, group=town.pk).value == 3
    # the adviser's own figures count only their own log
    assert _value(metrics.ENGAGEMENTS, legal.adviser_a) == 1


def test_reviews_comments_and_contracts(legal, users, regions):
    decision = to_reviewed(make_decision(legal), users, legal)
    PublicComment.objects.create(
        decision=decision, received_on=dt.date(2021, 3, 5), content="a", answer="adopted"
    )
    PublicComment.objects.create(
        decision=decision, received_on=dt.date(2021, 3, 6), content="b", answer="rejected", reason="无依据"
    )
    PublicComment.objects.create(
        decision=decision, received_on=dt.date(2021, 3, 7), content="c", answer="partly", reason="部分"
    )
    PublicComment.objects.create(decision=decision, received_on=dt.date(2021, 3, 8), content="d")
    contract = make_contract(regions.town, amount="100000.00")
    workflow.CONTRACT.fire(contract, "submit", users.gov_office, {"submitted_on": "2021-05-10"})
    workflow.CONTRACT.fire(
        contract,
        "review",
        users.judicial,
        {"outcome": "agree", "opinion": "同意", "reviewed_on": "2021-05-12"},
    )
    other = make_contract(regions.town, amount="50000.00")
    workflow.CONTRACT.fire(other, "submit", users.gov_office, {"submitted_on": "2021-06-10"})
    workflow.CONTRACT.fire(
        other, "refuse", users.judicial, {"opinion": "不同意", "reviewed_on": "2021-06-11"}
    )
    make_contract(regions.town, amount="70000.00")  # not reviewed
    leader = users.leader
    assert _value(metrics.DECISION_REVIEWS, leader) == 1
    assert _value(metrics.DECISION_LAWFUL, leader) == 1
    assert _value(metrics.COMMENTS, leader) == 4
    assert _value(metrics.COMMENTS_ADOPTED, leader) == 2
    assert _value(metrics.ADOPTION_RATE, leader) == Decimal("0.5")  # a ratio; shown as 50%
    assert _value(metrics.CONTRACTS_REVIEWED, leader) == 2
    assert _value(metrics.CONTRACT_AMOUNT, leader) == 150000
    assert _value(metrics.CONTRACTS_REFUSED, leader) == 1
    # the county supervisor counts the same; another town's officer nothing
    assert _value(metrics.CONTRACTS_REVIEWED, users.county) == 2


def test_normative_documents_issued_repealed_and_in_force(legal, users, regions):
    def doc(title, issued, valid_until=None, repealed=None):
        with frozen.importing_at_state():  # history, written at its state
            return _doc(title, issued, valid_until, repealed)

    def _doc(title, issued, valid_until, repealed):
        return NormativeDocument.objects.create(
            region=regions.town,
            title=title,
            drafting_unit="党政办",
            state="issued",
            review_outcome="lawful",
            reviewed_on=issued,
            issued_on=issued,
            valid_until=valid_until,
            repealed_on=repealed,
        )

    doc("a", dt.date(2019, 5, 1))  # in force throughout
    doc("b", dt.date(2021, 3, 1))  # issued in 2021
    doc("c", dt.date(2021, 6, 1), valid_until=dt.date(2021, 11, 30))  # issued, lapsed within 2021
    doc("d", dt.date(2018, 1, 1), repealed=dt.date(2021, 8, 1))  # repealed in 2021
    doc("e", dt.date(2020, 1, 1), valid_until=dt.date(2022, 1, 1))  # in force at 2021's end
    judicial = users.judicial
    assert _value(metrics.NORMATIVE_ISSUED, judicial) == 2
    assert _value(metrics.NORMATIVE_REPEALED, judicial) == 1
    assert _value(metrics.NORMATIVE_IN_FORCE, judicial) == 3  # a, b, e on 2021-12-31
    assert _value(metrics.NORMATIVE_IN_FORCE, judicial, figures.Period.year(2020)) == 3  # a, d, e
    assert _value(metrics.NORMATIVE_IN_FORCE, judicial, figures.Period.year(2022)) == 2  # a, b


def test_advisers_in_contract_on_the_last_day_of_the_period(legal, users, regions):
    # given: the town's adviser (2021–2030) and a second town adviser whose contract ended on
    # 30 June 2021; another town's adviser under contract
    from fazhi.legal.models import Adviser

    Adviser.objects.create(
        region=regions.town, name="钱律师", firm="某所", licence_number="14303201010000001",
        contract_start=dt.date(2020, 1, 1), contract_end=dt.date(2021, 6, 30),
    )  # fmt: skip
    Adviser.objects.create(
        region=regions.other_town, name="外镇律师", firm="某所", licence_number="14303201010000002",
        contract_start=dt.date(2021, 1, 1), contract_end=dt.date(2021, 12, 31),
    )  # fmt: skip
    # when / then: one town adviser at the end of 2021 (the village's is not a town adviser)
    assert _value(metrics.TOWN_ADVISERS, users.leader) == 1
    assert _value(metrics.VILLAGE_ADVISERS, users.leader) == 1
    # at the end of June both town advisers were under contract (the contract's last day counts)
    june = figures.Period(dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    assert _value(metrics.TOWN_ADVISERS, users.leader, june) == 2
    # and the figure opens exactly the records it counts
    records = figures.records(metrics.TOWN_ADVISERS, users.leader, Y2021)
    assert [a.name for a in records] == ["郑律师"]
    value = figures.evaluate([metrics.TOWN_ADVISERS], users.leader, [Y2021])[metrics.TOWN_ADVISERS]
    assert "in_contract_on=2021-12-31" in value.url and "level=town" in value.url


def test_the_normative_stock_opens_the_documents_it_counts(legal, users):
    # given: a document in force and one repealed in 2021
    value = figures.evaluate([metrics.NORMATIVE_IN_FORCE], users.leader, [Y2021])[metrics.NORMATIVE_IN_FORCE]
    records = figures.records(metrics.NORMATIVE_IN_FORCE, users.leader, Y2021)
    # then: the value is the number of records it opens, and its list takes the day
    assert value.value == records.count()
    assert "in_force_on=2021-12-31" in value.url
