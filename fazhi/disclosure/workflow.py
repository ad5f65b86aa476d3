"""A request for government information as a declared Workflow (`REQUEST` over `Request.state`).

办理中 (the reply clock runs from the day received, 条例 第三十一条; 20 working days, 第三十三条)
─ask_correction→ 待补正 (one notice within 7 working days, 第三十条; the clock stops and counts
afresh from the corrected request) ─corrected→ 办理中, or ─no_correction→ 已办结 (其他处理 1,
once the applicant's period has run out) · ─consult→ 征求第三方意见 (the clock stops, 第三十二、
三十三条; the third party has 15 working days) ─consulted→ 办理中 · ─fee_notice→ 待缴纳信息处理费
(the clock stops until payment, 第四十二条; 国办函〔2020〕109号) ─fee_paid→ 办理中, or ─fee_unpaid→
已办结 (其他处理 2) · ─extend→ 办理中 (once, at most 20 working days, approved by the head of the
disclosure office: the town leader holding that post in the staff register) · ─reply→ 已办结
with the outcome coded to the template's rows (第三十六条).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, staff
from fazhi.core import rules as core_rules
from fazhi.core.deadlines import WORKING_DAYS, ClockRule, PauseRule
from fazhi.core.models import Deadline, PostKind
from fazhi.core.workflow import (
    Cancels,
    DayField,
    Extends,
    Meets,
    Pauses,
    Refusal,
    Resumes,
    Starts,
    StepForm,
    Transition,
    Workflow,
)
from fazhi.disclosure import rules
from fazhi.disclosure.models import REPLY_OUTCOMES, Outcome, Request

S = Request.State
HANDLER = {"gov_office"}
APPROVER = {"town_leader"}

ART_30 = gettext_lazy("政府信息公开条例第三十条")
ART_31 = gettext_lazy("政府信息公开条例第三十一条")
ART_32 = gettext_lazy("政府信息公开条例第三十二条")
ART_33 = gettext_lazy("政府信息公开条例第三十三条")
ART_36 = gettext_lazy("政府信息公开条例第三十六条")
ART_37 = gettext_lazy("政府信息公开条例第三十七条")
ART_42 = gettext_lazy("政府信息公开条例第四十二条")
FEE_RULES = gettext_lazy("国办函〔2020〕109号《政府信息公开信息处理费管理办法》")

# --- clocks ------------------------------------------------------------------------------------

CORRECTION_PAUSE = PauseRule(
    "disclosure.correction",
    gettext_lazy("补正"),
    gettext_lazy("政府信息公开条例第三十条：答复期限自行政机关收到补正的申请之日起计算"),
    restarts=True,
)
CONSULTATION_PAUSE = PauseRule(
    "disclosure.consultation",
    gettext_lazy("征求第三方意见"),
    gettext_lazy("政府信息公开条例第三十三条第三款：征求第三方和其他机关意见所需时间不计算在答复期限内"),
)
FEE_PAUSE = PauseRule(
    "disclosure.fee",
    gettext_lazy("缴纳信息处理费"),
    gettext_lazy("国办函〔2020〕109号：发出收费通知至申请人缴费的时间不计算在答复期限内"),
)
REPLY = ClockRule(
    "disclosure.reply",
    gettext_lazy("答复政府信息公开申请"),
    gettext_lazy("政府信息公开条例第三十三条：自收到申请之日起20个工作日内予以答复"),
    rules.REPLY_WORKING_DAYS,
    WORKING_DAYS,
    warn_before=rules.REPLY_WARN_DAYS,
    max_extensions=rules.REPLY_EXTENSIONS,
    max_extension_length=rules.REPLY_EXTENSION_DAYS,
    pausable=(CORRECTION_PAUSE, CONSULTATION_PAUSE, FEE_PAUSE),
)
CORRECTION_NOTICE = ClockRule(
    "disclosure.correction_notice",
    gettext_lazy("一次性告知补正"),
    gettext_lazy("政府信息公开条例第三十条：自收到申请之日起7个工作日内一次性告知申请人作出补正"),
    rules.CORRECTION_NOTICE_WORKING_DAYS,
    WORKING_DAYS,
    warn_before=2,
)
APPLICANT_CORRECTION = ClockRule(
    "disclosure.applicant_correction",
    gettext_lazy("申请人补正"),
    gettext_lazy("政府信息公开条例第三十条：申请人在补正告知的合理期限内补正"),
    15,
    WORKING_DAYS,
)
THIRD_PARTY = ClockRule(
    "disclosure.third_party",
    gettext_lazy("第三方提出意见"),
    gettext_lazy("政府信息公开条例第三十二条：第三方应当自收到征求意见书之日起15个工作日内提出意见"),
    rules.THIRD_PARTY_WORKING_DAYS,
    WORKING_DAYS,
)
FEE_PAYMENT = ClockRule(
    "disclosure.fee_payment",
    gettext_lazy("缴纳信息处理费"),
    gettext_lazy("国办函〔2020〕109号：申请人自收到收费通知次日起20个工作日内缴纳"),
    20,
    WORKING_DAYS,
)

# The article each outcome rests on, for the guards and the reply document.
OUTCOME_ARTICLES = {
    Outcome.OPEN: gettext_lazy("第三十六条第（一）、（二）项"),
    Outcome.PARTIAL: gettext_lazy("第三十七条"),
    Outcome.SECRET: gettext_lazy("第十四条"),
    Outcome.LAW_FORBIDS: gettext_lazy("第十四条"),
    Outcome.SAFETY: gettext_lazy("第十四条"),
    Outcome.THIRD_PARTY: gettext_lazy("第十五条、第三十二条"),
    Outcome.INTERNAL: gettext_lazy("第十六条第一款"),
    Outcome.PROCESS: gettext_lazy("第十六条第二款"),
    Outcome.ENFORCEMENT_FILE: gettext_lazy("第十六条第二款"),
    Outcome.QUERY: gettext_lazy("第三十六条第（七）项"),
    Outcome.NOT_HELD: gettext_lazy("第三十六条第（四）、（五）项"),
    Outcome.NEEDS_MAKING: gettext_lazy("第三十八条"),
    Outcome.STILL_UNCLEAR: gettext_lazy("第三十条"),
    Outcome.PETITION: gettext_lazy("第三十九条第一款"),
    Outcome.REPEAT: gettext_lazy("第三十六条第（六）项"),
    Outcome.PUBLICATION: gettext_lazy("第三十九条第一款"),
    Outcome.VEXATIOUS: gettext_lazy("第三十五条"),
    Outcome.CONFIRM: gettext_lazy("第三十九条第二款"),
    Outcome.NO_CORRECTION: gettext_lazy("第三十条"),
    Outcome.UNPAID: gettext_lazy("第四十二条"),
    Outcome.OTHER: "",
}
WITHHELD = {o for o in Outcome if o.value[0] in "345"} | {Outcome.PARTIAL}


# --- step forms ----------------------------------------------------------------------------------


class CorrectionForm(StepForm):
    asked_on = DayField(label=gettext_lazy("补正告知日期"), required=False)
    asked = forms.CharField(
        label=gettext_lazy("需要补正的事项"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("一次性告知需要补正的事项和合理的补正期限（条例第三十条）"),
    )
    days = forms.IntegerField(
        label=gettext_lazy("补正期限（工作日）"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=gettext_lazy("不填按县规定（默认15个工作日）"),
    )


class CorrectedForm(StepForm):
    corrected_on = DayField(label=gettext_lazy("收到补正日期"), required=False)
    note = forms.CharField(
        label=gettext_lazy("补正内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(StepForm):
    closed_on = DayField(label=gettext_lazy("办结日期"), required=False)
    reply = forms.CharField(
        label=gettext_lazy("告知内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsultForm(StepForm):
    third_party = forms.CharField(label=gettext_lazy("第三方"), max_length=100)
    consulted_on = DayField(label=gettext_lazy("发出征求意见书日期"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("事由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("如：公开会损害第三方合法权益（条例第三十二条）"),
    )


class ConsultedForm(StepForm):
    answered_on = DayField(label=gettext_lazy("收到意见日期（未答复的，期满日期）"), required=False)
    answer = forms.CharField(
        label=gettext_lazy("第三方意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("第三方逾期未提出意见的留空，由本机关依照条例决定"),
    )


class FeeNoticeForm(StepForm):
    amount = forms.DecimalField(label=gettext_lazy("信息处理费（元）"), min_value=0, decimal_places=2)
    basis = forms.CharField(
        label=gettext_lazy("收费依据及计算方式"),
        max_length=200,
        help_text=gettext_lazy("按件或按量计收（国办函〔2020〕109号），不得同时适用"),
    )
    notice_on = DayField(label=gettext_lazy("收费通知送达日期"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("收费理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("申请公开政府信息的数量、频次明显超过合理范围（条例第四十二条）"),
    )


class FeePaidForm(StepForm):
    paid_on = DayField(label=gettext_lazy("缴费日期"), required=False)
    paid = forms.DecimalField(
        label=gettext_lazy("实收金额（元）"), min_value=0, decimal_places=2, required=False
    )


class ExtendForm(StepForm):
    days = forms.IntegerField(
        label=gettext_lazy("延长工作日数"), min_value=1, max_value=rules.REPLY_EXTENSION_DAYS
    )
    reason = forms.CharField(label=gettext_lazy("延长理由"), widget=forms.Textarea(attrs={"rows": 2}))
    told = forms.BooleanField(label=gettext_lazy("已告知申请人"), required=False)


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理结果"), choices=[(o.value, o.label) for o in REPLY_OUTCOMES]
    )
    replied_on = DayField(label=gettext_lazy("答复日期"), required=False)
    reply = forms.CharField(
        label=gettext_lazy("答复内容"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("予以公开的，写明提供的信息或获取的方式、途径和时间"),
    )
    reasons = forms.CharField(
        label=gettext_lazy("理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("不予公开、部分公开、无法提供、不予处理的，应当说明理由"),
    )
    right_organ = forms.CharField(
        label=gettext_lazy("负责公开该信息的机关及联系方式"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "本机关不掌握、能够确定负责公开的机关的，告知其名称、联系方式（第三十六条第（五）项）"
        ),
    )


# --- guards --------------------------------------------------------------------------------------


def _day_guard(field: str, after: str, after_label, article=""):
    """An input date not in the future and not before the record's `after` date."""

    def guard(req, user, data):
        day = data.get(field)
        if day is None:
            return None
        if day > timezone.localdate():
            return Refusal(_("日期不能晚于今天"), "future_day", field=field, article=article)
        earlier = getattr(req, after, None)
        if earlier and day < earlier:
            return Refusal(
                _("日期不能早于%(what)s（%(day)s）") % {"what": after_label, "day": earlier},
                "too_early",
                field=field,
                article=article,
            )
        return None

    return guard


