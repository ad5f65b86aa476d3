"""What the steps of a case do, on their cleaned input (dates, Decimals, booleans, model
instances): each `do_*` runs inside `Workflow.fire`, which then saves the state, applies the
deadlines declared on the step and writes its ledger entry. Also the actions outside the case's
workflows: officers joining and withdrawing (第四十二、四十三条), a rectification order's
deadline while it awaits its check, and an order not complied with becoming a case (逾期未改 →
立案). The check itself is a step of ORDER (`do_record_check`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import deadlines, ledger
from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import basis, execution, rules
from fazhi.enforcement.models import (
    Case,
    CaseOfficer,
    Hearing,
    Instalment,
    LegalReview,
    RectificationOrder,
)
from fazhi.enforcement.workflow.clocks import RECTIFICATION
from fazhi.enforcement.workflow.common import OFFICER, level_of, refuse, text_of, today
from fazhi.enforcement.workflow.conditions import fine_due_on
from fazhi.enforcement.workflow.guards import order_overdue_on

# --- the steps of a case ----------------------------------------------------------------------------


def do_file(case, user, data):
    case.filed_on = data["filed_on"]
    case.assign_number(case.filed_on)
    case.decision_due_on = case.filed_on + dt.timedelta(days=rules.DECISION_DAYS)


def _record_review_grounds(case: Case, data: dict) -> None:
    """第五十八条第一款第一、三、四项 as given with a step; a ground not given stays as it was."""
    for name in ("involves_major_public_interest", "is_complex"):
        if data.get(name) is not None:
            setattr(case, name, data[name])
    if "other_review_basis" in data:
        case.other_review_basis = text_of(data, "other_review_basis")


def do_submit_for_review(case, user, data):
    _record_review_grounds(case, data)


def do_notify(case, user, data):
    case.notified_on = data["notified_on"]
    if text_of(data, "facts"):
        case.facts = text_of(data, "facts")
    case.intended_penalties = data["intended_penalties"]
    case.intended_fine = data.get("intended_fine")
    case.intended_other = text_of(data, "intended_other")
    case.confiscation_value = data.get("confiscation_value")
    case.other_hearing_basis = text_of(data, "other_hearing_basis")
    _record_review_grounds(case, data)
    case.discretion_level = level_of(case, data)
    if text_of(data, "fine_outside_range_reason"):
        case.fine_outside_range_reason = text_of(data, "fine_outside_range_reason")
    # A new notice reopens the party's periods.
    case.statement_received = case.statement_waived = False
    case.hearing_requested = case.hearing_waived = False


def do_statement(case, user, data):
    if text_of(data, "statement"):
        case.statement_received = True
        case.statement = text_of(data, "statement")
        case.statement_on = data["statement_on"]
    if data.get("statement_waived"):
        case.statement_waived = True
    if data.get("hearing_waived"):
        case.hearing_waived = True


def do_request_hearing(case, user, data):
    case.hearing_requested = True
    case.hearing_requested_on = data["requested_on"]


def do_schedule_hearing(case, user, data):
    hearing = case.hearings.filter(held_on__isnull=True).first() or Hearing(case=case)
    hearing.chair = data["chair"]
    hearing.notice_on = data["notice_on"]
    hearing.scheduled_on = data["scheduled_on"]
    hearing.place = text_of(data, "place")
    hearing.public = not data.get("private")
    hearing.save()


def do_record_hearing(case, user, data):
    hearing = case.current_hearing()
    hearing.held_on = data["held_on"]
    hearing.record = text_of(data, "record")
    hearing.save()


def _review(passed: bool):
    def action(case, user, data):
        LegalReview.objects.create(
            case=case,
            reviewer=user,
            opinion=text_of(data, "opinion"),
            passed=passed,
            reviewed_on=data["reviewed_on"],
        )

    return action


do_approve_review = _review(True)
do_reject_review = _review(False)


def _record_decision(case: Case, user, data: dict, kind: str) -> None:
    case.decision_kind = kind
    case.decided_on = data["decided_on"]
    case.decision_reason = text_of(data, "decision_reason")
    # 第三十七条: the version of the basis the decision applies (named on the decision)
    case.basis_version = basis.applicable(case, case.decided_on)[0]
    level = level_of(case, data)
    if level is not None:
        case.discretion_level = level
    if text_of(data, "fine_outside_range_reason"):
        case.fine_outside_range_reason = text_of(data, "fine_outside_range_reason")
    if data.get("collective_discussion"):
        case.collective_discussion = True
        case.collective_discussion_on = data.get("collective_discussion_on") or case.decided_on
        case.collective_discussion_minutes = text_of(data, "collective_discussion_minutes")


def do_decide(case, user, data):
    _record_decision(case, user, data, Case.DecisionKind.PENALTY)
    case.decided_penalties = data["decided_penalties"]
    case.decided_fine = data.get("decided_fine")
    case.decided_other = text_of(data, "decided_other")


def do_decide_no_penalty(case, user, data):
    _record_decision(case, user, data, Case.DecisionKind.NO_PENALTY)
    case.decided_penalties, case.decided_fine = [], None


def do_revoke_filing(case, user, data):
    """撤销立案: the leader who fires the step approves it; the number stays the case's."""
    case.revoked_on = data["revoked_on"]
    case.revocation_reason = text_of(data, "reason")
    case.revocation_approved_by = user


