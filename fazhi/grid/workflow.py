"""The closed loop of a grid event (网格事件): declarations, guards and actions.

上报 (`report`, the record is created at 已上报 and the 受理 clock starts) → 受理 / 不予受理 / 注销
→ 分派 (to the event's village or a town office; the 办理 clock starts) → 开始处置 → 办结 (with
its kind; the 核查 clock starts) → 核查通过 / 核查不通过 (back to 处置, 返工 +1, the 办理 clock
again) → 回访评价 → 归档. Every door — page, API, demo, test — fires the same steps through
`EVENT.fire`. The numbers are county rules (`fazhi.grid.rules`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, roles
from fazhi.core.deadlines import WORKING_DAYS, WORKING_HOURS, ClockRule, PauseRule
from fazhi.core.scoping import ensure_writable
from fazhi.core.workflow import (
    Extends,
    Meets,
    Pauses,
    Refusal,
    Resumes,
    Starts,
    Transition,
    Workflow,
    needs_input,
)
from fazhi.grid import forms as f
from fazhi.grid import rules
from fazhi.grid.models import Event, PatrolLog

S = Event.State
GRID_WORKER, VILLAGE_CADRE, GOVERNANCE = "grid_worker", "village_cadre", "governance_office"

# What the guards enforce (no statute fixes the loop of a township grid event: these are the
# practices the rules come from, DOMAIN.md 1(a)).
CASE_RULE = gettext_lazy("扶沟县数字化城市管理实施办法（扶政办〔2019〕3号）：核实后立案或注销")
DISPATCH_RULE = gettext_lazy("网格事件任务派遣：由被派遣的处置单位处置")
CLOSING_RULE = gettext_lazy("网格事件办结分程序性、阶段性、实质性办结，仅实质性办结计为解决")
CHECK_RULE = gettext_lazy("网格事件核查结案：核查不通过的退回重办，计返工一次")
RETURN_RULE = gettext_lazy("网格事件回退：承办单位认为分派有误的，说明理由退回综治中心重新分派")
EVALUATION_RULE = gettext_lazy("网格事件综合评价：回访当事人，记录满意、基本满意或不满意")
EXTENSION_RULE = gettext_lazy(
    "网格事件延期：承办单位在办理时限内申请，经综治中心批准，办理时限延长一次、不超过10个工作日（本系统默认）"
)
SUSPENSION_RULE = gettext_lazy(
    "网格事件缓办：因客观原因暂时无法办理的，承办单位申请、经综治中心批准缓办，缓办期间办理时限暂停计算，"
    "不计入结案率和按期结案率的基数（金华市区数字化城市管理工作考核细则）"
)
LEGACY_RULE = gettext_lazy(
    "网格事件历史遗留：因历史原因形成、短期内难以解决的事项，由综治中心标记并写明情况，单独跟踪"
)
LEAPFROG_RULE = gettext_lazy(
    "网格事件越级上报：情况紧急或本级无法处置的，可越过一级报上级单位，须写明理由并留痕，原分派记录保留"
)
COPY_RULE = gettext_lazy("网格事件抄告：涉及其他村（社区）的，综治中心抄告相关单位知悉配合")
INSTRUCTION_RULE = gettext_lazy("网格事件领导批示：镇领导对事件的批示意见记入办理记录，承办单位按批示办理")
COPY_PURPOSE = "grid.copy"
LEADER = "town_leader"
APPROVER_POST = gettext_lazy("综治中心（综治办）负责人")

# --- the three clocks ---------------------------------------------------------------------------

SUSPEND_PAUSE = PauseRule("grid.suspend", gettext_lazy("缓办"), SUSPENSION_RULE)

ACCEPT = ClockRule(
    "grid.accept",
    gettext_lazy("网格事件受理"),
    gettext_lazy("网格事件受理时限（县规则；未定时本系统默认4个工作小时）"),
    rules.ACCEPT_WORKING_HOURS,
    WORKING_HOURS,
    warn_before=rules.ACCEPT_WARN_HOURS,
)
HANDLE = ClockRule(
    "grid.handle",
    gettext_lazy("网格事件办理"),
    gettext_lazy("网格事件办理时限（县规则；未定时本系统默认5个工作日）"),
    rules.HANDLE_WORKING_DAYS,
    WORKING_DAYS,
    warn_before=rules.HANDLE_WARN_DAYS,
    max_extensions=rules.HANDLE_EXTENSIONS,
    max_extension_length=rules.HANDLE_EXTENSION_DAYS,
    pausable=(SUSPEND_PAUSE,),
)
CHECK = ClockRule(
    "grid.check",
    gettext_lazy("网格事件核查"),
    gettext_lazy("网格事件核查时限（县规则；未定时本系统默认2个工作日）"),
    rules.CHECK_WORKING_DAYS,
    WORKING_DAYS,
    warn_before=rules.CHECK_WARN_DAYS,
)
CLOCKS = (ACCEPT, HANDLE, CHECK)


def _length(rule_code: str, clock: ClockRule, own: str):
    """The clock's period: the event category's own time limit (`own`, a field of
    EventCategory) when it has one, else the county rule in force for the event's region today."""

    def length(event, data):
        mine = getattr(event.category, own, None)
        if mine:
            return mine
        return rules.period(rule_code, event.region, timezone.localdate(), clock.unit)

    return length