def correction_once(req, user, data):
    """条例 第三十条: 一次性告知."""
    if req.correction_asked_on:
        return Refusal(
            _("已于%(day)s告知补正，补正告知只能一次（政府信息公开条例第三十条：一次性告知）")
            % {"day": req.correction_asked_on},
            "correction_once",
            field="asked_on",
            article=ART_30,
        )
    return None


def _deadline(req, rule: ClockRule) -> Deadline | None:
    return (
        Deadline.objects.filter(
            content_type__app_label="disclosure",
            content_type__model="request",
            object_id=str(req.pk),
            code=rule.code,
        )
        .order_by("-id")
        .first()
    )


def correction_in_time(req, user, data):
    """条例 第三十条: the notice within 7 working days of receipt."""
    day = data.get("asked_on") or timezone.localdate()
    deadline = _deadline(req, CORRECTION_NOTICE)
    if deadline is not None and day > deadline.due_on:
        return Refusal(
            _("补正告知应在收到申请之日起7个工作日内作出（截至%(due)s，政府信息公开条例第三十条）")
            % {"due": deadline.due_on},
            "correction_late",
            field="asked_on",
            article=ART_30,
        )
    return None


def correction_period_over(req, user, data):
    """其他处理 1: only once the applicant's period to correct has run out."""
    day = data.get("closed_on") or timezone.localdate()
    deadline = _deadline(req, APPLICANT_CORRECTION)
    if deadline is None or day <= deadline.due_on:
        due = deadline.due_on if deadline else "—"
        return Refusal(
            _("补正期限尚未届满（%(due)s），不能按逾期不补正处理（政府信息公开条例第三十条）") % {"due": due},
            "correction_period_running",
            field="closed_on",
            article=ART_30,
        )
    return None


