"""缓办 and 历史遗留.

缓办: the handling unit asks to pause the 办理 clock of an event it handles (with the reason); the
governance office approves (core's pause of the clock, ledgered, the approver recorded) or refuses
with its note; 恢复办理 starts the clock again. While paused the event cannot be closed and is out
of the bases of 结案率 and 按期结案率 (金华 scheme: 结案数 ÷ (应结案数 − 缓办数)).

历史遗留: the governance office flags an open event as left over from the past, with the reason;
the list filters on it; the change is in the ledger.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.figures import Period, evaluate
from fazhi.core.models import Deadline, LedgerEntry
from fazhi.core.workflow import TransitionRefused
from fazhi.grid import metrics as m
from fazhi.grid.workflow import EVENT, HANDLE

pytestmark = pytest.mark.django_db

TO_HANDLING = ("accept", "dispatch", "start_handling")
TO_CHECK = ("accept", "dispatch", "start_handling", "resolve", "check_pass")


def handle_clock(event) -> Deadline:
    return Deadline.objects.get(object_id=str(event.pk), code=HANDLE.code, status=Deadline.Status.OPEN)


def refusal(event, name, user, data=None) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as caught:
        EVENT.fire(event, name, user, data or {})
    return caught.value


def suspend(event, users):
    EVENT.fire(event, "request_suspension", users.cadre, {"reason": "涉及土地确权，待县里政策出台"})
    EVENT.fire(event, "approve_suspension", users.governance, {"note": "同意缓办"})
    event.refresh_from_db()
    return event


def test_an_approved_suspension_pauses_the_handling_clock_until_it_resumes(make_event, walk, users):
    event = walk(make_event(), *TO_HANDLING)
    EVENT.fire(event, "request_suspension", users.cadre, {"reason": "涉及土地确权，待县里政策出台"})
    assert handle_clock(event).paused_since is None  # not before the approval
    assert refusal(event, "approve_suspension", users.cadre).code == "forbidden"  # the office approves
    EVENT.fire(event, "approve_suspension", users.governance, {"note": "同意缓办"})
    event.refresh_from_db()
    clock = handle_clock(event)
    assert clock.paused_since is not None and event.suspended
    assert (event.suspension_status, event.suspended_by) == ("approved", users.governance)
    pause = clock.pauses.get()
    assert (pause.rule_label, pause.reason) == ("缓办", "涉及土地确权，待县里政策出台")
    # while paused it cannot be closed, citing the rule
    refused = refusal(event, "resolve", users.cadre, {"resolution_kind": "substantive"})
    assert refused.code == "suspended" and "缓办" in refused.article
    # 恢复办理: the clock runs again
    EVENT.fire(event, "resume", users.cadre, {"note": "政策已明确，继续处置"})
    event.refresh_from_db()
    assert not event.suspended and event.resumed_at and event.suspension_status == "resumed"
    assert handle_clock(event).paused_since is None and handle_clock(event).pauses.get().ends_at
    EVENT.fire(event, "resolve", users.cadre, {"resolution_kind": "substantive"})
    assert {"transition:approve_suspension", "transition:resume", "deadline:pause"} <= set(
        LedgerEntry.objects.filter(object_id__in=[str(event.pk), str(clock.pk)]).values_list(
            "action", flat=True
        )
    )


def test_the_request_and_the_refusal_need_their_reason(make_event, walk, users):
    event = walk(make_event(), *TO_HANDLING)
    assert refusal(event, "request_suspension", users.cadre, {"reason": " "}).field == "reason"
    assert refusal(event, "approve_suspension", users.governance).code == "no_suspension_request"
    assert refusal(event, "resume", users.governance).code == "not_suspended"
    EVENT.fire(event, "request_suspension", users.cadre, {"reason": "当事人外出务工"})
    assert (
        refusal(event, "request_suspension", users.cadre, {"reason": "再申请"}).code == "suspension_pending"
    )
    assert refusal(event, "refuse_suspension", users.governance).field == "note"
    EVENT.fire(event, "refuse_suspension", users.governance, {"note": "可电话联系当事人"})
    event.refresh_from_db()
    assert (event.suspension_status, event.suspended) == ("refused", False)
    assert handle_clock(event).paused_since is None


def test_a_suspended_event_is_out_of_the_bases_of_both_rates(make_event, walk, users):
    # given: two events reported in September 2021: one closed, one handled and then suspended
    # with its 办理 clock already past due
    reported = timezone.make_aware(dt.datetime(2021, 9, 3, 10, 0))
    walk(make_event(reported_at=reported, description="A"), *TO_CHECK)
    paused = walk(make_event(reported_at=reported, description="B"), *TO_HANDLING)
    Deadline.objects.filter(object_id=str(paused.pk), code=HANDLE.code).update(due_on=dt.date(2021, 9, 10))
    year = [Period.year(2021)]
    codes = [m.DUE_EVENTS, m.CLOSING_RATE, m.CLOSED_OR_LATE, m.ON_TIME_RATE]
    before = evaluate(codes, users.governance, year)
    assert (before[m.DUE_EVENTS].value, before[m.CLOSING_RATE].display) == (2, "50.0%")
    assert before[m.CLOSED_OR_LATE].value == 2  # the open one past due counts against the rate
    # when
    suspend(paused, users)
    # then: out of both bases while paused
    during = evaluate(codes, users.governance, year)
    assert (during[m.DUE_EVENTS].value, during[m.CLOSING_RATE].display) == (1, "100.0%")
    assert (during[m.CLOSED_OR_LATE].value, during[m.ON_TIME_RATE].display) == (1, "100.0%")
    # and back in once the handling resumes
    EVENT.fire(paused, "resume", users.governance, {})
    assert evaluate([m.DUE_EVENTS], users.governance, year)[m.DUE_EVENTS].value == 2


def test_the_list_filters_suspended_events_and_the_due_list_matches_the_figure(
    make_event, walk, users, login
):
    paused = suspend(walk(make_event(description="缓办的事件"), *TO_HANDLING), users)
    make_event(description="正常的事件")
    client = login(users.governance)
    shown = client.get(reverse("grid:event_list"), {"suspended": "1"})
    assert [e.pk for e in shown.context["object_list"]] == [paused.pk]
    assert "缓办中" in shown.content.decode()
    due = client.get(reverse("grid:event_list"), {"status": "due"})
    assert {e.description for e in due.context["object_list"]} == {"正常的事件"}
    detail = client.get(paused.get_absolute_url()).content.decode()
    assert "办理时限暂停，不计入结案率基数" in detail and "涉及土地确权" in detail


def step_url(event, name):
    return reverse("grid:event_step", args=[event.pk, name])


def test_the_governance_office_flags_a_legacy_matter_with_its_reason(make_event, walk, users, login):
    event = walk(make_event(description="九十年代遗留的山林权属争议"), "accept", "dispatch")
    other = make_event(description="新近的排水沟纠纷")
    client = login(users.governance)
    assert step_url(event, "mark_legacy") in client.get(event.get_absolute_url()).content.decode()
    refused = client.post(step_url(event, "mark_legacy"), {"mark_legacy-reason": ""})
    assert refused.status_code == 409 and "须写明情况" in refused.content.decode()
    assert (
        client.post(
            step_url(event, "mark_legacy"), {"mark_legacy-reason": "1995年山林确权遗留，需县林业局协调"}
        ).status_code
        == 302
    )
    event.refresh_from_db()
    # a side step: the state stays, the flag and who set it are on the record and in the ledger
    assert (event.state, event.is_legacy, event.legacy_marked_by) == ("dispatched", True, users.governance)
    listed = client.get(reverse("grid:event_list"), {"legacy": "1"})
    assert [e.pk for e in listed.context["object_list"]] == [event.pk] != [other.pk]
    assert "1995年山林确权遗留" in client.get(event.get_absolute_url()).content.decode()
    entry = LedgerEntry.objects.get(object_id=str(event.pk), action="transition:mark_legacy")
    assert (entry.data["from"], entry.data["to"]) == ("dispatched", "dispatched")
    assert entry.data["after"]["is_legacy"] is True
    assert refusal(event, "mark_legacy", users.governance, {"reason": "再标"}).code == "already_legacy"
    # a grid worker may not flag one
    assert refusal(other, "mark_legacy", users.grid_a, {"reason": "x"}).code == "forbidden"


def test_a_closed_event_is_not_flagged(make_event, walk, users):
    event = walk(make_event(), *TO_CHECK)
    assert refusal(event, "mark_legacy", users.governance, {"reason": "遗留"}).code == "state"