def _accept_length(category, region, on) -> int:
    """The 受理 clock's period (working hours): the category's own, else the county rule's."""
    if category is not None and category.accept_hours:
        return category.accept_hours
    return rules.period(rules.ACCEPT_RULE, region, on, WORKING_HOURS)


# --- guards -----------------------------------------------------------------------------------


needs_dismiss_reason = needs_input(
    "dismiss_reason",
    gettext_lazy("不予受理或注销须选择理由（不属于网格事项、重复上报或无效信息）"),
    "reason_required",
    article=CASE_RULE,
)


needs_original = needs_input(
    "original",
    gettext_lazy("标记重复须选择与之重复的原事件（同一网格、同一类别的未结事件）"),
    "original_required",
    article=CASE_RULE,
)


needs_target = needs_input(
    "target", gettext_lazy("分派须选择处置单位（本村或镇直部门）"), "target_required", article=DISPATCH_RULE
)


def disposer(event, user, data):
    """The unit the event was dispatched to handles it: a village's cadres for their village; the
    governance office (综治中心) for the town, which also acts for the town offices (they have no
    login role of their own yet)."""
    if user.has_role(GOVERNANCE, region=event.region):
        return None
    if event.dispatched_to_id and user.has_role(VILLAGE_CADRE, region=event.dispatched_to):
        return None
    return Refusal(
        _("该事件已分派至“%(unit)s”，只能由该处置单位处置")
        % {"unit": event.dispatched_label or _("（未分派）")},
        "not_disposer",
        article=DISPATCH_RULE,
    )


needs_return_reason = needs_input(
    "return_reason",
    gettext_lazy("回退须写明理由（如不属于本单位职责、分派有误）"),
    "reason_required",
    article=RETURN_RULE,
)


needs_resolution_kind = needs_input(
    "resolution_kind",
    gettext_lazy("办结须选择办结类型（程序性、阶段性或实质性办结）"),
    "kind_required",
    article=CLOSING_RULE,
)


needs_check_note = needs_input(
    "check_note",
    gettext_lazy("核查不通过须写明核查意见（退回重办的理由）"),
    "note_required",
    article=CHECK_RULE,
)


needs_satisfaction = needs_input(
    "satisfaction",
    gettext_lazy("回访须记录评价（满意、基本满意或不满意）"),
    "satisfaction_required",
    article=EVALUATION_RULE,
)