def third_party_answered_or_due(req, user, data):
    """条例 第三十二条: no answer recorded before the third party's 15 working days are over."""
    if data.get("answer"):
        return None
    day = data.get("answered_on") or timezone.localdate()
    deadline = _deadline(req, THIRD_PARTY)
    if deadline is not None and day <= deadline.due_on:
        return Refusal(
            _(
                "第三方提出意见的期限（%(due)s）尚未届满，请填写第三方意见或待期满后办理（政府信息公开条例第三十二条）"
            )
            % {"due": deadline.due_on},
            "third_party_period_running",
            field="answer",
            article=ART_32,
        )
    return None


def fee_positive(req, user, data):
    amount = data.get("amount")
    if amount is not None and amount <= 0:
        return Refusal(
            _("收费金额应大于零；不收费的无需发出收费通知（政府信息公开条例第四十二条）"),
            "fee_zero",
            field="amount",
            article=ART_42,
        )
    return None


def fee_period_over(req, user, data):
    day = data.get("closed_on") or timezone.localdate()
    deadline = _deadline(req, FEE_PAYMENT)
    if deadline is None or day <= deadline.due_on:
        due = deadline.due_on if deadline else "—"
        return Refusal(
            _("缴费期限尚未届满（%(due)s），不能按逾期未缴费处理（国办函〔2020〕109号）") % {"due": due},
            "fee_period_running",
            field="closed_on",
            article=FEE_RULES,
        )
    return None


