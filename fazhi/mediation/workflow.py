"""The mediation of a dispute as a declared Workflow (`DISPUTE` over `Dispute.state`).

已登记 ─accept→ 已受理 (every party consented: 人民调解法 第十七条) ─investigate→ 调查中
─mediate→ 调解中 (sessions are recorded) ─succeed→ 调解成功 (the agreement, 第二十八、二十九条)
─perform→ 履行中 ─follow_up→ 已回访 ─close→ 已结案 ─archive→ 已归档. A party's refusal ends it
before acceptance (decline → 不予调解, 第十七条); mediation may end (end → 调解终止, e.g. a party
asks to end it, 第二十三条) or fail (fail → 调解不成: the reasons and the other routes told to
the parties, 第二十六条); both are then closed and archived.

Deadlines: one month from acceptance (人民调解工作若干规定 第三十三条, `MEDIATION`), extended
only with both parties' agreement (`extend`); the 30 days for the parties' joint application
for 司法确认 (人民调解法 第三十三条, `CONFIRMATION`) from the agreement taking effect. 行政调解 (an
administrative mediation recorded here) keeps its own rules: neither clock nor the 人民调解
agreement guards apply to it. Numbers in `rules.py`.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.deadlines import ClockRule
from fazhi.core.workflow import (
    Cancels,
    DayField,
    Extends,
    Meets,
    Refusal,
    Starts,
    StepForm,
    Transition,
    Workflow,
)
from fazhi.mediation import rules
from fazhi.mediation.models import Agreement, Dispute, DisputeParty, FollowUp

S = Dispute.State
MEDIATOR = {"mediator"}

# --- clocks ----------------------------------------------------------------------------------------

# The period is one calendar month from acceptance, given in days when it starts.
MEDIATION = ClockRule(
    "mediation.mediation",
    gettext_lazy("调结纠纷"),
    gettext_lazy("人民调解工作若干规定第三十三条：调解纠纷，一般在一个月内调结"),
    0,
    warn_before=7,
    max_extensions=rules.MEDIATION_EXTENSIONS,
    max_extension_length=rules.MEDIATION_EXTENSION_DAYS,
)
CONFIRMATION = ClockRule(
    "mediation.confirmation",
    gettext_lazy("共同申请司法确认"),
    gettext_lazy("人民调解法第三十三条：自调解协议生效之日起三十日内共同向人民法院申请司法确认"),
    rules.CONFIRMATION_DAYS,
    warn_before=5,
)

ART_17 = gettext_lazy("人民调解法第十七条")
ART_23 = gettext_lazy("人民调解法第二十三条")
ART_26 = gettext_lazy("人民调解法第二十六条")
ART_27 = gettext_lazy("人民调解法第二十七条")
ART_28 = gettext_lazy("人民调解法第二十八条")
ART_29 = gettext_lazy("人民调解法第二十九条")
ART_33 = gettext_lazy("人民调解法第三十三条")
RULE_33 = gettext_lazy("人民调解工作若干规定第三十三条")


# --- step forms --------------------------------------------------------------------------------------


class AcceptForm(StepForm):
    accepted_on = DayField(label=gettext_lazy("受理日期"), required=False)


class EndForm(StepForm):
    ended_on = DayField(label=gettext_lazy("日期"), required=False)
    reason = forms.CharField(label=gettext_lazy("原因"), widget=forms.Textarea(attrs={"rows": 3}))


class FailForm(EndForm):
    routes_told = forms.CharField(
        label=gettext_lazy("告知当事人的其他解决途径"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("如：仲裁、行政、司法等途径"),
    )


class ExtendForm(StepForm):
    days = forms.IntegerField(label=gettext_lazy("延长天数"), min_value=1)
    both_agree = forms.BooleanField(label=gettext_lazy("双方当事人同意延长"), required=False)
    reason = forms.CharField(label=gettext_lazy("延长理由"), widget=forms.Textarea(attrs={"rows": 2}))


class AgreementForm(StepForm):
    form = forms.ChoiceField(label=gettext_lazy("协议形式"), choices=Agreement.Form.choices)
    facts = forms.CharField(
        label=gettext_lazy("纠纷主要事实、争议事项及各方责任"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    content = forms.CharField(label=gettext_lazy("协议内容"), widget=forms.Textarea(attrs={"rows": 4}))
    performance_terms = forms.CharField(
        label=gettext_lazy("履行方式、地点、期限"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    signed_on = DayField(label=gettext_lazy("协议生效日期"), required=False)
    copies = forms.IntegerField(label=gettext_lazy("协议份数"), min_value=1, required=False)


class PerformForm(StepForm):
    note = forms.CharField(label=gettext_lazy("履行情况"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(StepForm):
    visited_on = DayField(label=gettext_lazy("回访日期"), required=False)
    result = forms.CharField(
        label=gettext_lazy("回访情况（履行情况和满意程度）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(StepForm):
    closed_on = DayField(label=gettext_lazy("结案日期"), required=False)


class ArchiveForm(StepForm):
    archived_on = DayField(label=gettext_lazy("归档日期"), required=False)


class ConfirmationForm(StepForm):
    applied_on = DayField(label=gettext_lazy("申请日期"), required=False)
    court = forms.CharField(label=gettext_lazy("受理法院"), max_length=100)
    jointly = forms.BooleanField(label=gettext_lazy("双方当事人共同申请"), required=False)


class ConfirmationOutcomeForm(StepForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("裁定结果"),
        choices=[
            (Agreement.Confirmation.CONFIRMED, Agreement.Confirmation.CONFIRMED.label),
            (Agreement.Confirmation.REJECTED, Agreement.Confirmation.REJECTED.label),
        ],
    )


# --- guards --------------------------------------------------------------------------------------------


def _parties(dispute) -> list[DisputeParty]:
    return list(dispute.parties.all())


def everyone_consented(dispute, user, data):
    """人民调解法 第十七条: mediation only with the parties' consent; an applicant and a
    respondent at least, each having said yes."""
    parties = _parties(dispute)
    roles_present = {p.role for p in parties}
    if not {DisputeParty.Role.APPLICANT, DisputeParty.Role.RESPONDENT} <= roles_present:
        return Refusal(
            _("受理前应登记申请人和被申请人（人民调解法第十七条）"),
            "parties_missing",
            field="parties",
            article=ART_17,
        )
    refused = [p for p in parties if p.consent == DisputeParty.Consent.REFUSED]
    if refused:
        return Refusal(
            _("当事人%(name)s明确拒绝调解，不得调解（人民调解法第十七条）") % {"name": refused[0].name},
            "party_refused",
            field="parties",
            article=ART_17,
        )
    pending = [p for p in parties if p.consent != DisputeParty.Consent.GIVEN]
    if pending:
        return Refusal(
            _("尚未记录当事人%(name)s同意调解（人民调解法第十七条）") % {"name": pending[0].name},
            "consent_missing",
            field="parties",
            article=ART_17,
        )
    return None


def someone_refused(dispute, user, data):
    if not any(p.consent == DisputeParty.Consent.REFUSED for p in _parties(dispute)):
        return Refusal(
            _("没有当事人拒绝调解，不能以此不予调解（人民调解法第十七条）"),
            "no_refusal",
            field="parties",
            article=ART_17,
        )
    return None


def session_recorded(dispute, user, data):
    """人民调解法 第二十七条: 人民调解员调解纠纷，应当记录调解情况."""
    if not dispute.sessions.exists():
        return Refusal(
            _("尚未记录调解情况（人民调解法第二十七条：应当记录调解情况）"),
            "no_session",
            field="sessions",
            article=ART_27,
        )
    return None


def agreement_contents(dispute, user, data):
    """人民调解法 第二十九条 (a written agreement) and 第二十八条 (an oral one: the mediator records
    its content). Not for 行政调解."""
    if not dispute.is_people:
        return None
    if data.get("form") == Agreement.Form.WRITTEN:
        for name, label in (
            ("facts", _("纠纷主要事实、争议事项及各方责任")),
            ("performance_terms", _("履行方式、时间")),
        ):
            if not data.get(name):
                return Refusal(
                    _("书面调解协议应当载明%(what)s（人民调解法第二十九条）") % {"what": label},
                    "agreement_incomplete",
                    field=name,
                    article=ART_29,
                )
    return None


def agreement_not_future(dispute, user, data):
    signed_on = data.get("signed_on")
    if signed_on and signed_on > timezone.localdate():
        return Refusal(_("协议生效日期不能晚于今天"), "future_day", field="signed_on")
    if signed_on and dispute.accepted_on and signed_on < dispute.accepted_on:
        return Refusal(_("协议生效日期不能早于受理日期"), "before_acceptance", field="signed_on")
    return None


def routes_told(dispute, user, data):
    """人民调解法 第二十六条: 调解不成的，应当终止调解，并依据有关法律规定告知当事人可以依法通过仲裁、
    行政、司法等途径维护自己的权利."""
    if not data.get("routes_told"):
        return Refusal(
            _("调解不成应告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（人民调解法第二十六条）"),
            "routes_not_told",
            field="routes_told",
            article=ART_26,
        )
    return None


def both_agree(dispute, user, data):
    if not data.get("both_agree"):
        return Refusal(
            _("超过一个月继续调解须经双方当事人同意（人民调解工作若干规定第三十三条）"),
            "extension_not_agreed",
            field="both_agree",
            article=RULE_33,
        )
    return None


def people_mediation_only(dispute, user, data):
    if not dispute.is_people:
        return Refusal(
            _("行政调解不适用人民调解协议的司法确认（人民调解法第三十三条）"),
            "not_people_mediation",
            field="kind",
            article=ART_33,
        )
    return None


def confirmation_not_applied(dispute, user, data):
    agreement = getattr(dispute, "agreement", None)
    if agreement is None or agreement.form != Agreement.Form.WRITTEN:
        return Refusal(
            _("只有书面调解协议可以申请司法确认"), "no_written_agreement", field="agreement", article=ART_33
        )
    if agreement.confirmation:
        return Refusal(_("已申请司法确认"), "already_applied", field="agreement", article=ART_33)
    return None


def joint_and_in_time(dispute, user, data):
    """人民调解法 第三十三条: the parties apply jointly, within 30 days of the agreement."""
    if not data.get("jointly"):
        return Refusal(
            _("司法确认应由双方当事人共同申请（人民调解法第三十三条）"),
            "not_joint",
            field="jointly",
            article=ART_33,
        )
    applied_on = data.get("applied_on") or timezone.localdate()
    last = dispute.agreement.signed_on + dt.timedelta(days=rules.CONFIRMATION_DAYS)
    if applied_on > last:
        return Refusal(
            _("已超过自调解协议生效之日起三十日的申请期限（截至%(last)s，人民调解法第三十三条）")
            % {"last": last},
            "confirmation_late",
            field="applied_on",
            article=ART_33,
        )
    if applied_on < dispute.agreement.signed_on:
        return Refusal(
            _("申请日期不能早于协议生效日期"), "before_agreement", field="applied_on", article=ART_33
        )
    return None


def confirmation_pending(dispute, user, data):
    agreement = getattr(dispute, "agreement", None)
    if agreement is None or agreement.confirmation != Agreement.Confirmation.APPLIED:
        return Refusal(_("尚未申请司法确认"), "not_applied", field="agreement", article=ART_33)
    return None


# --- actions -------------------------------------------------------------------------------------------


def do_accept(dispute, user, data):
    dispute.accepted_on = data.get("accepted_on") or timezone.localdate()
    if user is not None and not dispute.mediators.filter(pk=user.pk).exists():
        dispute.mediators.add(user)


def do_end(dispute, user, data):
    dispute.ended_on = data.get("ended_on") or timezone.localdate()
    dispute.end_reason = data["reason"]
    dispute.routes_told = data.get("routes_told", "")


def do_succeed(dispute, user, data):
    signed_on = data.get("signed_on") or timezone.localdate()
    dispute.ended_on = signed_on
    Agreement.objects.create(
        dispute=dispute,
        region=dispute.region,
        form=data["form"],
        facts=data.get("facts", ""),
        content=data["content"],
        performance_terms=data.get("performance_terms", ""),
        signed_on=signed_on,
        copies=data.get("copies") or dispute.parties.count() + 1,  # one per party, one kept
        is_sample=dispute.is_sample,
    )


def do_perform(dispute, user, data):
    agreement = dispute.agreement
    agreement.performance_note = data["note"]
    agreement.save(update_fields=["performance_note"])


def do_follow_up(dispute, user, data):
    FollowUp.objects.create(
        dispute=dispute,
        region=dispute.region,
        visited_on=data.get("visited_on") or timezone.localdate(),
        visited_by=user,
        result=data["result"],
        is_sample=dispute.is_sample,
    )


def do_close(dispute, user, data):
    dispute.closed_on = data.get("closed_on") or timezone.localdate()
    agreement = getattr(dispute, "agreement", None)
    if agreement is not None and not agreement.performed:
        agreement.performed = True  # 结案 when performance is complete (结案报告表)
        agreement.save(update_fields=["performed"])


def do_archive(dispute, user, data):
    dispute.archived_on = data.get("archived_on") or timezone.localdate()


def do_apply_confirmation(dispute, user, data):
    agreement = dispute.agreement
    agreement.confirmation = Agreement.Confirmation.APPLIED
    agreement.confirmation_applied_on = data.get("applied_on") or timezone.localdate()
    agreement.confirmation_court = data["court"]
    agreement.save(update_fields=["confirmation", "confirmation_applied_on", "confirmation_court"])


def do_confirmation_outcome(dispute, user, data):
    agreement = dispute.agreement
    agreement.confirmation = data["outcome"]
    agreement.save(update_fields=["confirmation"])


def _people(dispute, data) -> bool:
    return dispute.is_people


def _month(dispute, data) -> int:
    return rules.mediation_days(dispute.accepted_on)


def _signed_on(dispute, data):
    return dispute.agreement.signed_on


OPEN = [S.ACCEPTED, S.INVESTIGATING, S.MEDIATING]

DISPUTE = Workflow(
    model=Dispute,
    frozen=[S.ARCHIVED],
    transitions=[
        Transition(
            "accept",
            gettext_lazy("受理"),
            source=[S.REGISTERED],
            target=S.ACCEPTED,
            roles=MEDIATOR,
            form=AcceptForm,
            guards=[everyone_consented],
            action=do_accept,
            starts=[Starts(MEDIATION, counting_from="accepted_on", days=_month, when=_people)],
        ),
        Transition(
            "decline",
            gettext_lazy("不予调解（当事人拒绝）"),
            source=[S.REGISTERED],
            target=S.DECLINED,
            roles=MEDIATOR,
            form=EndForm,
            guards=[someone_refused],
            action=do_end,
            style="secondary",
        ),
        Transition(
            "investigate",
            gettext_lazy("开始调查"),
            source=[S.ACCEPTED],
            target=S.INVESTIGATING,
            roles=MEDIATOR,
            style="secondary",
        ),
        Transition(
            "mediate",
            gettext_lazy("开始调解"),
            source=[S.ACCEPTED, S.INVESTIGATING],
            target=S.MEDIATING,
            roles=MEDIATOR,
        ),
        Transition(
            "extend",
            gettext_lazy("延长调解期限"),
            source=[S.MEDIATING],
            target=S.MEDIATING,
            roles=MEDIATOR,
            form=ExtendForm,
            guards=[people_mediation_only],
            input_guards=[both_agree],
            extends=[Extends(MEDIATION.code, length=lambda d, data, deadline: data["days"], field="days")],
            style="secondary",
        ),
        Transition(
            "succeed",
            gettext_lazy("调解成功（达成协议）"),
            source=[S.MEDIATING],
            target=S.SUCCEEDED,
            roles=MEDIATOR,
            form=AgreementForm,
            guards=[session_recorded],
            input_guards=[agreement_not_future, agreement_contents],
            action=do_succeed,
            meets=[Meets(MEDIATION.code, on="ended_on")],
            starts=[
                Starts(
                    CONFIRMATION,
                    counting_from=_signed_on,
                    when=lambda d, data: d.is_people and data.get("form") == Agreement.Form.WRITTEN,
                )
            ],
        ),
        Transition(
            "end",
            gettext_lazy("终止调解"),
            source=OPEN,
            target=S.ENDED,
            roles=MEDIATOR,
            form=EndForm,
            action=do_end,
            cancels=[Cancels(MEDIATION.code)],
            style="secondary",
        ),
        Transition(
            "fail",
            gettext_lazy("调解不成"),
            source=[S.MEDIATING],
            target=S.FAILED,
            roles=MEDIATOR,
            form=FailForm,
            guards=[session_recorded],
            input_guards=[routes_told],
            action=do_end,
            meets=[Meets(MEDIATION.code, on="ended_on")],
            style="secondary",
        ),
        Transition(
            "apply_confirmation",
            gettext_lazy("申请司法确认"),
            source=[S.SUCCEEDED],
            target=S.SUCCEEDED,
            roles=MEDIATOR,
            form=ConfirmationForm,
            guards=[people_mediation_only, confirmation_not_applied],
            input_guards=[joint_and_in_time],
            action=do_apply_confirmation,
            meets=[Meets(CONFIRMATION.code, on=lambda d, data: d.agreement.confirmation_applied_on)],
            style="secondary",
        ),
        Transition(
            "confirmation_outcome",
            gettext_lazy("登记司法确认结果"),
            source=[S.SUCCEEDED],
            target=S.SUCCEEDED,
            roles=MEDIATOR,
            form=ConfirmationOutcomeForm,
            guards=[confirmation_pending],
            action=do_confirmation_outcome,
            style="secondary",
        ),
        Transition(
            "perform",
            gettext_lazy("督促履行"),
            source=[S.SUCCEEDED],
            target=S.PERFORMING,
            roles=MEDIATOR,
            form=PerformForm,
            action=do_perform,
        ),
        Transition(
            "follow_up",
            gettext_lazy("回访"),
            source=[S.PERFORMING],
            target=S.FOLLOWED_UP,
            roles=MEDIATOR,
            form=FollowUpForm,
            action=do_follow_up,
        ),
        Transition(
            "close",
            gettext_lazy("结案"),
            source=[S.FOLLOWED_UP, S.ENDED, S.FAILED, S.DECLINED],
            target=S.CLOSED,
            roles=MEDIATOR,
            form=CloseForm,
            action=do_close,
            cancels=[Cancels(CONFIRMATION.code)],
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            source=[S.CLOSED],
            target=S.ARCHIVED,
            roles=MEDIATOR,
            form=ArchiveForm,
            action=do_archive,
        ),
    ],
)

WORKFLOWS = [DISPUTE]


def fire(dispute: Dispute, name: str, user, data=None, *, prefix: str | None = None):
    return DISPUTE.fire(dispute, name, user, data, prefix=prefix)
