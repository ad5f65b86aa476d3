"""The grid API as a phone app or another system uses it: scoped like the pages (a grid
worker's token sees only their grid), reporting through the same door as the form, the loop's
steps with their refusals, photos, categories and patrols."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from fazhi.core.models import ApiToken, Attachment
from fazhi.grid.models import Event, PatrolLog

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/grid/events/"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture
def api():
    def _api(user, token=False):
        client = APIClient()
        if token:
            client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user, '测试手机', 30)[1]}")
        else:
            client.force_authenticate(user)
        return client

    return _api


def payload(regions, category, **extra):
    return {"region": regions.grid_a.pk, "category": category.pk, "description": "路灯损坏", **extra}


def test_a_grid_workers_token_sees_only_their_grid(api, users, regions, make_event):
    # given: an event in each of two grids
    mine = make_event(description="水沟堵塞")
    make_event(region=regions.grid_b, reporter=users.grid_b, description="路灯损坏")
    # when: grid A's worker lists the events with a token
    answer = api(users.grid_a, token=True).get(EVENTS)
    # then: only grid A's, with its open 受理 clock
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["open_deadlines"][0]["rule"].startswith("网格事件受理时限")


def test_reporting_through_the_api_starts_the_accept_clock(api, users, regions, category):
    answer = api(users.grid_a).post(
        EVENTS, payload(regions, category, latitude="27.8", longitude="112.9"), format="json"
    )
    assert answer.status_code == 201, answer.json()
    event = Event.objects.get()
    assert event.reporter == users.grid_a and event.state == Event.State.REPORTED
    assert answer.json()["open_deadlines"][0]["level"] == "ok"


def test_reporting_into_another_grid_is_refused_on_the_grid(api, users, regions, category):
    answer = api(users.grid_a).post(
        EVENTS, payload(regions, category, region=regions.grid_b.pk), format="json"
    )
    assert answer.status_code == 400 and "region" in answer.json()
    assert not Event.objects.exists()


def test_the_state_is_not_written_by_the_report(api, users, regions, category):
    answer = api(users.grid_a).post(EVENTS, payload(regions, category, state="archived"), format="json")
    assert answer.status_code == 201 and Event.objects.get().state == Event.State.REPORTED


def test_steps_are_offered_and_fired_with_their_refusals(api, users, make_event):
    event = make_event()
    office = api(users.governance)
    # the offered steps: 受理, 不予受理, 注销, 标记重复, and the side steps of any open state
    offered = office.get(f"{EVENTS}{event.pk}/steps/").json()
    assert {o["name"] for o in offered} == {
        "accept",
        "reject",
        "cancel",
        "mark_duplicate",
        "leapfrog",
        "copy_to",
        "instruct",
        "mark_legacy",
    }
    side = {o["name"]: o for o in offered if o["name"] in ("instruct", "copy_to")}
    assert not side["instruct"]["allowed"] and side["copy_to"]["allowed"]  # 批示 is the leader's
    # a rejection without its reason: 409 on the field, with the rule
    refused = office.post(f"{EVENTS}{event.pk}/steps/reject/", {}, format="json")
    assert refused.status_code == 409
    assert "dismiss_reason" in refused.json()["data"] and refused.json()["article"]
    # the grid worker may not accept: 403
    assert api(users.grid_a).post(f"{EVENTS}{event.pk}/steps/accept/", {}, format="json").status_code == 403
    # the office accepts
    done = office.post(f"{EVENTS}{event.pk}/steps/accept/", {}, format="json")
    assert done.status_code == 200 and done.json()["record"]["state"] == "accepted"


def test_a_photo_is_uploaded_to_an_event(api, users, make_event):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = make_event()
    answer = api(users.grid_a).post(
        f"{EVENTS}{event.pk}/attachments/",
        {"file": SimpleUploadedFile("现场.jpg", JPEG, "image/jpeg")},
        format="multipart",
    )
    assert answer.status_code == 201 and Attachment.objects.filter(owner_id=str(event.pk)).count() == 1
    assert (
        api(users.grid_b)
        .post(
            f"{EVENTS}{event.pk}/attachments/",
            {"file": SimpleUploadedFile("现场.jpg", JPEG, "image/jpeg")},
            format="multipart",
        )
        .status_code
        == 404
    )


def test_events_are_not_edited_or_deleted_over_the_api(api, users, make_event):
    event = make_event()
    client = api(users.governance)
    assert client.patch(f"{EVENTS}{event.pk}/", {"description": "改"}, format="json").status_code == 405
    assert client.delete(f"{EVENTS}{event.pk}/").status_code == 405


def test_categories_in_two_levels(api, users, category):
    rows = api(users.grid_a).get("/api/v1/grid/categories/").json()
    groups = {row["name"]: row for row in rows if row["parent"] is None}
    assert {"矛盾纠纷", "治安隐患", "医保收缴", "其他"} <= set(groups)
    assert not groups["禁毒"]["is_public"] and groups["环境卫生"]["is_public"]
    assert api(users.reviewer).get("/api/v1/grid/categories/").status_code == 403


def test_a_patrol_is_logged_over_the_api(api, users, regions):
    answer = api(users.grid_a).post(
        "/api/v1/grid/patrols/",
        {"region": regions.grid_a.pk, "day": "2021-09-03", "households_visited": 9},
        format="json",
    )
    assert answer.status_code == 201 and PatrolLog.objects.get().worker == users.grid_a


def test_an_events_side_steps_are_fired_and_read_over_the_api(api, users, make_event):
    event = make_event()
    leader = api(users.leader)
    refused = leader.post(f"{EVENTS}{event.pk}/steps/instruct/", {}, format="json")
    assert refused.status_code == 409 and "instruction" in refused.json()["data"]
    done = leader.post(f"{EVENTS}{event.pk}/steps/instruct/", {"instruction": "请尽快核实"}, format="json")
    assert done.status_code == 200 and done.json()["record"]["state"] == "reported"
    read = api(users.governance).get(f"{EVENTS}{event.pk}/").json()
    assert (read["instruction"], read["is_legacy"], read["suspended_at"]) == ("请尽快核实", False, None)