def needs_extension_input(event, user, data):
    days = data.get("days")
    if not days:
        return Refusal(
            _("延期申请须填写申请延长的工作日数"), "days_required", field="days", article=EXTENSION_RULE
        )
    if days > rules.HANDLE_EXTENSION_DAYS:
        return Refusal(
            _("延期不能超过%(n)s个工作日") % {"n": rules.HANDLE_EXTENSION_DAYS},
            "too_long",
            field="days",
            article=EXTENSION_RULE,
        )
    if not (data.get("reason") or "").strip():
        return Refusal(_("延期申请须写明理由"), "reason_required", field="reason", article=EXTENSION_RULE)
    return None


def no_pending_extension(event, user, data):
    if event.extension_status == "requested":
        return Refusal(_("已有待审批的延期申请"), "extension_pending", article=EXTENSION_RULE)
    return None


def pending_extension(event, user, data):
    if event.extension_status != "requested":
        return Refusal(_("没有待审批的延期申请"), "no_extension_request", article=EXTENSION_RULE)
    return None


needs_refusal_note = needs_input(
    "note", gettext_lazy("不予延期须写明审批意见"), "note_required", article=EXTENSION_RULE
)


def not_suspended(event, user, data):
    if event.suspended_at is not None:
        day = timezone.localtime(event.suspended_at).strftime("%Y-%m-%d")
        return Refusal(
            _("该事件自%(day)s起缓办，须先恢复办理") % {"day": day}, "suspended", article=SUSPENSION_RULE
        )
    return None


def no_pending_suspension(event, user, data):
    if event.suspension_status == "requested":
        return Refusal(_("已有待审批的缓办申请"), "suspension_pending", article=SUSPENSION_RULE)
    return None


def pending_suspension(event, user, data):
    if event.suspension_status != "requested":
        return Refusal(_("没有待审批的缓办申请"), "no_suspension_request", article=SUSPENSION_RULE)
    return None


def is_suspended(event, user, data):
    if event.suspended_at is None:
        return Refusal(_("该事件未缓办，无需恢复办理"), "not_suspended", article=SUSPENSION_RULE)
    return None


needs_suspension_reason = needs_input(
    "reason", gettext_lazy("缓办申请须写明理由"), "reason_required", article=SUSPENSION_RULE
)


needs_suspension_refusal_note = needs_input(
    "note", gettext_lazy("不予缓办须写明审批意见"), "note_required", article=SUSPENSION_RULE
)


def needs_leapfrog_input(event, user, data):
    if not (data.get("unit") or "").strip():
        return Refusal(_("越级须写明越级报送的单位"), "unit_required", field="unit", article=LEAPFROG_RULE)
    if not (data.get("reason") or "").strip():
        return Refusal(_("越级须写明理由"), "reason_required", field="reason", article=LEAPFROG_RULE)
    return None


needs_copy_village = needs_input(
    "village", gettext_lazy("抄告须选择本镇的另一个村（社区）"), "village_required", article=COPY_RULE
)


def copy_has_readers(event, user, data):
    if data.get("village") and not _cadres_of(data["village"]).exists():
        return Refusal(
            _("“%(village)s”目前没有在岗的村（社区）干部账号，无法抄告") % {"village": data["village"].name},
            "no_reader",
            field="village",
            article=COPY_RULE,
        )
    return None


needs_instruction = needs_input(
    "instruction", gettext_lazy("批示须写明批示内容"), "instruction_required", article=INSTRUCTION_RULE
)


def not_legacy(event, user, data):
    if event.is_legacy:
        return Refusal(_("该事件已标记为历史遗留"), "already_legacy", article=LEGACY_RULE)
    return None


def needs_legacy_reason(event, user, data):
    if not (data.get("reason") or "").strip():
        return Refusal(
            _("标记历史遗留须写明情况（形成的历史原因）"),
            "reason_required",
            field="reason",
            article=LEGACY_RULE,
        )
    return None


