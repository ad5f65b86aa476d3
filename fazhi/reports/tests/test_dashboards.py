"""The county dashboard: the county's figure is the sum of its towns where additive and is
recomputed from the summed numerator and denominator where a rate (never an average)."""

from decimal import Decimal

import pytest

from fazhi.core import figures
from fazhi.core.figures import RATE, Figure
from fazhi.reports import dashboards

RATE_CODE = "enforcement.test_stops_per_action"


@pytest.fixture
def stops_per_action():
    # a rate over two registered figures, for this test only
    figures.register(
        Figure(
            RATE_CODE,
            "每次行动制止焚烧秸秆",
            "%",
            RATE,
            definition="制止焚烧秸秆 ÷ 专项整治行动",
            source="测试",
            numerator="enforcement.straw_burning_stops",
            denominator="enforcement.campaign_actions",
        )
    )
    yield RATE_CODE
    figures._REGISTRY.pop(RATE_CODE, None)


def _row(data, code):
    return next((cells, total) for f, cells, total in data["rows"] if f.code == code)


def test_the_county_sums_its_towns_and_recomputes_rates(users, regions, actions, stops_per_action):
    # given 23 actions with 13 stops in 石鼓镇 and 2 actions with 10 stops in 易俗河镇 (2021)
    data = dashboards.county(users.county, regions.county, 2021)
    towns = [t.name for t in data["towns"]]
    assert towns == ["易俗河镇", "石鼓镇"]
    # then the additive figure is the sum of the towns
    cells, total = _row(data, "enforcement.straw_burning_stops")
    assert [c.value.value for c in cells] == [10, 13]
    assert total.value.value == 23 == sum(c.value.value for c in cells)
    # and the rate is recomputed from the sums (23 ÷ 25), not the mean of 5 and 13/23
    cells, total = _row(data, stops_per_action)
    assert [c.value.value for c in cells] == [Decimal(5), Decimal(13) / Decimal(23)]
    assert total.value.value == Decimal(23) / Decimal(25)
    assert total.value.value != sum(c.value.value for c in cells) / 2
    # every cell opens the records behind it, within its town
    assert cells[1].link.endswith(f"code={stops_per_action}&year=2021&region=430321108")


def test_a_town_reader_sees_only_the_town(users, regions, actions):
    data = dashboards.town(users.leader, regions.town, 2021)
    enforcement = next(
        a for a in data["areas"] if any(f.code.startswith("enforcement.") for f, _n, _l in a.rows)
    )
    now = {f.code: n.value.value for f, n, _l in enforcement.rows}
    assert now["enforcement.straw_burning_stops"] == 13
    assert now["enforcement.campaign_actions"] == 23
    villages = {place.name: cells for place, cells in data["villages"]}
    assert "歇马村" in villages


def test_the_county_ranks_towns_on_a_chosen_rate_and_leaves_out_towns_without_a_base(
    client, users, regions, actions, stops_per_action
):
    # given the stops-per-action rate: 易俗河镇 5 (10 ÷ 2), 石鼓镇 13 ÷ 23; a third town with no action
    from fazhi.core.models import Region, RegionKind

    third = Region.objects.create(
        code="430321101", name="花石镇", kind=RegionKind.TOWN, parent=regions.county
    )
    data = dashboards.county(users.county, regions.county, 2021, [stops_per_action])
    (ranking,) = data["rankings"]
    # then 易俗河镇 first, 石鼓镇 second, and 花石镇 (0 ÷ 0: not defined) left out of the ranking
    assert [(position, t.name) for position, t, _c in ranking.ranked] == [(1, "易俗河镇"), (2, "石鼓镇")]
    assert ranking.left_out == [third]
    # the page shows it, each value opening its records
    client.force_login(users.county)
    page = client.get("/reports/", {"region": regions.county.code, "year": 2021, "rank": stops_per_action})
    body = page.content.decode()
    assert page.status_code == 200 and f'data-rank="{stops_per_action}"' in body
    assert "无统计基数，不参与排名" in body


def test_ties_share_a_rank():
    from types import SimpleNamespace

    def cell(v):
        return dashboards.Cell(SimpleNamespace(value=v, display=str(v)))

    towns = [SimpleNamespace(code=c) for c in ("1", "2", "3", "4")]
    ranked = dashboards.rank(None, towns, [cell(3), cell(5), cell(5), cell(1)]).ranked
    assert [(p, t.code) for p, t, _c in ranked] == [(1, "2"), (1, "3"), (3, "1"), (4, "4")]


def test_the_county_lists_towns_that_did_not_publish_by_the_day(users, regions):
    import datetime as dt

    from fazhi.reports import drafting
    from fazhi.reports.models import Report

    # given 石鼓镇's 2021 report published on 2022-04-06 (after 1 April) and no report of 易俗河镇
    report = drafting.create_report(regions.town, 2021, users.gov_office)
    Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED, published_on=dt.date(2022, 4, 6))
    data = dashboards.county(users.county, regions.county, 2021)
    listed = {(t.name, str(kind)): text for t, kind, _r, text, _tone in data["unpublished"]}
    # then both towns are listed for the 法治政府建设年度报告, one late and one not published
    assert listed[("石鼓镇", "法治政府建设年度报告")] == "逾期公布（2022-04-06）"
    assert listed[("易俗河镇", "法治政府建设年度报告")] == "逾期未公布（应于2022-04-01前）"
    assert listed[("易俗河镇", "政府信息公开工作年度报告")] == "逾期未公布（应于2022-03-31前）"
