"""The demo's petition records: the report's trend comes out of the registrations by the
figures' definitions, the 2020 三无 standing is recorded, and the demo accounts have open work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core import figures
from fazhi.core.models import Region, User
from fazhi.petitions.models import Matter, Standing

pytestmark = pytest.mark.django_db
TOWN = "430321108"


def _value(code, year, scope):
    return figures.evaluate([code], scope, [figures.Period.year(year)]).get(code).value


def test_the_report_figures_come_out_of_the_records(demo, db):
    town = Region.objects.get(code=TOWN)
    assert _value("petitions.level_national", 2016, town) == 16
    assert 50 <= _value("petitions.level_province", 2016, town) < 60
    assert _value("petitions.level_province", 2021, town) == 0
    assert _value("petitions.level_city", 2021, town) == 0
    # year by year, fewer at the province
    series = [_value("petitions.level_province", y, town) for y in range(2016, 2022)]
    assert series == sorted(series, reverse=True)
    # 2020: no 进京非正常上访, recorded as a fact with evidence
    assert _value("petitions.abnormal", 2020, town) == 0
    items = Standing.objects.filter(region=town, year=2020)
    assert items.count() == 3 and all(s.met and s.evidence for s in items)


def test_the_demo_accounts_have_open_matters_with_clocks(demo, client):
    office = User.objects.get(username="petition")
    client.force_login(office)
    home = client.get(reverse("home")).content.decode()
    assert "信访事项期限" in home and "剩" in home
    leader = User.objects.get(username="leader")
    client.force_login(leader)
    home = client.get(reverse("home")).content.decode()
    assert "我的包案与接访" in home
    assert Matter.objects.filter(lead=leader, state="accepted").count() >= 2
