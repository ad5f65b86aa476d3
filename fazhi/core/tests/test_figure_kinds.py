"""Two kinds of figure beside counts, sums and rates: a stock (the records in force on the
period's last day, e.g. 现行有效 normative documents) and a total (registered figures of several
record kinds added up, e.g. 排查登记 = disputes registered + dispute events not converted), each
computed in SQL and opening exactly the records it counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from fazhi.core import figures
from fazhi.core.figures import COUNT, RATE, TOTAL, Figure, Period
from fazhi.testing.sample.models import Matter

IN_FORCE = Figure(
    code="sample.in_force", label="年末在办事项", unit="件", kind=COUNT, definition="期末日在办",
    source="测试", model=Matter, date_field="opened_on", until_field="closed_on",
)  # fmt: skip
OPENED = Figure(
    code="sample.opened", label="登记事项", unit="件", kind=COUNT, definition="期内登记",
    source="测试", model=Matter, date_field="opened_on",
)  # fmt: skip
DONE = Figure(
    code="sample.done", label="办结事项", unit="件", kind=COUNT, definition="期内办结",
    source="测试", model=Matter, date_field="closed_on",
)  # fmt: skip
HANDLED = Figure(
    code="sample.handled", label="登记与办结合计", unit="件次", kind=TOTAL, definition="登记 + 办结",
    source="测试", parts=("sample.opened", "sample.done"),
)  # fmt: skip
SHARE = Figure(
    code="sample.done_share", label="办结占合计", unit="%", kind=RATE, definition="办结 ÷ 合计",
    source="测试", numerator="sample.done", denominator="sample.handled",
)  # fmt: skip
ALL = (IN_FORCE, OPENED, DONE, HANDLED, SHARE)
YEAR = Period.year(2021)


@pytest.fixture
def registered():
    figures.register(*ALL)
    yield
    for figure in ALL:
        figures._REGISTRY.pop(figure.code, None)


@pytest.fixture
def matters(regions):
    def make(title, opened, closed=None, region=None):
        return Matter.objects.create(
            region=region or regions.grid_a, title=title, opened_on=opened, closed_on=closed
        )

    return {
        "old_open": make("2020年登记，仍在办", dt.date(2020, 3, 1)),
        "closed_last_day": make("年末最后一天办结", dt.date(2021, 5, 1), dt.date(2021, 12, 31)),
        "closed_next_year": make("跨年办结", dt.date(2021, 6, 1), dt.date(2022, 1, 10)),
        "next_year": make("次年登记", dt.date(2022, 1, 2)),
        "other_town": make("外镇在办", dt.date(2021, 2, 1), region=regions.other_grid),
    }


def test_a_stock_counts_what_is_in_force_on_the_last_day(registered, matters, regions):
    # when
    value = figures.evaluate(["sample.in_force"], regions.town, [YEAR])["sample.in_force"]
    records = figures.records("sample.in_force", regions.town, YEAR)
    # then: the 2020 matter still open and the one closed in 2022; not the one closed on
    # 31 December, nor the one opened in 2022, nor another town's
    assert value.value == 2
    assert set(records) == {matters["old_open"], matters["closed_next_year"]}


def test_a_stock_says_its_rule_in_words(registered):
    assert "统计期末日有效：登记日期不晚于期末日，且办结日期为空或晚于期末日" in IN_FORCE.rule_text()


def test_a_total_adds_its_parts_and_a_rate_reads_it(registered, matters, regions):
    # when
    values = figures.evaluate(["sample.handled", "sample.done_share"], regions.town, [YEAR])
    total, share = values["sample.handled"], values["sample.done_share"]
    # then: 2 opened in 2021 in 石鼓镇 + 1 closed in 2021 = 3; done ÷ total = 1/3
    assert total.value == 3
    assert [p.value for p in total.parts] == [2, 1]
    assert all(p.url == "" for p in total.parts)  # the sample figures declare no list
    assert share.display == "33.3%"


def test_a_total_opens_each_part_and_refuses_one_mixed_list(registered, matters, regions):
    # when
    sets = figures.record_sets("sample.handled", regions.town, YEAR)
    # then
    assert [(f.code, qs.count()) for f, qs in sets] == [("sample.opened", 2), ("sample.done", 1)]
    with pytest.raises(ValueError, match="record_sets"):
        figures.records("sample.handled", regions.town, YEAR)


def test_a_total_of_an_empty_group_is_its_parts_zero(registered, regions):
    values = figures.evaluate(["sample.handled"], regions.town, [YEAR], group_by=figures.VILLAGE)
    assert values.get("sample.handled", YEAR, "no such village").value == 0


def test_a_total_of_an_unregistered_or_a_rate_part_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        figures.register(
            Figure(
                code="sample.bad",
                label="错",
                unit="件",
                kind=TOTAL,
                definition="",
                source="",
                parts=("sample.none",),
            )
        )


def test_a_stock_is_scoped_and_conditioned_like_any_count(registered, matters, regions):
    # given: a condition on the stock's records
    only_open = Figure(
        code="sample.in_force_open_state", label="在办且未受理", unit="件", kind=COUNT, definition="",
        source="测试", model=Matter, date_field="opened_on", until_field="closed_on", where=Q(state="open"),
    )  # fmt: skip
    figures.register(only_open)
    try:
        Matter.objects.filter(pk=matters["old_open"].pk).update(state="accepted")
        # when
        value = figures.evaluate([only_open.code], regions.town, [YEAR])[only_open.code]
        # then
        assert value.value == 1
    finally:
        figures._REGISTRY.pop(only_open.code, None)
