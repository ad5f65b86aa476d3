"""The closed loop of a grid event through its one door (`EVENT.fire`): each step by its role,
each guard with its reason on its field, and what each step records."""

from __future__ import annotations

import pytest

from fazhi.core.models import Deadline
from fazhi.core.workflow import StateAssigned, TransitionRefused
from fazhi.grid.models import Event
from fazhi.grid.tests.conftest import TO_ARCHIVE, state
from fazhi.grid.workflow import EVENT

pytestmark = pytest.mark.django_db


def refusal(event, name, user, data=None) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as caught:
        EVENT.fire(event, name, user, data or {})
    return caught.value


def test_it_takes_an_event_from_report_to_archive(make_event, walk):
    # given: a grid worker's report
    event = make_event()
    assert event.state == Event.State.REPORTED
    # when: the town and the village take it through every step
    walk(event, *TO_ARCHIVE)
    # then: archived, solved, rated, with each clock met
    assert event.state == Event.State.ARCHIVED
    assert event.solved and event.satisfaction == "satisfied"
    assert event.dispatched_to.name == "歇马村"
    met = dict(Deadline.objects.filter(object_id=str(event.pk)).values_list("code", "status"))
    assert met == {"grid.accept": "met", "grid.handle": "met", "grid.check": "met"}


def test_a_rejection_needs_its_reason_on_its_field(make_event, users):
    # given: a reported event
    event = make_event()
    # when: the office rejects it without a reason
    refused = refusal(event, "reject", users.governance)
    # then: refused on the reason, citing the rule, and nothing changed
    assert refused.field == "dismiss_reason" and "理由" in refused.reason
    assert "注销" in refused.article
    assert state(event) == Event.State.REPORTED
    # and with a reason it is rejected and its 受理 clock met
    EVENT.fire(event, "cancel", users.governance, {"dismiss_reason": "duplicate"})
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED and event.get_dismiss_reason_display() == "重复上报"
    assert Deadline.objects.get(object_id=str(event.pk), code="grid.accept").status == "met"


def test_a_rejected_event_is_closed(make_event, users):
    # given: an event not accepted as a grid matter
    event = make_event()
    EVENT.fire(event, "reject", users.governance, {"dismiss_reason": "not_grid"})
    # when / then: nothing may be done with it any more
    assert refusal(event, "accept", users.governance).code in {"state", "frozen"}


def test_only_the_governance_office_accepts(make_event, users):
    # given: a reported event
    event = make_event()
    # when / then: the grid worker and the village cadre may not accept it
    for user in (users.grid_a, users.cadre):
        assert refusal(event, "accept", user).code == "forbidden"
    assert state(event) == Event.State.REPORTED


def test_a_dispatch_needs_its_target(make_event, walk, users):
    event = walk(make_event(), "accept")
    refused = refusal(event, "dispatch", users.governance, {"target": ""})
    assert refused.field == "target"
    EVENT.fire(event, "dispatch", users.governance, {"target": "派出所"})
    event.refresh_from_db()
    assert event.dispatched_office == "派出所" and event.dispatched_to is None


def test_the_village_cadre_handles_only_what_went_to_the_village(make_event, walk, users):
    # given: an event of 歇马村 dispatched to the police station (a town office)
    event = walk(make_event(), "accept")
    EVENT.fire(event, "dispatch", users.governance, {"target": "派出所"})
    # when: 歇马村's cadre tries to handle it
    refused = refusal(event, "start_handling", users.cadre)
    # then: refused, naming the unit it went to
    assert refused.code == "not_disposer" and "派出所" in refused.reason
    # and the governance office (acting for the town offices) may
    EVENT.fire(event, "start_handling", users.governance, {})
    assert state(event) == Event.State.HANDLING


