"""One door for a step: every door's input is cleaned by the step's form inside `fire`, the
deadlines a step changes are declared on it and listed in its ledger entry, a refusal carries
a code, a field and an article, and nothing but `fire` assigns a state."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core import frozen, ledger
from fazhi.core.models import Deadline, LedgerEntry
from fazhi.core.workflow import StateAssigned, TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import Case, CaseState
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE


def _entry(case, name) -> LedgerEntry:
    return LedgerEntry.objects.filter(object_id=str(case.pk), action=f"transition:{name}").latest("id")


def test_it_cleans_raw_input_and_python_values_alike(make_case, walk, users):
    # given two notified cases
    raw, typed = (walk(make_case(evidence=True), *THROUGH_NOTICE, "record_statement") for _ in range(2))
    # when one is decided with strings (a page, JSON) and the other with Python values (the demo)
    workflow.fire(
        raw,
        "decide",
        users.leader,
        {"decided_on": "2021-09-16", "decided_penalties": ["fine"], "decided_fine": "500"},
    )
    workflow.fire(
        typed,
        "decide",
        users.leader,
        {"decided_on": dt.date(2021, 9, 16), "decided_penalties": ["fine"], "decided_fine": Decimal(500)},
    )
    # then both hold the same decision
    for case in (raw, typed):
        case.refresh_from_db()
        assert case.decided_on == dt.date(2021, 9, 16) and case.decided_fine == Decimal("500.00")


def test_bad_input_is_refused_by_the_form_for_every_field(make_case, walk, users):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    with pytest.raises(TransitionRefused) as refused:
        workflow.fire(case, "decide", users.leader, {"decided_on": "2021-13-45", "decided_fine": "很多"})
    assert refused.value.code == "invalid"
    assert {"decided_on", "decided_fine", "decided_penalties"} <= set(refused.value.errors)
    case.refresh_from_db()
    assert case.state == CaseState.STATEMENT


def test_the_decide_entry_lists_the_deadline_met_and_the_two_started(make_case, walk):
    # when a case is decided
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    # then its entry says the decision period was met, and service and publication started
    changes = _entry(case, "decide").data["deadlines"]
    assert {(c["change"], c["code"]) for c in changes} >= {
        ("meet", "enforcement.decision"),
        ("start", "enforcement.service"),
        ("start", "enforcement.publication"),
    }
    assert [d["code"] for d in _entry(case, "decide").data["deadlines_met"]] == ["enforcement.decision"]
    assert Deadline.objects.get(object_id=str(case.pk), code="enforcement.decision").met_at.date() == dt.date(
        2021, 9, 16
    )


def test_a_step_and_its_entries_share_one_operation(make_case, walk):
    # when a case is filed (the state, the decision deadline and the step's entry)
    case = walk(make_case(), "file")
    entry = _entry(case, "file")
    # then every entry written by the step carries the step's operation id
    assert entry.operation
    together = LedgerEntry.objects.filter(operation=entry.operation)
    assert together.count() >= 2 and {e.object_type for e in together} >= {
        "enforcement.case",
        "core.deadline",
    }
    # and another step is another operation
    walk(case, "investigate")
    assert _entry(case, "investigate").operation != entry.operation
    # and the chain still verifies with the operation hashed
    assert ledger.verify().ok


def test_the_operation_is_covered_by_the_hash(make_case, walk):
    case = walk(make_case(), "file")
    content = ledger.entry_content(_entry(case, "file"))
    assert ledger.entry_hash(content) == _entry(case, "file").hash
    content["operation"] = "forged"
    assert ledger.entry_hash(content) != _entry(case, "file").hash


def test_a_refusal_carries_its_code_field_and_article(make_case, users):
    # given a case with one officer
    case = make_case(officers=[])
    with pytest.raises(TransitionRefused) as refused:
        workflow.fire(case, "file", users.officer, {"filed_on": "2021-09-06"})
    assert refused.value.code == "too_few_officers"
    assert refused.value.field == "officers" and refused.value.article == "行政处罚法第四十二条"


def test_the_step_page_puts_the_refusal_on_its_field(login, users, make_case, walk):
    # given a decided case, served on a day before the decision
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    response = login(users.officer).post(
        reverse("enforcement:case_step", args=[case.pk, "serve"]), {"serve-served_on": "2021-09-01"}
    )
    # then the reason is shown on the served_on field
    assert response.status_code == 409
    assert "served_on" in response.context["form"].errors
    assert "送达日期不能早于决定日期" in response.context["form"].errors["served_on"][0]


def test_a_state_cannot_be_assigned_outside_fire(make_case, walk):
    case = walk(make_case(), "file")
    case.state = CaseState.CLOSED
    with pytest.raises(StateAssigned):
        case.save()
    assert Case.objects.get(pk=case.pk).state == CaseState.FILED
    # nor a case created at a later state, except through the path for history
    with pytest.raises(StateAssigned):
        make_case(state=CaseState.DECIDED)
    with frozen.importing_at_state():
        assert make_case(state=CaseState.DECIDED).state == CaseState.DECIDED


def test_other_fields_of_a_case_still_save(make_case, walk):
    case = walk(make_case(), "file")
    case.facts = "补充的事实"
    case.save()
    assert Case.objects.get(pk=case.pk).facts == "补充的事实"


def test_a_page_cannot_put_file_digests_into_the_steps_entry(login, users, make_case, walk):
    # given a filed case
    case = walk(make_case(), "file")
    # when the officer posts the next step with a forged "_digests" field
    response = login(users.officer).post(
        reverse("enforcement:case_step", args=[case.pk, "investigate"]),
        {"investigate-started_on": "2021-09-06", "_digests": "0" * 64},
    )
    # then the step is done, and its ledger entry vouches for no file
    assert response.status_code == 302
    entry = LedgerEntry.objects.filter(object_id=str(case.pk), action="transition:investigate").get()
    assert entry.digests == []
