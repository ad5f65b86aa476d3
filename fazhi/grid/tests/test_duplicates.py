"""Duplicates: right after a report, open events of the same category in the same grid within
50 m (a county rule) are offered on the event's page; the office marks an event a duplicate of
another — it is 注销 as 重复上报 and linked to the original both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core.models import RecordLink
from fazhi.grid.duplicates import distance_m, nearby
from fazhi.grid.models import Event, EventCategory
from fazhi.grid.tests.conftest import state

pytestmark = pytest.mark.django_db

LAT, LNG = Decimal("27.812345"), Decimal("112.934567")
# one ten-thousandth of a degree of latitude is about 11 m
NORTH_22M, NORTH_200M = Decimal("0.0002"), Decimal("0.0018")


def at(make_event, dlat=Decimal(0), **fields):
    return make_event(latitude=LAT + dlat, longitude=LNG, **fields)


def test_the_distance_is_the_great_circle_one():
    assert round(distance_m(LAT, LNG, LAT + NORTH_22M, LNG)) == 22
    assert round(distance_m(LAT, LNG, LAT + NORTH_200M, LNG)) == 200


def test_a_report_near_an_open_event_of_the_same_kind_offers_it(login, users, regions, make_event):
    # given: an open 邻里纠纷 event, and others that do not match
    first = at(make_event, description="水沟堵塞两户争吵")
    at(make_event, NORTH_200M, description="二百米外")
    at(make_event, category=EventCategory.objects.get(code="0401"), description="垃圾堆放")
    at(make_event, region=regions.grid_b, reporter=users.grid_b, description="隔壁网格")
    # when: the grid worker reports the same quarrel 22 m away
    second = at(make_event, NORTH_22M, description="又报一次水沟争吵")
    # then: its page offers the first as a possible duplicate, and nothing else
    page = login(users.grid_a).get(reverse("grid:event_detail", args=[second.pk]))
    assert [e.pk for e in page.context["possible_duplicates"]] == [first.pk]
    html = page.content.decode()
    assert "可能重复" in html and "相距约22米" in html and "二百米外" not in html
    # an event without coordinates is near nothing
    assert nearby(make_event()) == []


def test_the_county_rule_widens_the_radius(users, regions, make_event):
    import datetime as dt

    from fazhi.core.models import Rule

    at(make_event, description="原事件")
    second = at(make_event, NORTH_200M)
    assert nearby(second) == []
    # given: the county sets 300 m (a version of the declared rule, as its rules page would)
    Rule.objects.create(
        code="grid.event.duplicate_radius",
        region=regions.county,
        label="网格事件疑似重复的距离",
        kind="number",
        unit="米",
        value=300,
        effective_from=dt.date(2020, 1, 1),
        citation="县综治中心通知（测试）",
    )
    assert [e.description for e in nearby(second)] == ["原事件"]


def test_the_office_marks_a_duplicate_and_both_are_linked(login, users, make_event):
    first = at(make_event, description="原事件")
    second = at(make_event, NORTH_22M, description="重复上报")
    office = login(users.governance)
    step = reverse("grid:event_step", args=[second.pk, "mark_duplicate"])
    # without the original it is refused, naming the field
    refused = office.post(step, {})
    assert refused.status_code == 409 and "原事件" in refused.content.decode()
    # the form offers the nearest first
    assert office.get(step).context["form"].fields["original"].initial == first.pk
    answer = office.post(step, {"mark_duplicate-original": first.pk})
    assert answer.status_code == 302 and state(second) == Event.State.CANCELLED
    second.refresh_from_db()
    assert second.dismiss_reason == "duplicate" and "重复" in second.dismiss_note
    link = RecordLink.objects.get(kind="duplicate")
    assert (link.from_id, link.to_id) == (str(first.pk), str(second.pk))
    # both pages show the other; the original stays open
    assert second.get_absolute_url() in office.get(first.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in office.get(second.get_absolute_url()).content.decode()
    assert state(first) == Event.State.REPORTED


def test_the_api_marks_a_duplicate_too(users, make_event):
    from rest_framework.test import APIClient

    first, second = at(make_event), at(make_event, NORTH_22M)
    api = APIClient()
    api.force_authenticate(users.governance)
    answer = api.post(
        f"/api/v1/grid/events/{second.pk}/steps/mark_duplicate/", {"original": first.pk}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert state(second) == Event.State.CANCELLED
    # a grid worker may not
    worker = APIClient()
    worker.force_authenticate(users.grid_a)
    third = at(make_event)
    refused = worker.post(
        f"/api/v1/grid/events/{third.pk}/steps/mark_duplicate/", {"original": first.pk}, format="json"
    )
    assert refused.status_code == 403 and state(third) == Event.State.REPORTED