# --- actions ------------------------------------------------------------------------------------


def do_accept(event, user, data):
    event.accepted_at = timezone.now()


def do_dismiss(event, user, data):
    event.dismiss_reason = data["dismiss_reason"]
    event.dismiss_note = data.get("dismiss_note", "")


def do_mark_duplicate(event, user, data):
    from fazhi.core import links
    from fazhi.core.models import RecordLink

    original = data["original"]
    event.dismiss_reason = Event.DismissReason.DUPLICATE
    note = _("与%(original)s重复") % {"original": original}
    event.dismiss_note = f"{note}。{data['dismiss_note']}" if data.get("dismiss_note") else note
    links.link(original, event, kind=RecordLink.Kind.DUPLICATE, user=user)


def do_return(event, user, data):
    """Back to 已受理 for a new dispatch: the unit it went to and its reason are recorded, the
    dispatcher and the dispatch time stay on the record (the ledger keeps every step)."""
    event.returned_from = event.dispatched_label
    event.return_reason = data["return_reason"].strip()
    event.returned_at = timezone.now()
    event.return_count += 1
    event.dispatched_to = None
    event.dispatched_office = ""


def do_dispatch(event, user, data):
    event.dispatched_by = user
    event.dispatched_at = timezone.now()
    if data["target"] == f.VILLAGE:
        event.dispatched_to = f.village_of(event)
        event.dispatched_office = ""
    else:
        event.dispatched_to = None
        event.dispatched_office = data["target"]


def do_start_handling(event, user, data):
    if data.get("note"):
        event.handling_note = data["note"]


def do_resolve(event, user, data):
    event.resolved_at = timezone.now()
    event.resolution_kind = data["resolution_kind"]
    event.resolution = data.get("resolution", "")


def do_check_pass(event, user, data):
    event.checked_at = timezone.now()
    event.check_note = data.get("check_note", "")


def do_check_fail(event, user, data):
    event.check_note = data["check_note"]
    event.rework_count += 1
    event.resolved_at = None
    event.resolution_kind = ""


def do_follow_up(event, user, data):
    event.followed_up_at = timezone.now()
    event.satisfaction = data["satisfaction"]
    event.satisfaction_comment = data.get("satisfaction_comment", "")


def do_request_extension(event, user, data):
    event.extension_status = "requested"
    event.extension_days = data["days"]
    event.extension_reason = data["reason"].strip()
    event.extension_requested_at = timezone.now()
    event.extension_requested_by = user
    event.extension_note = ""


def do_approve_extension(event, user, data):
    event.extension_status = "approved"
    event.extension_note = (data.get("note") or "").strip()


def do_refuse_extension(event, user, data):
    event.extension_status = "refused"
    event.extension_note = data["note"].strip()


def do_request_suspension(event, user, data):
    event.suspension_status = "requested"
    event.suspension_reason = data["reason"].strip()
    event.suspension_requested_by = user
    event.suspension_note = ""


def do_approve_suspension(event, user, data):
    event.suspension_status = "approved"
    event.suspension_note = (data.get("note") or "").strip()
    event.suspended_at = timezone.now()
    event.suspended_by = user
    event.resumed_at = None


def do_refuse_suspension(event, user, data):
    event.suspension_status = "refused"
    event.suspension_note = data["note"].strip()


def do_resume(event, user, data):
    event.suspension_status = "resumed"
    event.suspended_at = None
    event.resumed_at = timezone.now()
    if data.get("note"):
        event.handling_note = data["note"]


