"""The map of a village or the town: the grids drawn from their GeoJSON as an inline SVG on the
server (no tiles, no JavaScript) with the open events on them; and an event with coordinates
falls into the grid whose boundary holds it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.grid import geo
from fazhi.grid.models import Event, GridProfile
from fazhi.grid.tests.test_pages import report_data

pytestmark = pytest.mark.django_db


def square(lat, lng, half=0.002):
    ring = [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


@pytest.fixture
def boundaries(regions):
    """歇马村第1网格 and 第2网格 side by side, 古塘村第1网格 to the east."""
    made = {}
    for name, grid, lng in (
        ("a", regions.grid_a, 112.930),
        ("b", regions.grid_b, 112.934),
        ("c", regions.grid_c, 112.938),
    ):
        made[name] = GridProfile.objects.create(
            region=grid,
            boundary=square(27.81, lng),
            centroid_lat=Decimal("27.810000"),
            centroid_lng=Decimal(str(lng)),
            level_label="三级网格",
        )
    return made


def test_a_point_falls_in_its_polygon_and_not_in_its_hole():
    donut = json.dumps(
        {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                    [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
                ],
            },
        }
    )
    shapes = geo.polygons(donut)
    assert geo.contains(shapes, lat=2, lng=2) and not geo.contains(shapes, lat=5, lng=5)
    assert not geo.contains(shapes, lat=11, lng=2)
    assert geo.polygons("not json") == [] and geo.polygons('{"type": "Point", "coordinates": [1, 2]}') == []


def test_the_town_map_draws_the_grids_and_the_open_events(
    login, users, regions, boundaries, make_event, walk
):
    # given: an open event with coordinates in grid A, one closed, one in grid C without coordinates
    make_event(description="排水沟堵塞", latitude=Decimal("27.810500"), longitude=Decimal("112.930500"))
    walk(
        make_event(description="不予受理的", latitude=Decimal("27.8101"), longitude=Decimal("112.9301")),
        "reject",
        reject={"dismiss_reason": "invalid"},
    )
    make_event(region=regions.grid_c, reporter=users.governance, description="古塘村无坐标")
    # when: the office opens the town's map
    page = login(users.governance).get(reverse("grid:event_map"))
    html = page.content.decode()
    # then: an SVG with the three grids, the dot of the located event, and each grid's open count
    assert page.status_code == 200 and "<svg" in html and "tile" not in html.lower()
    assert len(page.context["shapes"]) == 3 and len(page.context["dots"]) == 1
    assert (
        "排水沟堵塞" in html and "不予受理的" not in html and "古塘村无坐标" not in html
    )  # the dot's title; no dot without coordinates
    counts = {s.profile.region_id: s.open_count for s in page.context["shapes"]}
    assert counts == {regions.grid_a.pk: 1, regions.grid_b.pk: 0, regions.grid_c.pk: 1}
    # and a village's map holds its grids only
    village = login(users.governance).get(reverse("grid:event_map"), {"village": regions.village_a.pk})
    assert {s.profile.region_id for s in village.context["shapes"]} == {regions.grid_a.pk, regions.grid_b.pk}


def test_a_grid_worker_sees_only_their_grid_on_the_map(login, users, regions, boundaries):
    page = login(users.grid_a).get(reverse("grid:event_map"))
    assert [s.profile.region_id for s in page.context["shapes"]] == [regions.grid_a.pk]


def test_a_report_with_coordinates_falls_into_its_grid(login, users, regions, boundaries, category):
    # given: the office (which may report anywhere in the town) leaves the grid empty
    data = report_data(regions, category, region="", latitude="27.810300", longitude="112.938200")
    answer = login(users.governance).post(reverse("grid:event_report"), data)
    # then: the event is in 古塘村第1网格, whose boundary holds the point
    assert answer.status_code == 302 and Event.objects.get().region == regions.grid_c


def test_a_point_outside_the_reporters_grids_asks_for_the_grid(login, users, regions, boundaries, category):
    # grid A's worker reports a point in grid C (not theirs): the grid must be chosen
    data = report_data(regions, category, region="", latitude="27.810300", longitude="112.938200")
    answer = login(users.grid_a).post(reverse("grid:event_report"), data)
    assert answer.status_code == 400 and "请选择网格" in answer.content.decode()
    assert not Event.objects.exists()


def test_the_api_places_a_report_by_its_coordinates(users, regions, boundaries, category):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users.grid_a)
    body = {
        "category": category.pk,
        "description": "路灯不亮",
        "latitude": "27.810100",
        "longitude": "112.930100",
    }
    answer = api.post("/api/v1/grid/events/", body, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.data["region"] == regions.grid_a.pk