def test_a_cadre_of_another_village_may_not_handle(make_event, walk, users, regions):
    # given: an event of 古塘村 dispatched to 古塘村
    event = walk(make_event(region=regions.grid_c, reporter=users.governance), "accept", "dispatch")
    # when / then: 歇马村's cadre holds no role over it
    assert refusal(event, "start_handling", users.cadre).code == "forbidden"


def test_a_resolution_needs_its_kind(make_event, walk, users):
    event = walk(make_event(), "accept", "dispatch", "start_handling")
    refused = refusal(event, "resolve", users.cadre, {"resolution": "已处理"})
    assert refused.field == "resolution_kind" and "实质性" in refused.reason
    assert state(event) == Event.State.HANDLING


def test_a_procedural_closing_does_not_count_as_solved(make_event, walk):
    event = walk(
        make_event(),
        "accept",
        "dispatch",
        "start_handling",
        "resolve",
        resolve={"resolution_kind": "procedural"},
    )
    assert event.state == Event.State.RESOLVED and not event.solved


def test_a_failed_check_sends_it_back_and_counts_a_rework(make_event, walk, users):
    # given: a resolved event
    event = walk(make_event(), "accept", "dispatch", "start_handling", "resolve")
    # when: the check fails without a note, then with one
    assert refusal(event, "check_fail", users.governance).field == "check_note"
    event = walk(event, "check_fail")
    # then: back to 处置, one rework, a new 办理 clock open and the 核查 clock met
    assert event.state == Event.State.HANDLING and event.rework_count == 1
    rows = Deadline.objects.filter(object_id=str(event.pk))
    assert rows.filter(code="grid.handle", status="open").count() == 1
    assert rows.get(code="grid.check").status == "met"
    # and it may be resolved and checked again
    event = walk(event, "resolve", "check_pass")
    assert event.state == Event.State.CHECKED and event.rework_count == 1


def test_a_follow_up_needs_a_rating_and_the_grid_worker_may_record_it(make_event, walk, users):
    event = walk(make_event(), "accept", "dispatch", "start_handling", "resolve", "check_pass")
    assert refusal(event, "follow_up", users.grid_a).field == "satisfaction"
    # another grid's worker may not
    assert refusal(event, "follow_up", users.grid_b, {"satisfaction": "fairly"}).code == "forbidden"
    EVENT.fire(
        event, "follow_up", users.grid_a, {"satisfaction": "fairly", "satisfaction_comment": "基本解决"}
    )
    assert state(event) == Event.State.FOLLOWED_UP


def test_nothing_but_a_step_assigns_the_state(make_event):
    event = make_event()
    event.state = Event.State.ARCHIVED
    with pytest.raises(StateAssigned):
        event.save()


def test_a_grid_worker_reports_only_in_their_grid(make_event, users, regions):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_event(region=regions.grid_b, reporter=users.grid_a)
    assert not Event.objects.exists()


def test_the_village_returns_a_misrouted_event_and_the_dispatcher_stays_on_record(users, make_event, walk):
    event = walk(make_event(), "accept", "dispatch")
    # a return without its reason is refused, naming the field
    refused = refusal(event, "return", users.cadre)
    assert refused.code == "reason_required" and refused.field == "return_reason"
    # when: 歇马村's cadre returns it (not a village matter)
    EVENT.fire(event, "return", users.cadre, {"return_reason": "属派出所职责，非村级事项"})
    event.refresh_from_db()
    # then: back at 已受理 for a new dispatch, the dispatcher and the returning unit on record
    assert event.state == Event.State.ACCEPTED and event.dispatched_by == users.governance
    assert event.returned_from == "歇马村" and event.return_count == 1 and event.dispatched_to is None
    handle = Deadline.objects.get(object_id=str(event.pk), code="grid.handle")
    assert handle.status == Deadline.Status.CANCELLED
    # and the office dispatches it again, to the police station
    walk(event, "dispatch", dispatch={"target": "派出所"})
    assert event.dispatched_office == "派出所" and event.returned_from == "歇马村"