def _cadres_of(village):
    """The users who hold the village cadre role over `village` today."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    today = timezone.localdate()
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__since__isnull=True) | Q(memberships__since__lte=today),
            Q(memberships__until__isnull=True) | Q(memberships__until__gte=today),
            is_active=True,
            memberships__role=VILLAGE_CADRE,
            memberships__region=village,
        )
        .distinct()
    )


def do_leapfrog(event, user, data):
    """越级: recorded beside the dispatch (dispatched_by/at/to stay as they were)."""
    event.leapfrog_to = data["unit"].strip()
    event.leapfrog_reason = data["reason"].strip()
    event.leapfrogged_at = timezone.now()
    event.leapfrogged_by = user


def do_copy(event, user, data):
    """抄告: each cadre of the chosen village gets the event to read (an assignment, ledgered)."""
    from fazhi.core import links

    village = data["village"]
    note = (data.get("note") or "").strip()
    held = set(links.assignments_of(event).filter(purpose=COPY_PURPOSE).values_list("user_id", flat=True))
    for cadre in _cadres_of(village):
        if cadre.pk not in held:
            links.assign(event, cadre, purpose=COPY_PURPOSE, by=user, note=f"{village.name}：{note}"[:200])


def do_instruct(event, user, data):
    event.instruction = data["instruction"].strip()
    event.instructed_at = timezone.now()
    event.instructed_by = user


def do_mark_legacy(event, user, data):
    event.is_legacy = True
    event.legacy_reason = data["reason"].strip()
    event.legacy_marked_at = timezone.now()
    event.legacy_marked_by = user


def do_archive(event, user, data):
    event.archived_at = timezone.now()


# --- the workflow -----------------------------------------------------------------------------

_handle = Starts(HANDLE, days=_length(rules.HANDLE_RULE, HANDLE, "handle_days"))
_check = Starts(CHECK, days=_length(rules.CHECK_RULE, CHECK, "check_days"))

EVENT = Workflow(
    model=Event,
    frozen=(S.ARCHIVED, S.REJECTED, S.CANCELLED),
    initial=(S.REPORTED,),
    requires={
        S.RESOLVED: ("resolved_at", "resolution_kind"),
        S.CHECKED: ("resolved_at", "resolution_kind", "checked_at"),
        S.FOLLOWED_UP: ("resolved_at", "resolution_kind", "checked_at", "satisfaction"),
        S.ARCHIVED: ("resolved_at", "resolution_kind", "checked_at", "satisfaction", "archived_at"),
    },
    transitions=[
        Transition(
            "accept",
            gettext_lazy("受理"),
            source=[S.REPORTED],
            target=S.ACCEPTED,
            roles={GOVERNANCE},
            action=do_accept,
            meets=[Meets(ACCEPT.code)],
        ),
        Transition(
            "reject",
            gettext_lazy("不予受理"),
            source=[S.REPORTED],
            target=S.REJECTED,
            roles={GOVERNANCE},
            form=f.DismissForm,
            input_guards=[needs_dismiss_reason],
            action=do_dismiss,
            style="danger",
            meets=[Meets(ACCEPT.code)],
        ),
        Transition(
            "cancel",
            gettext_lazy("注销"),
            source=[S.REPORTED],
            target=S.CANCELLED,
            roles={GOVERNANCE},
            form=f.DismissForm,
            input_guards=[needs_dismiss_reason],
            action=do_dismiss,
            style="danger",
            meets=[Meets(ACCEPT.code)],
        ),
        Transition(
            "mark_duplicate",
            gettext_lazy("标记重复"),
            source=[S.REPORTED],
            target=S.CANCELLED,
            roles={GOVERNANCE},
            form=f.DuplicateForm,
            input_guards=[needs_original],
            action=do_mark_duplicate,
            style="danger",
            meets=[Meets(ACCEPT.code)],
        ),
        Transition(
            "dispatch",
            gettext_lazy("分派"),
            source=[S.ACCEPTED],
            target=S.DISPATCHED,
            roles={GOVERNANCE},
            form=f.DispatchForm,
            input_guards=[needs_target],
            action=do_dispatch,
            starts=[_handle],
        ),
        Transition(
            "return",
            gettext_lazy("回退"),
            source=[S.DISPATCHED, S.HANDLING],
            target=S.ACCEPTED,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.ReturnForm,
            guards=[disposer, not_suspended],
            input_guards=[needs_return_reason],
            action=do_return,
            style="danger",
            cancels=[HANDLE.code],
        ),
        Transition(
            "start_handling",
            gettext_lazy("开始处置"),
            source=[S.DISPATCHED],
            target=S.HANDLING,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.NoteForm,
            guards=[disposer],
            action=do_start_handling,
        ),
        Transition(
            "resolve",
            gettext_lazy("办结"),
            source=[S.HANDLING],
            target=S.RESOLVED,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.ResolveForm,
            guards=[disposer, not_suspended],
            input_guards=[needs_resolution_kind],
            action=do_resolve,
            meets=[Meets(HANDLE.code)],
            starts=[_check],
        ),
        Transition(
            "request_extension",
            gettext_lazy("延期申请"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.ExtensionRequestForm,
            guards=[disposer, no_pending_extension, not_suspended],
            input_guards=[needs_extension_input],
            action=do_request_extension,
            style="secondary",
        ),
        Transition(
            "approve_extension",
            gettext_lazy("批准延期"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={GOVERNANCE},
            form=f.ExtensionDecisionForm,
            guards=[pending_extension],
            action=do_approve_extension,
            extends=[
                Extends(
                    HANDLE.code,
                    length=lambda event, data, deadline: event.extension_days,
                    reason=lambda event, data: event.extension_reason,
                )
            ],
            style="secondary",
            post=str(APPROVER_POST),
        ),
        Transition(
            "refuse_extension",
            gettext_lazy("不予延期"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={GOVERNANCE},
            form=f.ExtensionDecisionForm,
            guards=[pending_extension],
            input_guards=[needs_refusal_note],
            action=do_refuse_extension,
            style="danger",
        ),
        Transition(
            "request_suspension",
            gettext_lazy("缓办申请"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.SuspensionRequestForm,
            guards=[disposer, not_suspended, no_pending_suspension],
            input_guards=[needs_suspension_reason],
            action=do_request_suspension,
            style="secondary",
        ),
        Transition(
            "approve_suspension",
            gettext_lazy("批准缓办"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={GOVERNANCE},
            form=f.ExtensionDecisionForm,
            guards=[pending_suspension],
            action=do_approve_suspension,
            pauses=[Pauses(HANDLE.code, SUSPEND_PAUSE, reason=lambda event, data: event.suspension_reason)],
            style="secondary",
            post=str(APPROVER_POST),
        ),
        Transition(
            "refuse_suspension",
            gettext_lazy("不予缓办"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={GOVERNANCE},
            form=f.ExtensionDecisionForm,
            guards=[pending_suspension],
            input_guards=[needs_suspension_refusal_note],
            action=do_refuse_suspension,
            style="danger",
            post=str(APPROVER_POST),
        ),
        Transition(
            "resume",
            gettext_lazy("恢复办理"),
            source=[S.HANDLING],
            target=S.HANDLING,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.NoteForm,
            guards=[disposer, is_suspended],
            action=do_resume,
            resumes=[Resumes(HANDLE.code)],
        ),
        Transition(
            "leapfrog",
            gettext_lazy("越级上报"),
            source=Event.OPEN_STATES,
            target=None,
            roles={VILLAGE_CADRE, GOVERNANCE},
            form=f.LeapfrogForm,
            input_guards=[needs_leapfrog_input],
            action=do_leapfrog,
            style="secondary",
        ),
        Transition(
            "copy_to",
            gettext_lazy("抄告"),
            source=Event.OPEN_STATES,
            target=None,
            roles={GOVERNANCE},
            form=f.CopyForm,
            input_guards=[needs_copy_village, copy_has_readers],
            action=do_copy,
            style="secondary",
        ),
        Transition(
            "instruct",
            gettext_lazy("领导批示"),
            source=Event.OPEN_STATES,
            target=None,
            roles={LEADER},
            form=f.InstructionForm,
            input_guards=[needs_instruction],
            action=do_instruct,
            style="secondary",
        ),
        Transition(
            "mark_legacy",
            gettext_lazy("标记历史遗留"),
            source=Event.OPEN_STATES,
            target=None,
            roles={GOVERNANCE},
            form=f.LegacyForm,
            guards=[not_legacy],
            input_guards=[needs_legacy_reason],
            action=do_mark_legacy,
            style="secondary",
        ),
        Transition(
            "check_pass",
            gettext_lazy("核查通过"),
            source=[S.RESOLVED],
            target=S.CHECKED,
            roles={GOVERNANCE},
            form=f.CheckForm,
            action=do_check_pass,
            meets=[Meets(CHECK.code)],
        ),
        Transition(
            "check_fail",
            gettext_lazy("核查不通过（返工）"),
            source=[S.RESOLVED],
            target=S.HANDLING,
            roles={GOVERNANCE},
            form=f.CheckForm,
            input_guards=[needs_check_note],
            action=do_check_fail,
            style="danger",
            meets=[Meets(CHECK.code)],
            starts=[_handle],
        ),
        Transition(
            "follow_up",
            gettext_lazy("回访评价"),
            source=[S.CHECKED],
            target=S.FOLLOWED_UP,
            roles={GOVERNANCE, GRID_WORKER},
            form=f.FollowUpForm,
            input_guards=[needs_satisfaction],
            action=do_follow_up,
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            source=[S.FOLLOWED_UP],
            target=S.ARCHIVED,
            roles={GOVERNANCE},
            action=do_archive,
        ),
    ],
)

WORKFLOWS = (EVENT,)


# --- creating records ------------------------------------------------------------------------------


# A phone's clock may run a little ahead of the server's: a capture time up to this far in the
# future is taken as "now"; further is refused (a wrong clock would misdate the record).
CAPTURE_CLOCK_SKEW = dt.timedelta(minutes=10)


def report(user, data: dict, *, reported_at: dt.datetime | None = None) -> Event:
    """上报: create the event at 已上报 from a report form's cleaned data, as `user` (who holds
    grid.report over its grid), and start its 受理 clock — one transaction, every door."""
    return report_once(user, data, reported_at=reported_at)[0]


# How far (degrees) from a point a grid's centroid may lie for its boundary to be read (a
# prefilter: a township grid is a few hundred metres across).
LOCATE_BOX_DEGREES = Decimal("0.05")


def locate(user, lat, lng):
    """The grid whose boundary holds the point, among those where `user` may report; None
    without coordinates or when no boundary holds it."""
    if lat is None or lng is None:
        return None
    from fazhi.core.models import Region, RegionKind
    from fazhi.core.scoping import writable_choices
    from fazhi.grid import geo
    from fazhi.grid.models import GridProfile

    lat, lng = Decimal(str(lat)), Decimal(str(lng))
    grids = writable_choices(Region.objects.filter(kind=RegionKind.GRID), user, roles.GRID_REPORT)
    near = GridProfile.objects.filter(
        region__in=grids,
        centroid_lat__range=(lat - LOCATE_BOX_DEGREES, lat + LOCATE_BOX_DEGREES),
        centroid_lng__range=(lng - LOCATE_BOX_DEGREES, lng + LOCATE_BOX_DEGREES),
    ).select_related("region")
    return geo.grid_at(near, lat, lng) or geo.grid_at(
        GridProfile.objects.filter(region__in=grids, centroid_lat__isnull=True).select_related("region"),
        lat,
        lng,
    )


def already_reported(user, client_key: str) -> Event | None:
    """The event `user` already reported under the phone's idempotency key, if any."""
    if not client_key or not getattr(user, "is_authenticated", False):
        return None
    return Event.objects.filter(reporter=user, client_key=client_key).first()


