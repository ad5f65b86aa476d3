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
