"""延期: the handling unit asks for more working days on the 办理 clock while it handles the event;
the governance office approves (the clock moves, through core's deadline extension, ledgered) or
refuses with its note; one extension of at most 10 working days (grid rules' defaults)."""

from __future__ import annotations

import pytest

from fazhi.conftest import PASSWORD
from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.grid.workflow import EVENT, HANDLE

pytestmark = pytest.mark.django_db


def handle_clock(event) -> Deadline:
    return Deadline.objects.get(object_id=str(event.pk), code=HANDLE.code, status=Deadline.Status.OPEN)


def refusal(event, name, user, data=None) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as caught:
        EVENT.fire(event, name, user, data or {})
    return caught.value


def test_an_approved_extension_moves_the_handling_deadline(make_event, walk, users):
    event = walk(make_event(), "accept", "dispatch", "start_handling")
    due = handle_clock(event).due_on
    EVENT.fire(event, "request_extension", users.cadre, {"days": 3, "reason": "需协调水利站施工"})
    event.refresh_from_db()
    assert (event.extension_status, event.extension_days) == ("requested", 3)
    assert handle_clock(event).due_on == due  # not before approval
    assert refusal(event, "approve_extension", users.cadre).code == "forbidden"  # the office approves
    EVENT.fire(event, "approve_extension", users.governance, {"note": "同意"})
    event.refresh_from_db()
    assert event.extension_status == "approved"
    assert handle_clock(event).due_on > due
    # one extension only (the rule's maximum)
    EVENT.fire(event, "request_extension", users.cadre, {"days": 2, "reason": "再延"})
    refused = refusal(event, "approve_extension", users.governance)
    assert "延长" in refused.reason or "次" in refused.reason


def test_the_request_and_the_refusal_need_their_fields(make_event, walk, users):
    event = walk(make_event(), "accept", "dispatch", "start_handling")
    assert refusal(event, "request_extension", users.cadre, {"reason": "x"}).field == "days"
    assert refusal(event, "request_extension", users.cadre, {"days": 11, "reason": "x"}).field == "days"
    assert refusal(event, "request_extension", users.cadre, {"days": 2}).field == "reason"
    assert refusal(event, "approve_extension", users.governance).code == "no_extension_request"
    EVENT.fire(event, "request_extension", users.cadre, {"days": 2, "reason": "雨天无法施工"})
    assert (
        refusal(event, "request_extension", users.cadre, {"days": 2, "reason": "x"}).code
        == "extension_pending"
    )
    assert refusal(event, "refuse_extension", users.governance).field == "note"
    due = handle_clock(event).due_on
    EVENT.fire(event, "refuse_extension", users.governance, {"note": "可先行处置"})
    event.refresh_from_db()
    assert (event.extension_status, event.extension_note) == ("refused", "可先行处置")
    assert handle_clock(event).due_on == due


def test_the_step_pages_offer_the_request_to_the_unit(client, make_event, walk, users):
    event = walk(make_event(), "accept", "dispatch", "start_handling")
    client.login(username=users.cadre.username, password=PASSWORD)
    page = client.get(f"/grid/events/{event.pk}/").content.decode()
    assert f"/grid/events/{event.pk}/steps/request_extension/" in page
    response = client.post(f"/grid/events/{event.pk}/steps/request_extension/", {"days": "", "reason": ""})
    assert response.status_code == 409 and "工作日数" in response.content.decode()