def do_transfer(case, user, data):
    _record_decision(case, user, data, Case.DecisionKind.TRANSFERRED)
    case.decided_penalties, case.decided_fine = [], None


def do_serve(case, user, data):
    case.served_on = data["served_on"]
    case.party_present = bool(data.get("party_present"))
    case.service_method = text_of(data, "service_method") or (
        str(_("当场交付")) if case.party_present else str(_("直接送达"))
    )
    if case.decided_fine:
        case.fine_due_on = fine_due_on(case.served_on)


def do_decide_on_the_spot(case, user, data):
    day = data["decided_on"]
    case.filed_on = case.notified_on = case.decided_on = case.served_on = day
    case.assign_number(day)
    case.decision_kind = Case.DecisionKind.PENALTY
    case.basis_version = basis.applicable(case, day)[0]
    case.decided_penalties = case.intended_penalties = data["decided_penalties"]
    case.decided_fine = case.intended_fine = data.get("decided_fine")
    case.discretion_level = level_of(case, data)
    if text_of(data, "facts"):  # 违法事实, written on the spot (第五十一条)
        case.facts = text_of(data, "facts")
    if text_of(data, "fine_outside_range_reason"):
        case.fine_outside_range_reason = text_of(data, "fine_outside_range_reason")
    if text_of(data, "statement"):
        case.statement_received = True
        case.statement = text_of(data, "statement")
        case.statement_on = day
    else:
        case.statement_waived = True
    case.party_present = True
    case.service_method = str(_("当场交付"))
    if case.decided_fine:
        case.fine_due_on = fine_due_on(case.served_on)


def do_record_payment(case, user, data):
    case.paid_on = data["paid_on"]
    case.amount_paid = data["amount_paid"]
    case.surcharge = execution.surcharge(case, case.paid_on)


def do_apply_compulsory(case, user, data):
    case.compulsory_execution_applied_on = data["applied_on"]
    case.compulsory_execution_court = text_of(data, "court")
    case.surcharge = execution.surcharge(case, case.compulsory_execution_applied_on)


def do_defer_payment(case, user, data):
    """第六十六条第二款: the payment deferred with the agency's approval; the surcharge counts
    from the new due day."""
    case.deferral_applied_on = data["applied_on"]
    case.payment_deferred_to = data["new_due_on"]
    case.fine_due_on = data["new_due_on"]
    case.deferral_reason = text_of(data, "reason")
    case.deferral_approved_by = user


def do_approve_instalments(case, user, data):
    """第六十六条第二款: the instalments approved, each with its amount and due day; the fine's
    due day becomes the last instalment's (the payment period and the compulsory-execution
    guards read it), each instalment's surcharge counts from its own due day."""
    plan = execution.parse_plan(data["plan"])
    for seq, (day, amount) in enumerate(plan, start=1):
        Instalment.objects.create(case=case, seq=seq, amount=amount, due_on=day)
    case.deferral_applied_on = data["applied_on"]
    case.deferral_reason = text_of(data, "reason")
    case.deferral_approved_by = user
    case.payment_deferred_to = case.fine_due_on = plan[-1][0]


def do_record_instalment(case, user, data):
    """One instalment paid, with the surcharge on it; the last one pays the fine (the case's
    缴款日期, amount and surcharge are then the instalments' own)."""
    instalment = execution.next_instalment(case)
    instalment.paid_on = data["paid_on"]
    instalment.amount_paid = data["amount_paid"]
    instalment.surcharge = execution.instalment_surcharge(case, instalment, data["paid_on"])
    instalment.save()
    if execution.next_instalment(case) is None:
        paid = list(case.instalments.all())
        case.paid_on = data["paid_on"]
        case.amount_paid = sum(i.amount_paid for i in paid)
        case.surcharge = sum(i.surcharge for i in paid)


def do_remind(case, user, data):
    """行政强制法 第三十五条: the 催告书 served, with the period it gives to pay."""
    case.reminded_on = data["reminded_on"]
    case.reminder_due_on = data["reminded_on"] + dt.timedelta(days=rules.REMINDER_WAIT_DAYS)


