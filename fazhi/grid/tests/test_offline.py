"""Offline capture, the server's side: the phone's outbox posts a draft with its idempotency key
and time of capture; a retry returns the first event and saves nothing more (page and API); the
service worker is served under /grid/ so that its scope covers the report page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Attachment, Deadline
from fazhi.grid.models import Event
from fazhi.grid.tests.test_pages import PNG, report_data

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def draft(regions, category, key="3f1c2a9e-draft-1", captured_at=None, **extra):
    captured_at = captured_at or timezone.now() - dt.timedelta(hours=2)
    return {
        **report_data(regions, category),
        "client_key": key,
        "captured_at": captured_at.isoformat(),
        "photo": SimpleUploadedFile("lane.png", PNG, content_type="image/png"),
        **extra,
    }


def test_a_draft_sent_twice_makes_one_event_with_one_photo(login, users, regions, category):
    # given: a draft captured two hours ago in a lane with no signal
    client = login(users.grid_a)
    captured = timezone.now() - dt.timedelta(hours=2)
    # when: the outbox sends it, and sends it again (the first answer was lost)
    first = client.post(reverse("grid:event_report"), draft(regions, category, captured_at=captured), **JSON)
    again = client.post(reverse("grid:event_report"), draft(regions, category, captured_at=captured), **JSON)
    # then: one event, one photo, one 受理 clock; the retry answers with the first event
    event = Event.objects.get()
    assert first.status_code == 201 and first.json() == {
        "id": event.pk,
        "url": reverse("grid:event_detail", args=[event.pk]),
        "created": True,
    }
    assert again.status_code == 200 and again.json()["id"] == event.pk and again.json()["created"] is False
    assert Attachment.objects.filter(owner_id=str(event.pk)).count() == 1
    assert Deadline.objects.filter(object_id=str(event.pk)).count() == 1
    # the time of capture is the phone's; the report (and its 受理 clock) is the upload's
    assert abs(event.captured_at - captured) < dt.timedelta(seconds=1)
    assert event.reported_at > event.captured_at + dt.timedelta(hours=1)
    page = client.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert "现场采集" in page and timezone.localtime(captured).strftime("%Y-%m-%d %H:%M") in page


def test_a_plain_form_retry_goes_to_the_first_event(login, users, regions, category):
    client = login(users.grid_a)
    client.post(reverse("grid:event_report"), draft(regions, category))
    answer = client.post(reverse("grid:event_report"), draft(regions, category), follow=True)
    assert Event.objects.count() == 1
    assert answer.redirect_chain[-1][0] == reverse("grid:event_detail", args=[Event.objects.get().pk])
    assert "此前已上报" in answer.content.decode()


def test_the_key_is_the_reporters_own(login, users, regions, category):
    # another reporter's draft with the same key is another event (keys are per reporter)
    login(users.grid_a).post(reverse("grid:event_report"), draft(regions, category), **JSON)
    answer = login(users.governance).post(reverse("grid:event_report"), draft(regions, category), **JSON)
    assert answer.status_code == 201 and Event.objects.count() == 2


def test_a_draft_the_server_refuses_answers_its_errors_in_json(login, users, regions, category):
    answer = login(users.grid_a).post(
        reverse("grid:event_report"), draft(regions, category, description=""), **JSON
    )
    assert answer.status_code == 400 and "description" in answer.json()["errors"]
    assert not Event.objects.exists()


def test_a_capture_time_after_the_upload_is_refused(login, users, regions, category):
    later = timezone.now() + dt.timedelta(days=1)
    answer = login(users.grid_a).post(
        reverse("grid:event_report"), draft(regions, category, captured_at=later), **JSON
    )
    assert answer.status_code == 400 and "手机时间" in str(answer.json()["errors"])
    assert not Event.objects.exists()


def test_the_api_returns_the_first_event_on_a_retry(users, regions, category):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users.grid_a)
    body = {
        "region": regions.grid_a.pk,
        "category": category.pk,
        "description": "路灯损坏",
        "client_key": "api-draft-7",
        "captured_at": (timezone.now() - dt.timedelta(minutes=30)).isoformat(),
    }
    first = api.post("/api/v1/grid/events/", body, format="json")
    again = api.post("/api/v1/grid/events/", body, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.data["id"] == again.data["id"] and Event.objects.count() == 1
    assert "client_key" not in first.data and first.data["captured_at"]


def test_the_service_worker_is_served_for_the_grid_scope(client):
    answer = client.get(reverse("grid:service_worker"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/javascript")
    assert answer["Service-Worker-Allowed"] == "/grid/"
    assert b'addEventListener("fetch"' in answer.content


def test_the_list_and_the_form_carry_the_outbox(login, users):
    client = login(users.grid_a)
    for name in ("grid:event_list", "grid:event_report"):
        page = client.get(reverse(name)).content.decode()
        assert 'id="grid-outbox"' in page and "grid/outbox.js" in page and "待上传 (%n)" in page
    # a reader who may not report has no outbox
    assert 'id="grid-outbox"' not in login(users.leader).get(reverse("grid:event_list")).content.decode()
