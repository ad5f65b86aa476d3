"""The workflow mechanism: guards refuse with a reason and change nothing; a transition's
state change, ledger entry and deadlines commit together or not at all."""

import datetime as dt

import pytest
from django import forms

from fazhi.core.models import Deadline, LedgerEntry
from fazhi.core.workflow import DeadlineSpec, StepForm, Transition, TransitionRefused, Workflow
from fazhi.testing.sample.models import Matter

ACCEPT_DAYS = 15  # e.g. 信访工作条例 第二十二条


def needs_note(matter, user, data):
    if not data.get("note"):
        return "示例条例第一条：受理须填写说明"
    return None


def explode(matter, user, data):
    matter.note = data["note"]
    if data.get("explode"):
        raise RuntimeError("failure in the middle of the step")


class AcceptForm(StepForm):
    note = forms.CharField(required=False, max_length=100)
    explode = forms.BooleanField(required=False)


FLOW = Workflow(
    model=Matter,
    transitions=[
        Transition(
            "accept",
            "受理",
            source=[Matter.State.OPEN],
            target=Matter.State.ACCEPTED,
            roles={"petition_office"},
            input_guards=[needs_note],
            action=explode,
            form=AcceptForm,
            starts=[DeadlineSpec("sample.handle", "办理完毕", "示例条例第二条", 60)],
            meets=["sample.accept"],
        ),
        Transition(
            "finish",
            "办结",
            source=[Matter.State.ACCEPTED],
            target=Matter.State.DONE,
            roles={"petition_office"},
            meets=["sample.handle"],
        ),
    ],
)


@pytest.fixture
def matter(regions):
    from fazhi.core import deadlines

    matter = Matter.objects.create(title="来信一件", region=regions.grid_a)
    deadlines.start(
        matter,
        code="sample.accept",
        label="告知是否受理",
        rule="示例条例第三条",
        days=ACCEPT_DAYS,
        working=False,
        starts_on=dt.date(2021, 3, 1),
    )
    return matter


def _state_of_the_world(matter):
    matter.refresh_from_db()
    return (
        matter.state,
        matter.note,
        LedgerEntry.objects.count(),
        list(Deadline.objects.order_by("id").values_list("code", "status")),
    )


def test_it_fires_a_transition_with_ledger_and_deadlines(matter, users):
    # when
    entry = FLOW.fire(matter, "accept", users.petition, {"note": "转镇司法所"})
    # then: the state moved, the 15-day deadline is met, the 60-day one started, one entry says so
    assert matter.state == Matter.State.ACCEPTED
    assert Deadline.objects.get(code="sample.accept").status == Deadline.Status.MET
    started = Deadline.objects.get(code="sample.handle")
    assert started.status == Deadline.Status.OPEN and started.days == 60
    assert entry.action == "transition:accept"
    assert entry.actor_name == "petition"
    assert entry.data["from"] == "open" and entry.data["to"] == "accepted"
    assert entry.data["after"] == {"state": "accepted", "note": "转镇司法所"}


def test_it_refuses_with_the_guards_reason_and_changes_nothing(matter, users):
    before = _state_of_the_world(matter)
    # when
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(matter, "accept", users.petition, {})
    # then
    assert refused.value.reason == "示例条例第一条：受理须填写说明"
    assert _state_of_the_world(matter) == before


def test_an_exception_mid_transition_leaves_state_ledger_and_deadlines_unchanged(matter, users):
    before = _state_of_the_world(matter)
    # when: the step's action fails after the guards passed
    with pytest.raises(RuntimeError):
        FLOW.fire(matter, "accept", users.petition, {"note": "x", "explode": True})
    # then
    assert _state_of_the_world(matter) == before


def test_it_refuses_a_user_without_the_role_or_outside_the_region(matter, users):
    for user in (users.officer, users.other_officer, users.grid_a):
        with pytest.raises(TransitionRefused) as refused:
            FLOW.fire(matter, "accept", user, {"note": "x"})
        assert "信访办" in refused.value.reason
    matter.refresh_from_db()
    assert matter.state == Matter.State.OPEN


def test_it_refuses_a_step_that_does_not_leave_the_current_state(matter, users):
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(matter, "finish", users.petition)
    assert "登记" in refused.value.reason and "办结" in refused.value.reason


def test_it_offers_each_next_step_with_its_reason(matter, users):
    options = {o.transition.name: o for o in FLOW.options(matter, users.petition)}
    assert set(options) == {"accept"}
    assert options["accept"].allowed  # the input is checked when the step is fired
    officer_options = FLOW.options(matter, users.officer)
    assert not officer_options[0].allowed and "信访办" in officer_options[0].reason


def test_a_met_deadline_records_lateness(matter, users):
    # the 15-day acceptance deadline started 2021-03-01 is long past: meeting it now is late
    FLOW.fire(matter, "accept", users.petition, {"note": "迟到的受理"})
    assert Deadline.objects.get(code="sample.accept").met_late is True


def test_a_side_step_keeps_the_state_and_is_ledgered(matter, users):
    # given: a step with no target, offered at two states (as 抄告 at any open state)
    flow = Workflow(
        model=Matter,
        transitions=[
            *FLOW.transitions,
            Transition(
                "copy",
                "抄告",
                source=[Matter.State.OPEN, Matter.State.ACCEPTED],
                target=None,
                roles={"petition_office"},
                action=lambda m, u, d: setattr(m, "note", "已抄告司法所"),
            ),
        ],
    )
    assert flow.initial == FLOW.initial  # a side step makes no state initial
    # when: it fires at 受理前 and again after 受理
    first = flow.fire(matter, "copy", users.petition, {})
    flow.fire(matter, "accept", users.petition, {"note": "受理"})
    second = flow.fire(matter, "copy", users.petition, {})
    # then: the state is the one it had each time, and each entry says from = to
    matter.refresh_from_db()
    assert matter.state == Matter.State.ACCEPTED and matter.note == "已抄告司法所"
    assert (first.data["from"], first.data["to"]) == ("open", "open")
    assert (second.data["from"], second.data["to"]) == ("accepted", "accepted")


def test_an_input_guard_refuses_blank_text_on_its_field_with_its_article(matter, users):
    from fazhi.core.workflow import needs_input

    flow = Workflow(
        model=Matter,
        transitions=[
            Transition(
                "accept",
                "受理",
                source=[Matter.State.OPEN],
                target=Matter.State.ACCEPTED,
                roles={"petition_office"},
                form=AcceptForm,
                input_guards=[
                    needs_input("note", "受理须写明说明", "note_required", article="示例条例第一条")
                ],
            ),
        ],
    )
    before = _state_of_the_world(matter)
    # when: the note is only spaces
    with pytest.raises(TransitionRefused) as refused:
        flow.fire(matter, "accept", users.petition, {"note": "   "})
    # then: refused on that field, citing the article, and nothing changed
    r = refused.value
    assert (r.reason, r.code, r.field, r.article) == (
        "受理须写明说明",
        "note_required",
        "note",
        "示例条例第一条",
    )
    assert _state_of_the_world(matter) == before
    # and with a note it goes through
    flow.fire(matter, "accept", users.petition, {"note": "转司法所"})
    assert matter.state == Matter.State.ACCEPTED
