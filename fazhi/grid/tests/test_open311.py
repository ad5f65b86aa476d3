"""Open311 GeoReport v2 (/open311/v2/): a real client (`georeport` from PyPI) reads the town's
services and requests from a live server, and a client system posts one with its api_key; at
the edges: the 90-day window, a category that is not public, a description not yet reviewed, the
coordinates coarsened to the grid, a bad or revoked key, no names or phones ever."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.core.models import LedgerEntry
from fazhi.grid import open311
from fazhi.grid.models import Event, EventCategory, GridProfile
from fazhi.grid.seed import ensure_categories
from fazhi.grid.tests.test_map import square

TOWN = "430321108"  # 石鼓镇


@pytest.fixture
def grids(regions):
    made = {}
    for name, grid, lng in (("a", regions.grid_a, 112.930), ("b", regions.grid_b, 112.934)):
        made[name] = GridProfile.objects.create(
            region=grid,
            boundary=square(27.81, lng),
            centroid_lat=Decimal("27.810000"),
            centroid_lng=Decimal(str(lng)),
        )
    return made


@pytest.fixture
def public_category(regions):
    ensure_categories()
    return EventCategory.objects.get(code="0401")  # 环境卫生／垃圾堆放


@pytest.fixture
def key(regions):
    return open311.issue_client("12345热线平台", regions.town)[1]


@pytest.fixture
def published(make_event, public_category, users, grids, walk):
    """A reviewed public event, an unreviewed public one and a non-public (矛盾纠纷) one."""
    reviewed = make_event(
        category=public_category,
        description="村口垃圾堆放三天未清运",
        latitude=Decimal("27.810412"),
        longitude=Decimal("112.930377"),
        address="歇马村张家屋场12号",
        citizen_name="张三丰",
        citizen_phone="13812345678",
    )
    walk(reviewed, "accept", "dispatch")
    Event.objects.filter(pk=reviewed.pk).update(
        public_reviewed_at=timezone.now(), public_reviewed_by=users.governance, public_note="已交歇马村清运"
    )
    unreviewed = make_event(category=public_category, description="河边有人倾倒建筑垃圾，车牌湘C12345")
    hidden = make_event(description="两户因排水沟堵塞发生争吵")  # 矛盾纠纷: not public
    return reviewed, unreviewed, hidden


def get(client, path, **params):
    return client.get(f"/open311/v2/{path}", {"jurisdiction_id": TOWN, **params})


def test_services_are_the_public_categories_only(client, public_category):
    response = get(client, "services.json")
    assert response.status_code == 200
    codes = {s["service_code"] for s in response.json()}
    assert "0401" in codes and "05" in codes  # a 小类, and a 大类 without 小类
    assert not codes & {"01", "0101", "02", "0201", "08", "09", "10"}  # the non-public ones
    assert get(client, "services/0401.json").json()["service_code"] == "0401"
    assert get(client, "services/0101.json").status_code == 404
    xml = get(client, "services.xml")
    assert xml["Content-Type"].startswith("text/xml") and "<service_code>0401</service_code>" in xml.text


def test_requests_publish_only_what_may_be_published(client, published, grids):
    reviewed, unreviewed, hidden = published
    rows = {r["service_request_id"]: r for r in get(client, "requests.json").json()}
    assert str(hidden.pk) not in rows  # a non-public category never appears
    row = rows[str(reviewed.pk)]
    assert row["status"] == "open" and row["status_notes"] == "已交歇马村清运"
    assert row["description"] == "村口垃圾堆放三天未清运"
    assert row["agency_responsible"] == "歇马村"
    assert row["address"] == "歇马村歇马村第1网格"
    # the grid's centroid, not the house
    assert (row["lat"], row["long"]) == ("27.810", "112.930")
    assert row["expected_datetime"]  # the 办理 clock's threshold
    assert rows[str(unreviewed.pk)]["description"] == ""  # not reviewed yet
    text = get(client, "requests.json").content.decode()
    for secret in ("张三丰", "13812345678", "张家屋场", "湘C12345", "27.810412"):
        assert secret not in text
    assert get(client, f"requests/{hidden.pk}.json").status_code == 404
    one = get(client, f"requests/{reviewed.pk}.json").json()
    assert [r["service_request_id"] for r in one] == [str(reviewed.pk)]


def test_coordinates_without_a_grid_centroid_are_rounded_to_about_100_m(client, make_event, public_category):
    event = make_event(
        category=public_category, latitude=Decimal("27.812345"), longitude=Decimal("112.936789")
    )
    row = get(client, f"requests/{event.pk}.json").json()[0]
    assert (row["lat"], row["long"]) == ("27.812", "112.937")


def test_the_search_window_is_capped_at_90_days(client, published):
    ok = get(client, "requests.json", start_date="2026-01-01T00:00:00Z", end_date="2026-03-31T00:00:00Z")
    assert ok.status_code == 200
    too_long = get(
        client, "requests.json", start_date="2026-01-01T00:00:00Z", end_date="2026-04-02T00:00:00Z"
    )
    assert too_long.status_code == 400
    [problem] = too_long.json()
    assert (
        problem["code"] == 400 and "90天" in problem["description"] and "start_date" in problem["description"]
    )
    bad = get(client, "requests.json", start_date="昨天")
    assert bad.status_code == 400 and "start_date" in bad.json()[0]["description"]
    # an old event is outside the default window (the last 90 days)
    old = published[0]
    Event.objects.filter(pk=old.pk).update(reported_at=timezone.now() - dt.timedelta(days=120))
    assert str(old.pk) not in {r["service_request_id"] for r in get(client, "requests.json").json()}


def test_status_filter_and_a_missing_jurisdiction(client, published):
    assert get(client, "requests.json", status="closed").json() == []
    assert len(get(client, "requests.json", status="open").json()) == 2
    response = client.get("/open311/v2/requests.json")
    assert response.status_code == 400 and "jurisdiction_id" in response.json()[0]["description"]


def test_a_post_needs_a_valid_key_of_the_town(client, key, grids, public_category, regions):
    body = {"service_code": "0401", "lat": "27.8101", "long": "112.9301", "description": "路灯不亮"}
    for api_key in ("", "guessed-key"):
        response = client.post("/open311/v2/requests.json", {**body, "api_key": api_key})
        assert response.status_code == 403 and "api_key" in response.json()[0]["description"]
    revoked, revoked_key = open311.issue_client("旧平台", regions.town)
    open311.revoke_client(revoked)
    assert client.post("/open311/v2/requests.json", {**body, "api_key": revoked_key}).status_code == 403
    other = client.post("/open311/v2/requests.json", {**body, "api_key": key, "jurisdiction_id": "430321100"})
    assert other.status_code == 403
    assert not Event.objects.exists()


def test_post_refusals_name_the_field(client, key, grids, public_category):
    body = {"api_key": key, "service_code": "0401", "lat": "27.8101", "long": "112.9301", "description": "x"}
    cases = [
        ({"service_code": "0101"}, 404, "service_code"),  # not public: no such service
        ({"description": ""}, 400, "description"),
        ({"lat": ""}, 400, "lat/long"),
        ({"lat": "abc"}, 400, "lat"),
        ({"lat": "28.5"}, 400, "lat/long"),  # outside every grid of the town
    ]
    for change, status, field in cases:
        response = client.post("/open311/v2/requests.json", {**body, **change})
        assert response.status_code == status, change
        assert response.json()[0]["description"].startswith(field), change
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_open311_client_reads_and_posts(live_server, regions, users):
    georeport = pytest.importorskip("georeport")
    import requests

    ensure_categories()
    GridProfile.objects.create(
        region=regions.grid_a,
        boundary=square(27.81, 112.930),
        centroid_lat=Decimal("27.810000"),
        centroid_lng=Decimal("112.930000"),
    )
    _client, api_key = open311.issue_client("12345热线平台", regions.town)
    root = f"{live_server.url}/open311/v2"
    city = georeport.GeoReport(root, jurisdiction=TOWN)

    services = city.get_service_list()
    assert {"service_code": "0401", "service_name": "垃圾堆放"}.items() <= services[
        [s["service_code"] for s in services].index("0401")
    ].items()
    assert city.get_service_definition("0401")["service_code"] == "0401"

    # georeport 0.3.1 only reads; the POST goes as the spec's form (with the client's own requests)
    posted = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": api_key,
            "jurisdiction_id": TOWN,
            "service_code": "0401",
            "lat": "27.8102",
            "long": "112.9303",
            "address_string": "歇马村李家湾8号",
            "description": "垃圾池满溢",
            "first_name": "四",
            "last_name": "李",
            "phone": "13912345678",
        },
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    [answer] = posted.json()
    event = Event.objects.get(pk=answer["service_request_id"])
    assert event.state == Event.State.REPORTED and event.source == Event.Source.OPEN311
    assert event.region == regions.grid_a and event.reporter is None
    assert event.citizen_phone == "13912345678"  # kept for the office, never published
    assert LedgerEntry.objects.filter(object_id=str(event.pk), source="open311").exists()
    assert event.open311_client.name == "12345热线平台"

    found = city.get_service_requests(service_code="0401")
    assert [r["service_request_id"] for r in found] == [str(event.pk)]
    one = city.get_service_request(str(event.pk))
    assert one["status"] == "open" and one["description"] == ""  # not reviewed yet
    assert "13912345678" not in str(one) and "李家湾" not in str(one)
    assert (one["lat"], one["long"]) == ("27.810", "112.930")
    assert city.get_service_requests(status="closed") == []

    xml = georeport.GeoReport(root, jurisdiction=TOWN, output_format="xml")
    assert xml.get_service_request(str(event.pk))["service_request_id"] == str(event.pk)


def test_the_office_reviews_what_open311_shows(client, make_event, public_category, users, grids):
    from fazhi.conftest import PASSWORD

    event = make_event(category=public_category, description="村口路灯损坏")
    assert get(client, f"requests/{event.pk}.json").json()[0]["description"] == ""
    client.login(username=users.grid_a.username, password=PASSWORD)
    assert client.get(f"/grid/events/{event.pk}/publish/").status_code == 403  # a grid worker does not
    client.login(username=users.governance.username, password=PASSWORD)
    page = client.get(f"/grid/events/{event.pk}/").content.decode()
    entries = LedgerEntry.objects.filter(object_id=str(event.pk)).count()
    assert "事件描述未经审核，不对外公开" in page and f"/grid/events/{event.pk}/publish/" in page
    response = client.post(
        f"/grid/events/{event.pk}/publish/", {"description_public": "on", "public_note": "已安排维修"}
    )
    assert response.status_code == 302
    client.logout()
    row = get(client, f"requests/{event.pk}.json").json()[0]
    assert (row["description"], row["status_notes"]) == ("村口路灯损坏", "已安排维修")
    assert LedgerEntry.objects.filter(object_id=str(event.pk)).count() > entries  # the review is ledgered


def test_a_non_public_category_cannot_be_published(client, make_event, users):
    from fazhi.conftest import PASSWORD

    event = make_event()  # 矛盾纠纷
    client.login(username=users.governance.username, password=PASSWORD)
    assert "公开审核" not in client.get(f"/grid/events/{event.pk}/").content.decode()
    response = client.post(f"/grid/events/{event.pk}/publish/", {"description_public": "on"})
    assert response.status_code == 400 and "不对外公开" in response.content.decode()
    event.refresh_from_db()
    assert event.public_reviewed_at is None


def test_the_command_issues_lists_and_revokes_a_client_key(client, regions, grids, public_category):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("open311_client", "add", "县12345平台", TOWN, stdout=out)
    key = out.getvalue().split("api_key: ")[1].split()[0]
    body = {
        "api_key": key,
        "service_code": "0401",
        "lat": "27.8101",
        "long": "112.9301",
        "description": "路灯不亮",
    }
    assert client.post("/open311/v2/requests.json", body).status_code == 201
    out = io.StringIO()
    call_command("open311_client", "list", stdout=out)
    assert "县12345平台" in out.getvalue() and key not in out.getvalue()
    call_command("open311_client", "revoke", key[:8], stdout=io.StringIO())
    assert client.post("/open311/v2/requests.json", body).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "9999-12-31T00:00:00Z"},
        {"end_date": "0001-01-01"},
        {"start_date": "2026-13-45"},
        {"service_request_id": "99999999999999999999"},
        {"status": "pending"},
    ],
)
def test_odd_queries_answer_an_error_array_or_nothing_never_500(client, published, params):
    response = get(client, "requests.json", **params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()[0]["code"] == 400


def test_staff_cannot_claim_the_open311_source(client, users, regions, category):
    from rest_framework.test import APIClient

    from fazhi.conftest import PASSWORD

    api = APIClient()
    api.force_authenticate(users.grid_a)
    body = {
        "region": regions.grid_a.pk,
        "category": category.pk,
        "description": "路灯损坏",
        "source": "open311",
    }
    answer = api.post("/api/v1/grid/events/", body, format="json")
    assert answer.status_code == 400 and "source" in answer.json()
    client.login(username=users.grid_a.username, password=PASSWORD)
    assert 'value="open311"' not in client.get("/grid/events/report/").content.decode()
    assert not Event.objects.exists()
