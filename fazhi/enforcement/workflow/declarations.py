"""The workflows over a case and over a rectification order, as declarations: each step's source
and target states, the roles that take it (and the post that approves), its form, its guards,
its action and the deadlines it starts, meets, cancels and extends. The guards are in
`guards.py` and `input_guards.py`, the actions in `actions.py`, the time limits in `clocks.py`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.workflow import (
    Cancels,
    Extends,
    Meets,
    Option,
    Starts,
    Transition,
    TransitionRefused,
    Workflow,
)
from fazhi.enforcement.forms import orders as _o
from fazhi.enforcement.forms import steps as _f
from fazhi.enforcement.models import Case, DecisionPeriod, Preservation, Publicity, RectificationOrder
from fazhi.enforcement.workflow.actions import (
    do_apply_compulsory,
    do_approve_instalments,
    do_approve_review,
    do_archive,
    do_close,
    do_correct,
    do_decide,
    do_decide_no_penalty,
    do_decide_on_the_spot,
    do_decide_preservation,
    do_defer_payment,
    do_extend,
    do_file,
    do_notify,
    do_preserve,
    do_publish,
    do_record_change,
    do_record_check,
    do_record_hearing,
    do_record_instalment,
    do_record_payment,
    do_reject_review,
    do_remind,
    do_request_hearing,
    do_revoke_filing,
    do_schedule_hearing,
    do_serve,
    do_statement,
    do_submit_for_review,
    do_transfer,
    do_withdraw_publication,
)
from fazhi.enforcement.workflow.clocks import (
    DECISION,
    FINE,
    HEARING_REQUEST,
    PRESERVATION,
    PUBLICATION,
    RECTIFICATION,
    SERVICE,
    WITHDRAWAL,
)
from fazhi.enforcement.workflow.common import LEADER, OFFICER, PRE_DECISION, REVIEWER, S, refuse
from fazhi.enforcement.workflow.conditions import has_hearing_rights
from fazhi.enforcement.workflow.guards import (
    before_decision,
    evidence_on_file,
    execution_conditions,
    facts_on_the_spot,
    fine_outstanding,
    fine_overdue,
    general_procedure,
    hearing_held_if_requested,
    hearing_rights_apply,
    hearing_scheduled,
    instalment_unpaid,
    legal_review_passed,
    not_in_instalments,
    not_transferred,
    not_yet_compulsory,
    notified_of_penalty,
    obligations_done,
    officers_qualified,
    order_past_deadline,
    penalty_decided,
    power_in_force,
    reminder_allowed,
    reviewer_not_investigator,
    reviewer_qualified,
    simple_procedure,
    under_investigation,
    was_notified,
    windows_passed,
    within_limitation,
)
from fazhi.enforcement.workflow.input_guards import (
    STEP_DAYS,
    correction_input,
    dates_in_order,
    decision_input,
    deferral_input,
    extension_input,
    hearing_arrangement,
    hearing_record_input,
    hearing_request_in_time,
    instalment_input,
    instalment_payment_input,
    notice_input,
    on_the_spot_input,
    order_check_input,
    payment_input,
    preservation_decision_input,
    preservation_input,
    published_on_input,
    service_input,
    statement_input,
    withdrawal_input,
)

# --- conditions of the declared deadlines -------------------------------------------------------------


def _fined(case, data) -> bool:
    return bool(case.decided_fine)


def _hearing_rights(case, data) -> bool:
    return has_hearing_rights(case)


def _no_hearing_rights(case, data) -> bool:
    return not has_hearing_rights(case)


def _hearing_waived(case, data) -> bool:
    return bool(data.get("hearing_waived"))


def _deferral_length(case, data, deadline) -> int:
    """The days the payment period is extended by: up to the approved day."""
    return (data["new_due_on"] - deadline.due_on).days


def _instalment_length(case, data, deadline) -> int:
    """The days the payment period is extended by: up to the last instalment's due day."""
    return (case.fine_due_on - deadline.due_on).days


def _extension_length(case, data, deadline) -> int:
    """The days the decision period is extended by: up to the day the head approved."""
    return (data["new_due_on"] - deadline.due_on).days


# 更正: a day recorded wrongly is repaired by a step with a reason (in the ledger), in any state
# before 归档 (the archived file is frozen); one declaration per state, since a step names its
# target state and a correction keeps it.
CORRECTIONS = [
    Transition(
        f"correct_{state.value}",
        gettext_lazy("更正已记录的日期"),
        source=[state],
        target=state,
        roles={OFFICER, LEADER},
        input_guards=[correction_input],
        action=do_correct,
        form=_f.CorrectionForm,
        style="secondary",
    )
    for state in S
    if state not in (S.DRAFT, S.ARCHIVED, S.REVOKED)
]