def do_close(case, user, data):
    case.closed_on = data["closed_on"]


def do_archive(case, user, data):
    case.archived_on = data["archived_on"]


def do_extend(case, user, data):
    """The case shows the period as extended; the deadline itself is extended by the step's
    declaration (fazhi.core.deadlines.extend: the reason, the approver, the rule's limits)."""
    case.decision_due_on = data["new_due_on"]
    case.extension_approved_by = user
    case.extension_reason = text_of(data, "reason")


def do_publish(case, user, data):
    case.published_on = data["published_on"]


def do_record_change(case, user, data):
    case.changed_on = data["changed_on"]
    case.withdrawal_reason = text_of(data, "reason")


def do_withdraw_publication(case, user, data):
    case.withdrawn_on = data["withdrawn_on"]
    if text_of(data, "reason"):
        case.withdrawal_reason = text_of(data, "reason")


# --- officers on a case ---------------------------------------------------------------------------


def _may_handle(case: Case, user) -> None:
    """Officers are put on a case and withdrawn by the enforcement officers of its region, by
    every door (the case page and the API alike)."""
    if not (user and user.is_authenticated and user.has_role(OFFICER, region=case.region)):
        raise TransitionRefused(refuse("forbidden", _("您在本区划没有办理该案件的角色")))
    if case.is_closed:
        raise TransitionRefused(refuse("closed", _("案件已结案，不能再变更执法人员")))


def add_officer(case: Case, officer, user, on: dt.date | None = None) -> CaseOfficer:
    """Put an officer on the case. 第四十二条: only an officer of the case's body holding a
    certificate valid on that day; 第四十三条: an officer who withdrew does not come back."""
    on = on or today()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _may_handle(case, user)
        if officer.body_id != case.body_id:
            raise TransitionRefused(
                refuse(
                    "officer_other_body",
                    _("%(art)s：%(name)s不是本案执法主体（%(body)s）的执法人员")
                    % {"art": rules.ART[42], "name": officer.name, "body": case.body.name},
                    field="officer",
                    art=42,
                )
            )
        if officer.certificate_on(on) is None:
            raise TransitionRefused(
                refuse(
                    "officer_uncertified",
                    _("%(art)s：执法人员%(name)s在%(day)s没有有效的行政执法证，不得参与办案")
                    % {"art": rules.ART[42], "name": officer.name, "day": on.isoformat()},
                    field="officer",
                    art=42,
                )
            )
        existing = CaseOfficer.objects.filter(case=case, officer=officer).first()
        if existing and existing.withdrawn:
            raise TransitionRefused(
                refuse(
                    "officer_withdrew",
                    _("%(art)s：%(name)s已在本案回避，不得再参与办案")
                    % {"art": rules.ART[43], "name": officer.name},
                    field="officer",
                    art=43,
                )
            )
        if existing:
            raise TransitionRefused(
                refuse(
                    "officer_on_case", _("%(name)s已是本案执法人员") % {"name": officer.name}, field="officer"
                )
            )
        case_officer = CaseOfficer.objects.create(case=case, officer=officer, added_on=on)
        ledger.record(
            "enforcement.add_officer",
            case,
            actor=user,
            data={"officer": officer.pk, "name": officer.name, "on": on},
        )
    return case_officer


