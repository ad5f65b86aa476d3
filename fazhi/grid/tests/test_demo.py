"""The demo town's grid records: a profile for each of the 81 grids, at most about twelve events
a grid a year since 2016, the open events of this week through the real workflow, and the demo
grid worker's phone home with "my grid". The demo is built once per session (`demo`)."""

from __future__ import annotations

import json

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear

from fazhi.core.models import Deadline
from fazhi.grid.models import Event, GridProfile, PatrolLog

pytestmark = pytest.mark.django_db


def test_each_of_the_81_grids_has_a_profile_with_a_boundary(demo):
    profiles = GridProfile.objects.filter(region__path__startswith=demo.town.path)
    assert profiles.count() == 81
    shape = json.loads(profiles.first().boundary)
    assert shape["type"] == "Polygon" and len(shape["coordinates"][0]) == 5


def test_events_since_2016_at_most_about_twelve_a_grid_a_year(demo):
    events = Event.objects.filter(region__path__startswith=demo.town.path)
    per_grid_year = (
        events.annotate(y=ExtractYear("reported_at")).values("region", "y").annotate(n=Count("id"))
    )
    assert max(row["n"] for row in per_grid_year) <= 12
    years = set(events.annotate(y=ExtractYear("reported_at")).values_list("y", flat=True))
    assert {2016, 2020, 2021} <= years
    # 疫情防控 work in 2020–2022, 医保收缴 in autumn; some rework and late handling
    assert events.filter(category__code="05", reported_at__year=2021).exists()
    assert events.filter(category__code="06", reported_at__month__gte=9).exists()
    assert events.filter(rework_count__gt=0).exists()
    assert Deadline.objects.filter(code="grid.handle", met_late=True).exists()


def test_the_open_events_went_through_the_workflow(demo):
    open_events = Event.objects.filter(state__in=Event.OPEN_STATES + (Event.State.CHECKED,))
    assert open_events.count() >= 8
    reported = open_events.filter(state=Event.State.REPORTED)
    assert reported.exists()
    assert all(
        Deadline.objects.filter(object_id=str(e.pk), code="grid.accept", status="open") for e in reported
    )


def test_the_demo_grid_worker_sees_my_grid_on_the_phone(demo, client):
    client.force_login(demo.users["grid"])
    page = client.get("/").content.decode()
    assert "我的网格" in page and "组级公路路灯损坏" in page
    assert PatrolLog.objects.filter(worker=demo.users["grid"]).exists()


def test_the_governance_office_sees_the_queue(demo, client):
    client.force_login(demo.users["governance"])
    page = client.get("/").content.decode()
    assert "待受理的网格事件" in page and "民房私拉电线存在火灾隐患" in page


def test_the_demo_has_a_suspended_legacy_event_and_a_leaders_instruction(demo, client):
    paused = Event.objects.get(suspended_at__isnull=False, description__contains="山林界址")
    assert paused.is_legacy and paused.state == Event.State.HANDLING
    assert Deadline.objects.get(object_id=str(paused.pk), code="grid.handle", status="open").paused_since
    instructed = Event.objects.get(instructed_at__isnull=False)
    client.force_login(demo.users["governance"])
    page = client.get("/").content.decode()
    assert "领导批示的网格事件" in page and "网格巡查覆盖率" in page
    assert instructed.instruction[:10] in page