def approver_holds_post(req, user, data):
    """条例 第三十三条: the extension needs the consent of the head of the disclosure office (a
    leader's post in the office's department over the town, or the town's principal leader, in
    the staff register)."""
    person = getattr(user, "staff_person", None) if user is not None else None
    if person is not None:
        departments = set(core_rules.value(rules.OFFICE_DEPARTMENTS, req.region) or [])
        for post in staff.posts_of(person):
            if not req.region.path.startswith(post.region.path):
                continue
            if post.kind == PostKind.FIRST_RESPONSIBLE:
                return None
            if post.kind == PostKind.LEADER and post.department in departments:
                return None
    return Refusal(
        _(
            "延长答复期限须经政府信息公开工作机构负责人同意（政府信息公开条例第三十三条）；职务登记中您不是本镇政府信息公开工作机构负责人"
        ),
        "not_office_head",
        field=None,
        article=ART_33,
    )


def applicant_told(req, user, data):
    if not data.get("told"):
        return Refusal(
            _("延长答复期限应当告知申请人（政府信息公开条例第三十三条）"),
            "applicant_not_told",
            field="told",
            article=ART_33,
        )
    return None


def reply_contents(req, user, data):
    """条例 第三十六、三十七条: what a reply of each kind must say."""
    outcome = data.get("outcome")
    if outcome in {o.value for o in WITHHELD} and not data.get("reasons"):
        return Refusal(
            _("该办理结果应当说明理由（政府信息公开条例第三十六条第（三）项、第三十七条）"),
            "reasons_missing",
            field="reasons",
            article=ART_36,
        )
    if outcome == Outcome.STILL_UNCLEAR and not req.corrected_on:
        return Refusal(
            _("申请人尚未补正，不能按“补正后申请内容仍不明确”答复（政府信息公开条例第三十条）"),
            "not_corrected",
            field="outcome",
            article=ART_30,
        )
    return None


# --- actions -------------------------------------------------------------------------------------


def do_ask_correction(req, user, data):
    req.correction_asked_on = data.get("asked_on") or timezone.localdate()
    req.correction_asked = data["asked"]


def do_corrected(req, user, data):
    req.corrected_on = data.get("corrected_on") or timezone.localdate()
    if data.get("note"):
        req.description = f"{req.description}\n{_('补正：')}{data['note']}"