def withdraw_officer(case: Case, officer, user, reason: str, on: dt.date | None = None) -> CaseOfficer:
    """第四十三条: an officer with an interest in the case withdraws (回避); they no longer count
    towards the two officers of 第四十二条."""
    on = on or today()
    reason = (reason or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _may_handle(case, user)
        if not reason:
            raise TransitionRefused(
                refuse(
                    "withdrawal_reason",
                    _("%(art)s：请写明回避理由") % {"art": rules.ART[43]},
                    field="reason",
                    art=43,
                )
            )
        case_officer = CaseOfficer.objects.filter(case=case, officer=officer, withdrawn=False).first()
        if case_officer is None:
            raise TransitionRefused(
                refuse(
                    "officer_not_on_case",
                    _("%(name)s不是本案在办的执法人员") % {"name": officer.name},
                    field="officer",
                )
            )
        case_officer.withdrawn = True
        case_officer.withdrawal_reason = reason
        case_officer.withdrawn_on = on
        case_officer.save()
        ledger.record(
            "enforcement.withdraw_officer",
            case,
            actor=user,
            data={"officer": officer.pk, "name": officer.name, "reason": reason, "on": on},
        )
    return case_officer


# --- rectification orders ------------------------------------------------------------------------


def do_record_check(order, user, data):
    """The follow-up check (复查) of ORDER's two steps: its day and what was found. The step
    meets the order's 责令改正期限 on that day by its declaration (late after the deadline)."""
    order.checked_on = data["checked_on"]
    order.check_note = text_of(data, "check_note")


def follow_order_deadline(order: RectificationOrder) -> Deadline | None:
    """责令改正期限 of an order awaiting its check: open from the day the order is issued to the
    day it sets; started again when that day moves. Called by the doors that issue an order or
    edit it (the order page's form, the API's create and update, the demo), inside their
    transaction, where a declared `Starts` cannot be: issuing an order is not a step of ORDER
    (`Workflow.fire` acts on a saved record, and an order is created at 待复查), and giving the
    party more time is an edit of the order, not a change of its result. Once checked, the
    deadline was met by the check's step and stays as it is."""
    if order.result != RectificationOrder.Result.PENDING:
        return None
    running = deadlines.open_deadlines(order).filter(code=RECTIFICATION.code).first()
    if running is not None and running.due_on == order.deadline:
        return running
    return deadlines.start(
        order,
        rule=RECTIFICATION,
        starts_on=order.issued_on,
        days=(order.deadline - order.issued_on).days,
    )


def file_case_from_order(order, user, *, power, officers, cause="", act_date=None, filed_on=None) -> Case:
    """逾期未改 → 立案 in one step: the order's follow-up check is recorded as not complied with
    (when none is recorded yet), and a case is created from the order and filed. Refused for an
    order that already has its case, was complied with, or whose deadline has not passed on the
    day of filing. Either everything happens or, on any refusal, nothing."""
    filed_on = filed_on or today()
    with ledger.operation(), transaction.atomic():
        locked = RectificationOrder.objects.select_for_update().get(pk=order.pk)
        if locked.case_id:
            raise TransitionRefused(
                refuse(
                    "order_has_case",
                    _("该责令改正通知书已关联案件%(number)s") % {"number": locked.case.number},
                )
            )
        if not (user and user.is_authenticated and user.has_role(OFFICER, region=locked.region)):
            raise TransitionRefused(refuse("forbidden", _("您在本区划没有办理该案件的角色")))
        if locked.result == RectificationOrder.Result.COMPLETED:
            raise TransitionRefused(
                refuse("order_completed", _("该责令改正通知书经复查已整改完成，不能以逾期未改立案"))
            )
        if locked.result == RectificationOrder.Result.PENDING:
            # not complied with: the check is recorded through ORDER's step, on the day of filing
            if refused := order_overdue_on(locked, filed_on, field="filed_on"):
                raise TransitionRefused(refused)
            from fazhi.enforcement.workflow.declarations import ORDER  # declared from these actions

            ORDER.fire(
                locked,
                "record_overdue",
                user,
                {
                    "checked_on": filed_on,
                    "check_note": locked.check_note or str(_("复查发现逾期未改正，立案查处。")),
                },
            )
        case = Case(
            body=locked.body,
            region=locked.region,
            party=locked.party,
            power=power,
            cause=cause or str(_("逾期未改正：%(what)s")) % {"what": locked.requirement[:80]},
            source=Case.Source.PATROL,
            source_reference=locked.number,
            act_date=act_date or locked.issued_on,
            discovered_on=locked.issued_on,
            procedure=Case.Procedure.GENERAL,
            is_sample=locked.is_sample,
        )
        case.full_clean()
        case.save()
        for officer in officers:
            add_officer(case, officer, user, on=filed_on)
        from fazhi.enforcement.workflow.declarations import fire  # declared from these actions

        fire(case, "file", user, {"filed_on": filed_on})
        locked.case = case
        locked.save()
    order.refresh_from_db()
    case.refresh_from_db()
    return case


def do_correct(case, user, data):
    """更正: the day repaired (the ledger keeps the step's reason, the day before and after). A
    service day moves the fine's due day with it (第六十七条), unless a deferral set it."""
    name, day = data["field"], data["new_day"]
    setattr(case, name, day)
    if name == "served_on" and case.decided_fine and not case.payment_deferred_to:
        case.fine_due_on = fine_due_on(day)


def do_preserve(case, user, data):
    """第五十六条: the head approves (the step is theirs) and the evidence is registered."""
    case.preserved_on = data["preserved_on"]
    case.preservation_items = text_of(data, "items")
    case.preservation_approved_by = user


def do_decide_preservation(case, user, data):
    from fazhi.enforcement.forms.steps import PRESERVATION_OUTCOMES

    case.preservation_decided_on = data["decided_on"]
    case.preservation_outcome = str(dict(PRESERVATION_OUTCOMES)[data["outcome"]])