def report_once(user, data: dict, *, reported_at: dt.datetime | None = None) -> tuple[Event, bool]:
    """`report`, idempotent on `data["client_key"]` (the phone's key of an offline draft): a
    retry of the same draft by the same reporter returns `(the first event, False)` and creates
    nothing; else `(the new event, True)`. `data["captured_at"]` is the time of capture on the
    phone (not after the upload, the server's `reported_at`)."""
    key = (data.get("client_key") or "").strip()
    existing = already_reported(user, key)
    if existing is not None:
        return existing, False
    region = data.get("region") or locate(user, data.get("latitude"), data.get("longitude"))
    if region is None:
        raise ValidationError(
            {"region": _("请选择网格（未定位，或所报位置不在您可上报的网格边界内）")}, code="grid_required"
        )
    data = {**data, "region": region}
    if not user.can(roles.GRID_REPORT, region=region):
        raise PermissionDenied(_("您在该网格没有上报事件的权限。"))
    fields = {k: v for k, v in data.items() if k in {field.name for field in Event._meta.fields}}
    fields["client_key"] = key
    received = reported_at or timezone.now()
    captured = fields.get("captured_at")
    if captured is not None:
        if captured > received + CAPTURE_CLOCK_SKEW:
            raise ValidationError(
                {"captured_at": _("现场采集时间晚于上报时间，请检查手机时间")}, code="captured_after_report"
            )
        fields["captured_at"] = min(captured, received)
    try:
        with transaction.atomic():
            event = Event(**fields)
            event.reporter = user
            event.reported_at = received
            event.full_clean()
            event.save()
            ensure_writable(event, user, roles.GRID_REPORT)
            deadlines.start(
                event,
                rule=ACCEPT,
                starts_at=event.reported_at,
                days=_accept_length(event.category, region, timezone.localdate(event.reported_at)),
            )
    except (IntegrityError, ValidationError):
        # two retries of one draft at the same moment: the first one's event is the answer
        existing = already_reported(user, key)
        if existing is None:
            raise
        return existing, False
    return event, True