def _close(req, data, outcome, reply_default):
    req.closed_on = data.get("closed_on") or timezone.localdate()
    req.replied_on = req.closed_on
    req.outcome = outcome
    req.reply = data.get("reply") or reply_default


def do_no_correction(req, user, data):
    _close(
        req,
        data,
        Outcome.NO_CORRECTION,
        _("申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    )


def do_consult(req, user, data):
    req.third_party = data["third_party"]
    req.consulted_on = data.get("consulted_on") or timezone.localdate()


def do_consulted(req, user, data):
    req.third_party_answer = data.get("answer", "") or _("第三方逾期未提出意见")
    req.third_party_answered_on = data.get("answered_on") or timezone.localdate()


def do_fee_notice(req, user, data):
    req.fee_amount = data["amount"]
    req.fee_basis = data["basis"]
    req.fee_notice_on = data.get("notice_on") or timezone.localdate()


def do_fee_paid(req, user, data):
    req.fee_paid_on = data.get("paid_on") or timezone.localdate()
    req.fee_paid = data.get("paid", req.fee_amount)


def do_fee_unpaid(req, user, data):
    _close(
        req, data, Outcome.UNPAID, _("申请人逾期未按收费通知要求缴纳费用，本机关不再处理该政府信息公开申请。")
    )


def do_reply(req, user, data):
    req.outcome = data["outcome"]
    req.replied_on = data.get("replied_on") or timezone.localdate()
    req.closed_on = req.replied_on
    req.reply = data["reply"]
    req.reasons = data.get("reasons", "")
    req.right_organ = data.get("right_organ", "")


def _correction_days(req, data) -> int:
    return data.get("days") or rules.period(rules.CORRECTION_PERIOD, req.region, req.correction_asked_on)


def _fee_days(req, data) -> int:
    return rules.period(rules.FEE_PERIOD, req.region, req.fee_notice_on)


# --- the workflow ---------------------------------------------------------------------------------

REQUEST = Workflow(
    model=Request,
    frozen=[S.CLOSED],
    transitions=[
        Transition(
            "ask_correction",
            gettext_lazy("告知补正"),
            source=[S.RECEIVED],
            target=S.CORRECTION,
            roles=HANDLER,
            form=CorrectionForm,
            guards=[correction_once],
            input_guards=[
                _day_guard("asked_on", "received_on", gettext_lazy("收到申请日期"), ART_30),
                correction_in_time,
            ],
            action=do_ask_correction,
            meets=[Meets(CORRECTION_NOTICE.code, on="correction_asked_on")],
            pauses=[
                Pauses(
                    REPLY.code,
                    CORRECTION_PAUSE,
                    reason=lambda r, d: _("告知补正：%(what)s") % {"what": d["asked"][:150]},
                    on="correction_asked_on",
                )
            ],
            starts=[Starts(APPLICANT_CORRECTION, counting_from="correction_asked_on", days=_correction_days)],
            style="secondary",
        ),
        Transition(
            "corrected",
            gettext_lazy("收到补正"),
            source=[S.CORRECTION],
            target=S.RECEIVED,
            roles=HANDLER,
            form=CorrectedForm,
            input_guards=[
                _day_guard("corrected_on", "correction_asked_on", gettext_lazy("补正告知日期"), ART_30)
            ],
            action=do_corrected,
            meets=[Meets(APPLICANT_CORRECTION.code, on="corrected_on")],
            resumes=[Resumes(REPLY.code, on="corrected_on")],
        ),
        Transition(
            "no_correction",
            gettext_lazy("逾期未补正，不再处理"),
            source=[S.CORRECTION],
            target=S.CLOSED,
            roles=HANDLER,
            form=CloseForm,
            input_guards=[
                _day_guard("closed_on", "correction_asked_on", gettext_lazy("补正告知日期"), ART_30),
                correction_period_over,
            ],
            action=do_no_correction,
            cancels=[Cancels(REPLY.code), Cancels(APPLICANT_CORRECTION.code)],
            style="secondary",
        ),
        Transition(
            "consult",
            gettext_lazy("征求第三方意见"),
            source=[S.RECEIVED],
            target=S.CONSULTING,
            roles=HANDLER,
            form=ConsultForm,
            input_guards=[_day_guard("consulted_on", "received_on", gettext_lazy("收到申请日期"), ART_32)],
            action=do_consult,
            pauses=[Pauses(REPLY.code, CONSULTATION_PAUSE, on="consulted_on")],
            starts=[Starts(THIRD_PARTY, counting_from="consulted_on")],
            style="secondary",
        ),
        Transition(
            "consulted",
            gettext_lazy("登记第三方意见"),
            source=[S.CONSULTING],
            target=S.RECEIVED,
            roles=HANDLER,
            form=ConsultedForm,
            input_guards=[
                _day_guard("answered_on", "consulted_on", gettext_lazy("征求意见日期"), ART_32),
                third_party_answered_or_due,
            ],
            action=do_consulted,
            meets=[Meets(THIRD_PARTY.code, on="third_party_answered_on")],
            resumes=[Resumes(REPLY.code, on="third_party_answered_on")],
        ),
        Transition(
            "fee_notice",
            gettext_lazy("发出收费通知"),
            source=[S.RECEIVED],
            target=S.FEE,
            roles=HANDLER,
            form=FeeNoticeForm,
            input_guards=[
                _day_guard("notice_on", "received_on", gettext_lazy("收到申请日期"), ART_42),
                fee_positive,
            ],
            action=do_fee_notice,
            pauses=[Pauses(REPLY.code, FEE_PAUSE, on="fee_notice_on")],
            starts=[Starts(FEE_PAYMENT, counting_from="fee_notice_on", days=_fee_days)],
            style="secondary",
        ),
        Transition(
            "fee_paid",
            gettext_lazy("登记缴费"),
            source=[S.FEE],
            target=S.RECEIVED,
            roles=HANDLER,
            form=FeePaidForm,
            input_guards=[_day_guard("paid_on", "fee_notice_on", gettext_lazy("收费通知送达日期"), ART_42)],
            action=do_fee_paid,
            meets=[Meets(FEE_PAYMENT.code, on="fee_paid_on")],
            resumes=[Resumes(REPLY.code, on="fee_paid_on")],
        ),
        Transition(
            "fee_unpaid",
            gettext_lazy("逾期未缴费，不再处理"),
            source=[S.FEE],
            target=S.CLOSED,
            roles=HANDLER,
            form=CloseForm,
            input_guards=[
                _day_guard("closed_on", "fee_notice_on", gettext_lazy("收费通知送达日期"), ART_42),
                fee_period_over,
            ],
            action=do_fee_unpaid,
            cancels=[Cancels(REPLY.code), Cancels(FEE_PAYMENT.code)],
            style="secondary",
        ),
        Transition(
            "extend",
            gettext_lazy("批准延长答复期限"),
            source=[S.RECEIVED],
            target=S.RECEIVED,
            roles=APPROVER,
            form=ExtendForm,
            guards=[approver_holds_post],
            input_guards=[applicant_told],
            extends=[Extends(REPLY.code, length=lambda r, data, deadline: data["days"], field="days")],
            post=gettext_lazy("政府信息公开工作机构负责人（政府信息公开条例第三十三条）"),
            style="secondary",
        ),
        Transition(
            "reply",
            gettext_lazy("答复"),
            source=[S.RECEIVED],
            target=S.CLOSED,
            roles=HANDLER,
            form=ReplyForm,
            input_guards=[
                _day_guard("replied_on", "received_on", gettext_lazy("收到申请日期"), ART_33),
                reply_contents,
            ],
            action=do_reply,
            meets=[Meets(REPLY.code, on="replied_on")],
            cancels=[Cancels(CORRECTION_NOTICE.code)],
        ),
    ],
)

WORKFLOWS = [REQUEST]


def fire(req: Request, name: str, user, data=None, *, prefix: str | None = None):
    return REQUEST.fire(req, name, user, data, prefix=prefix)


def start_clocks(req: Request) -> None:
    """The clocks a request has from the day it is received: the reply (第三十三条) and the
    correction notice (第三十条)."""
    deadlines.start(req, rule=REPLY, starts_on=req.received_on)
    deadlines.start(req, rule=CORRECTION_NOTICE, starts_on=req.received_on)
