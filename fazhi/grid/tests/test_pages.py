"""The grid pages as their users meet them: a grid worker reports from the phone form with a
photo, the governance office works the queue and takes the steps on the event page, the village
cadre handles what went to the village, and the grid worker's home shows "my grid"."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import Attachment, Deadline
from fazhi.grid.models import Event, PatrolLog
from fazhi.grid.tests.conftest import state

pytestmark = pytest.mark.django_db

# the smallest valid PNG
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)


def report_data(regions, category, **extra):
    return {
        "region": regions.grid_a.pk,
        "category": category.pk,
        "description": "两户因排水沟堵塞发生争吵",
        "source": "patrol",
        "urgency": "normal",
        "address": "歇马村3组",
        "latitude": "27.812345",
        "longitude": "112.934567",
        **extra,
    }


def test_a_grid_worker_reports_with_two_photos_and_location(login, users, regions, category):
    # given: the grid worker on the report form, their grid preselected
    client = login(users.grid_a)
    page = client.get(reverse("grid:event_report"))
    assert page.status_code == 200 and "grid/report.js" in page.content.decode()
    assert page.context["form"].fields["region"].initial == regions.grid_a.pk
    # when: they send the category, a sentence, the phone's position and two photos
    photos = [
        SimpleUploadedFile("ditch.png", PNG, content_type="image/png"),
        SimpleUploadedFile("ditch-2.png", PNG, content_type="image/png"),
    ]
    answer = client.post(reverse("grid:event_report"), {**report_data(regions, category), "photo": photos})
    # then: the event is reported in their grid, with the photos, the place and a 受理 clock
    event = Event.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("grid:event_detail", args=[event.pk])
    assert event.reporter == users.grid_a and str(event.latitude) == "27.812345"
    assert Attachment.objects.filter(owner_id=str(event.pk)).count() == 2
    assert Deadline.objects.get(object_id=str(event.pk)).code == "grid.accept"
    shown = client.get(answer["Location"]).content.decode()
    assert "ditch.png" in shown and "网格事件受理" in shown


def test_a_refused_photo_saves_nothing(login, users, regions, category):
    client = login(users.grid_a)
    fake = SimpleUploadedFile("ditch.png", b"not a picture at all", content_type="image/png")
    answer = client.post(reverse("grid:event_report"), {**report_data(regions, category), "photo": fake})
    assert answer.status_code == 400
    assert not Event.objects.exists() and not Attachment.objects.exists()


def test_a_grid_worker_may_not_report_into_another_grid(login, users, regions, category):
    client = login(users.grid_a)
    answer = client.post(
        reverse("grid:event_report"), report_data(regions, category, region=regions.grid_b.pk)
    )
    assert answer.status_code == 400 and "region" in answer.context["form"].errors
    assert not Event.objects.exists()


def test_a_report_without_a_description_names_the_field(login, users, regions, category):
    client = login(users.grid_a)
    answer = client.post(reverse("grid:event_report"), report_data(regions, category, description=""))
    assert answer.status_code == 400 and "description" in answer.context["form"].errors


def test_the_office_dispatches_and_the_village_resolves_through_the_pages(login, users, make_event):
    # given: a reported event
    event = make_event()
    office = login(users.governance)
    # when: the office accepts and dispatches it to the village from the event page
    page = office.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert "受理" in page and "不予受理" in page
    assert office.post(reverse("grid:event_step", args=[event.pk, "accept"])).status_code == 302
    answer = office.post(
        reverse("grid:event_step", args=[event.pk, "dispatch"]), {"dispatch-target": "village"}
    )
    assert answer.status_code == 302 and state(event) == Event.State.DISPATCHED
    # and the village cadre resolves it without a kind, then with one
    cadre = login(users.cadre)
    cadre.post(reverse("grid:event_step", args=[event.pk, "start_handling"]))
    refused = cadre.post(
        reverse("grid:event_step", args=[event.pk, "resolve"]), {"resolve-resolution": "已疏通"}
    )
    assert refused.status_code == 409 and "办结类型" in refused.content.decode()
    done = cadre.post(
        reverse("grid:event_step", args=[event.pk, "resolve"]),
        {"resolve-resolution_kind": "substantive", "resolve-resolution": "已疏通水沟"},
    )
    # then: resolved, with its 核查 clock shown on the page
    assert done.status_code == 302 and state(event) == Event.State.RESOLVED
    assert (
        "网格事件核查"
        in login(users.governance).get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    )


def test_a_rejection_without_a_reason_is_refused_on_the_page(login, users, make_event):
    event = make_event()
    answer = login(users.governance).post(reverse("grid:event_step", args=[event.pk, "reject"]), {})
    assert answer.status_code == 409 and "须选择理由" in answer.content.decode()
    assert state(event) == Event.State.REPORTED


def test_the_list_filters_by_state_and_grid_and_hides_other_grids(login, users, regions, make_event):
    mine = make_event(description="水沟堵塞")
    other = make_event(region=regions.grid_b, reporter=users.grid_b, description="路灯损坏")
    # the grid worker of grid A sees only their grid
    page = login(users.grid_a).get(reverse("grid:event_list")).content.decode()
    assert "水沟堵塞" in page and "路灯损坏" not in page
    # the office sees both, and narrows to a grid
    office = login(users.governance)
    assert "路灯损坏" in office.get(reverse("grid:event_list")).content.decode()
    narrowed = office.get(reverse("grid:event_list"), {"grid": regions.grid_b.pk, "state": "reported"})
    assert list(narrowed.context["object_list"]) == [other]
    assert mine not in narrowed.context["object_list"]


def test_the_overdue_filter_finds_an_event_past_its_accept_clock(login, users, make_event):
    import datetime as dt

    from django.utils import timezone

    late = make_event(description="逾期未受理", reported_at=timezone.now() - dt.timedelta(days=10))
    make_event(description="刚上报")
    answer = login(users.governance).get(reverse("grid:event_list"), {"overdue": "1"})
    assert list(answer.context["object_list"]) == [late]


def test_the_export_masks_the_citizen_for_a_reader_without_pii(login, users, make_event):
    from openpyxl import load_workbook

    make_event(citizen_name="张三丰", citizen_phone="13812345678", source="visit")
    book = login(users.grid_a).get(reverse("grid:event_export"))
    assert book.status_code == 200
    cells = [c.value for row in load_workbook(io.BytesIO(book.content)).active.iter_rows() for c in row]
    assert "13812345678" not in cells and "张三丰" not in cells


def test_the_grid_workers_home_shows_my_grid(login, users, make_event, walk):
    # given: an event of grid A checked and waiting for the follow-up visit
    walk(
        make_event(description="排水沟纠纷"), "accept", "dispatch", "start_handling", "resolve", "check_pass"
    )
    # when: the grid worker opens the home page
    page = login(users.grid_a).get("/").content.decode()
    # then: "my grid" lists it, and this month's reports count it
    assert "我的网格" in page and "排水沟纠纷" in page
    assert "本月我上报的事件" in page


def test_a_patrol_is_logged_for_the_workers_grid(login, users, regions):
    client = login(users.grid_a)
    answer = client.post(
        reverse("grid:patrol_create"),
        {
            "region": regions.grid_a.pk,
            "day": "2021-09-03",
            "households_visited": "12",
            "notes": "走访独居老人",
        },
    )
    assert answer.status_code == 302
    patrol = PatrolLog.objects.get()
    assert patrol.worker == users.grid_a and patrol.households_visited == 12
    assert "走访独居老人" in client.get(reverse("grid:patrol_list")).content.decode()
    # and not into another grid
    refused = client.post(reverse("grid:patrol_create"), {"region": regions.grid_b.pk, "day": "2021-09-03"})
    assert refused.status_code == 400 and PatrolLog.objects.count() == 1