def log_patrol(user, data: dict) -> PatrolLog:
    """巡查/走访: a patrol of `user`'s grid (grid.report over it), in one transaction."""
    region = data["region"]
    if not user.can(roles.GRID_REPORT, region=region):
        raise PermissionDenied(_("您在该网格没有登记巡查的权限。"))
    fields = {k: v for k, v in data.items() if k in {field.name for field in PatrolLog._meta.fields}}
    with transaction.atomic():
        patrol = PatrolLog(**fields)
        patrol.worker = user
        patrol.full_clean()
        patrol.save()
        ensure_writable(patrol, user, roles.GRID_REPORT)
    return patrol


def report_from_open311(client, data: dict, *, reported_at: dt.datetime | None = None) -> Event:
    """上报 by a client system through Open311 (GeoReport v2): the event is created at 已上报 with
    source "Open311" in the grid of `data["region"]` (a grid of the client's town), awaiting 受理
    like any report, and its 受理 clock starts — one transaction, in the ledger as source open311.
    No user reports it: the client system is recorded on the event."""
    from fazhi.core import ledger

    region = data["region"]
    if not region.path.startswith(client.town.path):
        raise PermissionDenied(_("该接入系统只能向本镇网格上报事件。"))
    fields = {k: v for k, v in data.items() if k in {field.name for field in Event._meta.fields}}
    with ledger.acting_as(None, "open311"), transaction.atomic():
        event = Event(**fields)
        event.source = Event.Source.OPEN311
        event.open311_client = client
        event.reported_at = reported_at or timezone.now()
        event.full_clean()
        event.save()
        deadlines.start(
            event,
            rule=ACCEPT,
            starts_at=event.reported_at,
            days=_accept_length(event.category, region, timezone.localdate(event.reported_at)),
        )
    return event