CASE = Workflow(
    model=Case,
    # 归档: the case, its evidence, reviews, hearings and party are closed; so is a case whose
    # filing was withdrawn (撤销立案)
    frozen=[S.ARCHIVED, S.REVOKED],
    # a case written directly at a state (history) already holds what its steps recorded
    requires={
        **dict.fromkeys((S.DECIDED, S.SERVED, S.EXECUTING), ("decided_on", "decision_kind")),
        S.CLOSED: ("decided_on", "decision_kind", "closed_on"),
        S.ARCHIVED: ("decided_on", "decision_kind", "closed_on", "archived_on"),
    },
    transitions=[
        Transition(
            "file",
            gettext_lazy("立案"),
            source=[S.DRAFT],
            target=S.FILED,
            roles={OFFICER, LEADER},
            guards=[
                general_procedure,
                power_in_force,
                officers_qualified("filed_on"),
                within_limitation("filed_on"),
            ],
            action=do_file,
            starts=[Starts(DECISION, counting_from="filed_on")],
            form=_f.FileForm,
        ),
        Transition(
            "investigate",
            gettext_lazy("开始调查取证"),
            source=[S.FILED],
            target=S.INVESTIGATING,
            roles={OFFICER},
            guards=[officers_qualified("started_on")],
            form=_f.InvestigationForm,
        ),
        Transition(
            "submit_for_review",
            gettext_lazy("提交法制审核"),
            source=[S.INVESTIGATING, S.NOTIFIED, S.STATEMENT, S.HEARING],
            target=S.LEGAL_REVIEW,
            roles={OFFICER},
            guards=[hearing_held_if_requested],
            action=do_submit_for_review,
            form=_f.ReviewSubmissionForm,
        ),
        Transition(
            "approve_review",
            gettext_lazy("法制审核通过"),
            source=[S.LEGAL_REVIEW],
            target=S.REVIEWED,
            roles={REVIEWER},
            guards=[reviewer_not_investigator, reviewer_qualified],
            action=do_approve_review,
            form=_f.ReviewForm,
            post=gettext_lazy("法制审核人员（行政处罚法第五十八条）"),
        ),
        Transition(
            "reject_review",
            gettext_lazy("法制审核不通过，退回补充调查"),
            source=[S.LEGAL_REVIEW],
            target=S.INVESTIGATING,
            roles={REVIEWER},
            guards=[reviewer_not_investigator, reviewer_qualified],
            action=do_reject_review,
            form=_f.ReviewForm,
            style="danger",
            post=gettext_lazy("法制审核人员（行政处罚法第五十八条）"),
        ),
        Transition(
            "notify",
            gettext_lazy("事先告知"),
            source=[S.INVESTIGATING, S.REVIEWED],
            target=S.NOTIFIED,
            roles={OFFICER},
            guards=[power_in_force, officers_qualified("notified_on")],
            input_guards=[notice_input],
            action=do_notify,
            form=_f.NoticeForm,
            starts=[Starts(HEARING_REQUEST, counting_from="notified_on", when=_hearing_rights)],
            cancels=[Cancels(HEARING_REQUEST.code, when=_no_hearing_rights)],
        ),
        Transition(
            "record_statement",
            gettext_lazy("记录陈述申辩"),
            source=[S.NOTIFIED, S.REVIEWED],
            target=S.STATEMENT,
            roles={OFFICER},
            guards=[was_notified],
            input_guards=[statement_input],
            action=do_statement,
            form=_f.StatementForm,
            cancels=[Cancels(HEARING_REQUEST.code, when=_hearing_waived)],
        ),
        Transition(
            "request_hearing",
            gettext_lazy("当事人申请听证"),
            source=[S.NOTIFIED, S.STATEMENT, S.REVIEWED],
            target=S.HEARING,
            roles={OFFICER},
            guards=[was_notified, hearing_rights_apply],
            input_guards=[hearing_request_in_time],
            action=do_request_hearing,
            form=_f.HearingRequestForm,
            meets=[Meets(HEARING_REQUEST.code, on="hearing_requested_on")],
        ),
        Transition(
            "schedule_hearing",
            gettext_lazy("安排听证"),
            source=[S.HEARING],
            target=S.HEARING,
            roles={OFFICER, LEADER},
            input_guards=[hearing_arrangement],
            action=do_schedule_hearing,
            form=_f.HearingScheduleForm,
            style="secondary",
        ),
        Transition(
            "record_hearing",
            gettext_lazy("记录听证"),
            source=[S.HEARING],
            target=S.HEARING,
            roles={OFFICER, LEADER},
            guards=[hearing_scheduled],
            input_guards=[hearing_record_input],
            action=do_record_hearing,
            form=_f.HearingRecordForm,
            style="secondary",
        ),
        Transition(
            "decide",
            gettext_lazy("作出行政处罚决定"),
            source=[S.NOTIFIED, S.STATEMENT, S.REVIEWED],
            target=S.DECIDED,
            roles={LEADER},
            guards=[
                power_in_force,
                notified_of_penalty,
                windows_passed,
                evidence_on_file,
                legal_review_passed,
                officers_qualified("decided_on"),
            ],
            input_guards=[decision_input],
            action=do_decide,
            form=_f.DecisionForm,
            post=gettext_lazy("行政机关负责人（行政处罚法第五十七条）"),
            meets=[Meets(DECISION.code, on="decided_on")],
            cancels=[HEARING_REQUEST.code],
            starts=[
                Starts(SERVICE, counting_from="decided_on"),
                Starts(PUBLICATION, counting_from="decided_on"),
            ],
        ),
        Transition(
            "decide_no_penalty",
            gettext_lazy("决定不予行政处罚"),
            source=[S.INVESTIGATING, S.REVIEWED, S.NOTIFIED, S.STATEMENT],
            target=S.DECIDED,
            roles={LEADER},
            action=do_decide_no_penalty,
            form=_f.NoPenaltyForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第五十七条）"),
            meets=[Meets(DECISION.code, on="decided_on")],
            cancels=[HEARING_REQUEST.code],
            starts=[Starts(SERVICE, counting_from="decided_on")],
        ),
        Transition(
            "revoke_filing",
            gettext_lazy("撤销立案"),
            source=list(PRE_DECISION),
            target=S.REVOKED,
            roles={LEADER},
            action=do_revoke_filing,
            form=_f.RevokeFilingForm,
            style="danger",
            post=gettext_lazy("行政机关负责人"),
            cancels=[DECISION.code, HEARING_REQUEST.code],
        ),
        Transition(
            "transfer",
            gettext_lazy("移送司法机关"),
            source=[S.INVESTIGATING, S.REVIEWED, S.NOTIFIED, S.STATEMENT],
            target=S.DECIDED,
            roles={LEADER},
            action=do_transfer,
            form=_f.NoPenaltyForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第五十七条）"),
            meets=[Meets(DECISION.code, on="decided_on")],
            cancels=[HEARING_REQUEST.code],
        ),
        Transition(
            "serve",
            gettext_lazy("送达决定书"),
            source=[S.DECIDED],
            target=S.SERVED,
            roles={OFFICER},
            guards=[not_transferred],
            input_guards=[service_input],
            action=do_serve,
            form=_f.ServiceForm,
            meets=[Meets(SERVICE.code, on="served_on")],
            starts=[Starts(FINE, counting_from="served_on", when=_fined)],
        ),
        Transition(
            "decide_on_the_spot",
            gettext_lazy("当场作出处罚决定（简易程序）"),
            source=[S.DRAFT],
            target=S.SERVED,
            roles={OFFICER},
            guards=[
                simple_procedure,
                power_in_force,
                facts_on_the_spot,
                evidence_on_file,
                officers_qualified("decided_on"),
                within_limitation("decided_on"),
            ],
            input_guards=[on_the_spot_input],
            action=do_decide_on_the_spot,
            form=_f.OnTheSpotForm,
            starts=[
                Starts(FINE, counting_from="served_on", when=_fined),
                Starts(PUBLICATION, counting_from="decided_on"),
            ],
        ),
        Transition(
            "record_payment",
            gettext_lazy("登记缴纳罚款"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={OFFICER},
            guards=[fine_outstanding, not_in_instalments],
            input_guards=[payment_input],
            action=do_record_payment,
            form=_f.PaymentForm,
            meets=[Meets(FINE.code, on="paid_on")],
        ),
        Transition(
            "approve_instalments",
            gettext_lazy("批准分期缴纳罚款"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={LEADER},
            guards=[fine_outstanding, not_yet_compulsory],
            input_guards=[instalment_input],
            action=do_approve_instalments,
            form=_f.InstalmentPlanForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第六十六条第二款）"),
            extends=[Extends(FINE.code, length=_instalment_length, reason="reason", field="plan")],
        ),
        Transition(
            "record_instalment",
            gettext_lazy("登记分期缴款"),
            source=[S.EXECUTING],
            target=S.EXECUTING,
            roles={OFFICER},
            guards=[fine_outstanding, instalment_unpaid],
            input_guards=[instalment_payment_input],
            action=do_record_instalment,
            form=_f.InstalmentPaymentForm,
            meets=[Meets(FINE.code, on="paid_on", when=lambda case, data: case.paid_on is not None)],
        ),
        Transition(
            "defer_payment",
            gettext_lazy("批准延期缴纳罚款"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={LEADER},
            guards=[fine_outstanding, not_yet_compulsory],
            input_guards=[deferral_input],
            action=do_defer_payment,
            form=_f.DeferralForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第六十六条第二款）"),
            extends=[Extends(FINE.code, length=_deferral_length, reason="reason", field="new_due_on")],
        ),
        Transition(
            "remind",
            gettext_lazy("送达催告书"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={OFFICER},
            guards=[fine_outstanding, not_yet_compulsory, reminder_allowed],
            action=do_remind,
            form=_f.ReminderForm,
            style="secondary",
        ),
        Transition(
            "apply_compulsory",
            gettext_lazy("申请人民法院强制执行"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={OFFICER, LEADER},
            guards=[fine_outstanding, fine_overdue, execution_conditions],
            action=do_apply_compulsory,
            form=_f.CompulsoryForm,
            style="secondary",
            cancels=[FINE.code],
        ),
        Transition(
            "close",
            gettext_lazy("结案"),
            source=[S.DECIDED, S.SERVED, S.EXECUTING],
            target=S.CLOSED,
            roles={OFFICER, LEADER},
            guards=[obligations_done],
            action=do_close,
            form=_f.CloseForm,
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            source=[S.CLOSED],
            target=S.ARCHIVED,
            roles={OFFICER},
            action=do_archive,
            form=_f.ArchiveForm,
        ),
        *CORRECTIONS,
    ],
)

PUBLICITY = Workflow(
    model=Case,
    state_field="publicity",
    # Publicity is owed to the public whatever the file's state: a decision published late is
    # still published, and one later changed or revoked (复议, 诉讼) is withdrawn, even after
    # the case was archived.
    open_when_frozen={"publish", "record_change", "withdraw_publication"},
    transitions=[
        Transition(
            "publish",
            gettext_lazy("公示处罚决定"),
            source=[Publicity.NOT_PUBLISHED],
            target=Publicity.PUBLISHED,
            roles={OFFICER},
            guards=[penalty_decided],
            input_guards=[published_on_input],
            action=do_publish,
            form=_f.PublishForm,
            meets=[Meets(PUBLICATION.code, on="published_on")],
        ),
        Transition(
            "record_change",
            gettext_lazy("登记决定变更或撤销"),
            source=[Publicity.PUBLISHED],
            target=Publicity.TO_WITHDRAW,
            roles={OFFICER, LEADER},
            action=do_record_change,
            form=_f.ChangeForm,
            style="secondary",
            starts=[Starts(WITHDRAWAL, counting_from="changed_on")],
        ),
        Transition(
            "withdraw_publication",
            gettext_lazy("撤回公示"),
            source=[Publicity.PUBLISHED, Publicity.TO_WITHDRAW],
            target=Publicity.WITHDRAWN,
            roles={OFFICER, LEADER},
            input_guards=[withdrawal_input],
            action=do_withdraw_publication,
            form=_f.WithdrawalForm,
            style="danger",
            meets=[Meets(WITHDRAWAL.code, on="withdrawn_on")],
        ),
    ],
)

# Every dated step of the case checks its day against the calendar and the case (input_guards
# is a tuple on a frozen Transition: the dates guard comes after the step's own, set once here).
for _workflow in (CASE, PUBLICITY):
    for _transition in _workflow.transitions:
        if _transition.name in STEP_DAYS:
            object.__setattr__(
                _transition, "input_guards", (*_transition.input_guards, dates_in_order(_transition.name))
            )

# 先行登记保存 (行政处罚法 第五十六条): the head's approval, then a decision within 7 working days
# (one preservation per case).
PRESERVATION_FLOW = Workflow(
    model=Case,
    state_field="preservation",
    transitions=[
        Transition(
            "preserve",
            gettext_lazy("批准先行登记保存证据"),
            source=[Preservation.NONE],
            target=Preservation.PRESERVED,
            roles={LEADER},
            guards=[under_investigation],
            input_guards=[preservation_input],
            action=do_preserve,
            form=_f.PreservationForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第五十六条）"),
            starts=[Starts(PRESERVATION, counting_from="preserved_on")],
        ),
        Transition(
            "decide_preservation",
            gettext_lazy("对先行登记保存的证据作出处理决定"),
            source=[Preservation.PRESERVED],
            target=Preservation.DECIDED,
            roles={OFFICER, LEADER},
            input_guards=[preservation_decision_input],
            action=do_decide_preservation,
            form=_f.PreservationDecisionForm,
            meets=[Meets(PRESERVATION.code, on="preservation_decided_on")],
        ),
    ],
)

PERIOD = Workflow(
    model=Case,
    state_field="decision_period",
    transitions=[
        Transition(
            "extend",
            gettext_lazy("批准延长办案期限"),
            source=[DecisionPeriod.STATUTORY, DecisionPeriod.EXTENDED],
            target=DecisionPeriod.EXTENDED,
            roles={LEADER},
            guards=[before_decision],
            input_guards=[extension_input],
            action=do_extend,
            form=_f.ExtensionForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第六十条）"),
            extends=[Extends(DECISION.code, length=_extension_length, reason="reason", field="new_due_on")],
        ),
    ],
)

R = RectificationOrder.Result

# 责令改正通知书: the follow-up check (复查) after the period the order sets. The order is issued
# at 待复查 with its 责令改正期限 open (`actions.follow_order_deadline`, called by the doors that
# issue or edit an order: issuing is not a step, see there); each check meets it on its day,
# late when the check came after the deadline. An order not complied with becomes a case
# through `actions.file_case_from_order`, which fires `record_overdue` when no check is recorded.
ORDER = Workflow(
    model=RectificationOrder,
    state_field="result",
    # an order written directly at a checked state (history) already holds its check's day
    requires={R.COMPLETED: ("checked_on",), R.OVERDUE: ("checked_on",)},
    transitions=[
        Transition(
            "record_rectified",
            gettext_lazy("复查：已整改"),
            source=[R.PENDING],
            target=R.COMPLETED,
            roles={OFFICER},
            input_guards=[order_check_input],
            action=do_record_check,
            form=_o.OrderCheckForm,
            meets=[Meets(RECTIFICATION.code, on="checked_on")],
        ),
        Transition(
            "record_overdue",
            gettext_lazy("复查：逾期未改"),
            source=[R.PENDING],
            target=R.OVERDUE,
            roles={OFFICER},
            guards=[order_past_deadline],
            input_guards=[order_check_input],
            action=do_record_check,
            form=_o.OrderCheckForm,
            style="danger",
            meets=[Meets(RECTIFICATION.code, on="checked_on")],
        ),
    ],
)

# The case's workflows (the case's step pages and API find a step's workflow among these) and
# every workflow of the app (the step × role table, the timeline).
CASE_WORKFLOWS = (CASE, PUBLICITY, PERIOD, PRESERVATION_FLOW)
WORKFLOWS = (*CASE_WORKFLOWS, ORDER)
_GENERAL_ONLY = {"file"}
_SIMPLE_ONLY = {"decide_on_the_spot"}


def workflow_of(name: str) -> Workflow:
    """The case's workflow holding step `name`."""
    for workflow in CASE_WORKFLOWS:
        if name in workflow._by_name:
            return workflow
    raise TransitionRefused(refuse("unknown", _("未知的操作：%(name)s") % {"name": name}, field="name"))


def transition(name: str) -> Transition:
    """Step `name` of any of the app's workflows (the case's or the order's)."""
    for workflow in WORKFLOWS:
        if name in workflow:
            return workflow[name]
    return workflow_of(name)[name]  # refused: unknown


def fire(case: Case, name: str, user, data=None, *, prefix: str | None = None):
    """Fire step `name` of whichever workflow holds it (raw input, cleaned by the step's form)."""
    return workflow_of(name).fire(case, name, user, data, prefix=prefix)


def options(case: Case, user) -> list[Option]:
    """The steps open to `user` on `case` now, allowed or refused with the reason; steps of the
    other procedure, and publicity or extension steps that do not apply yet, are left out."""
    found = []
    for option in CASE.options(case, user):
        name = option.transition.name
        if (name in _GENERAL_ONLY and case.procedure != Case.Procedure.GENERAL) or (
            name in _SIMPLE_ONLY and case.procedure != Case.Procedure.SIMPLE
        ):
            continue
        found.append(option)
    if case.decision_kind == Case.DecisionKind.PENALTY:
        found += PUBLICITY.options(case, user)
    if case.state in PRE_DECISION:
        found += PERIOD.options(case, user)
    if case.state in PRE_DECISION or case.preservation == Preservation.PRESERVED:
        found += PRESERVATION_FLOW.options(case, user)
    return found
