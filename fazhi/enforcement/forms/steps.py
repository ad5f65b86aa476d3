"""Forms that clean the input of each step of a case: `Workflow.fire` runs the step's form for
every door (web page, API, demo, tests), so the workflow's guards and actions see dates,
Decimals, booleans and model instances only.

They check types and required fields only; what the law forbids is checked by the workflow's
guards (fazhi/enforcement/workflow/guards.py and input_guards.py), which refuse with the
article. The day of a step left empty means "today".
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core import workflow
from fazhi.core.models import User
from fazhi.core.widgets import DateInput
from fazhi.enforcement import rules
from fazhi.enforcement.models import DiscretionLevel, PenaltyKind


def _day(label, help_text=""):
    """The day the step happens on (today when left empty)."""
    return workflow.DayField(label=label, required=False, widget=DateInput, help_text=help_text)


def _date(label, required=False, help_text="", missing=None):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput,
        help_text=help_text,
        error_messages={"required": missing} if missing else None,
    )


def _money(label, required=False, missing=None):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"required": missing} if missing else None,
    )


def _text(label, required=False, rows=3, missing=None):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing} if missing else None,
    )


def _penalties(label, required=True):
    return forms.MultipleChoiceField(
        label=label, choices=PenaltyKind.choices, required=required, widget=forms.CheckboxSelectMultiple
    )


class StepForm(workflow.StepForm):
    """A step's input on one case (`record`, or `case`). The case narrows choices (discretion
    levels of its power, hearing chairs of its town)."""

    def __init__(self, *args, case=None, record=None, user=None, **kwargs):
        case = case if case is not None else record
        super().__init__(*args, record=case, user=user, **kwargs)
        self.case = case
        if "discretion_level" in self.fields:
            levels = (
                DiscretionLevel.objects.filter(power_id=case.power_id)
                if case
                else DiscretionLevel.objects.none()
            )
            self.fields["discretion_level"].queryset = levels
        if "chair" in self.fields and case is not None:
            self.fields["chair"].queryset = (
                User.objects.filter(is_active=True, memberships__region__in=case.region.ancestors())
                .distinct()
                .order_by("full_name", "username")
            )


def _level_field():
    return forms.ModelChoiceField(
        label=_("裁量等级"),
        queryset=DiscretionLevel.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选裁量等级不属于本案的处罚事项")},
    )


class FileForm(StepForm):
    filed_on = _day(_("立案日期"))


class InvestigationForm(StepForm):
    started_on = _day(_("开始调查日期"))


class ReviewForm(StepForm):
    opinion = _text(_("审核意见"), required=True, rows=5, missing=_("请填写法制审核意见"))
    reviewed_on = _day(_("审核日期"))


def _ground(label, help_text=""):
    """是/否, or not given (the case keeps what it had): radios prefilled from the case."""
    return forms.NullBooleanField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(choices=[(True, _("是")), (False, _("否"))]),
    )


class ReviewGroundsForm(StepForm):
    """法制审核的情形 (行政处罚法 第五十八条第一款第一、三、四项), recorded with a step; with any of
    them the decision needs a passed legal review."""

    GROUNDS = ("involves_major_public_interest", "is_complex", "other_review_basis")

    involves_major_public_interest = _ground(_("涉及重大公共利益"), _("行政处罚法第五十八条第一款第一项"))
    is_complex = _ground(
        _("案件情况疑难复杂、涉及多个法律关系"),
        _("行政处罚法第五十八条第一款第三项；亦须负责人集体讨论决定（第五十七条第二款）"),
    )
    other_review_basis = forms.CharField(
        label=_("法律、法规规定应当进行法制审核的其他情形"),
        required=False,
        max_length=300,
        help_text=_("写明依据（第五十八条第一款第四项）"),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            for name in self.GROUNDS:
                self.initial.setdefault(name, getattr(case, name))


class ReviewSubmissionForm(ReviewGroundsForm):
    pass


class NoticeForm(ReviewGroundsForm):
    notified_on = _day(_("告知日期"))
    facts = forms.CharField(
        label=_("违法事实"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("告知书载明的违法事实（行政处罚法第四十四条）；立案时已填写的可不改"),
    )
    discretion_level = _level_field()
    intended_penalties = _penalties(_("拟处罚种类"))
    intended_fine = _money(_("拟罚款金额（元）"))
    confiscation_value = _money(_("拟没收违法所得、非法财物的数额（价值，元）"))
    intended_other = forms.CharField(label=_("拟作出的其他处罚"), required=False, max_length=300)
    other_hearing_basis = forms.CharField(
        label=_("其他较重的行政处罚或法律、法规、规章规定的其他听证情形"),
        required=False,
        max_length=300,
        help_text=_("写明依据；填写的，告知当事人有要求听证的权利（行政处罚法第六十三条第一款第五、六项）"),
    )
    fine_outside_range_reason = _text(_("罚款超出裁量幅度的理由"))

    field_order = [
        "notified_on",
        "discretion_level",
        "intended_penalties",
        "intended_fine",
        "confiscation_value",
        "intended_other",
        "other_hearing_basis",
        "fine_outside_range_reason",
    ]

    def clean(self):
        data = super().clean()
        kinds = data.get("intended_penalties") or ()
        if rules.CONFISCATION_KIND in kinds and not data.get("confiscation_value"):
            self.add_error(
                "confiscation_value",
                _(
                    "拟没收违法所得、非法财物的，请填写其数额（价值）：没收较大数额、较大价值的，当事人有权要求听证（行政处罚法第六十三条第一款第二项）"
                ),
            )
        return data


class StatementForm(StepForm):
    statement = _text(_("陈述申辩意见"), rows=5)
    statement_on = _day(_("陈述申辩日期"))
    statement_waived = forms.BooleanField(label=_("当事人放弃陈述申辩"), required=False)
    hearing_waived = forms.BooleanField(label=_("当事人放弃听证"), required=False)


class HearingRequestForm(StepForm):
    requested_on = _day(_("听证申请日期"))


class HearingScheduleForm(StepForm):
    chair = forms.ModelChoiceField(
        label=_("听证主持人"),
        queryset=User.objects.filter(is_active=True),
        error_messages={"required": _("请指定听证主持人")},
    )
    notice_on = _day(_("通知日期"))
    scheduled_on = _date(_("听证日期"), required=True, missing=_("请填写听证日期"))
    place = forms.CharField(label=_("听证地点"), required=False, max_length=200)
    private = forms.BooleanField(label=_("不公开举行（涉及国家秘密、商业秘密或者个人隐私）"), required=False)


class HearingRecordForm(StepForm):
    held_on = _day(_("举行日期"))
    record = _text(_("听证笔录"), required=True, rows=6, missing=_("请填写听证笔录"))


class DecisionForm(StepForm):
    decided_on = _day(_("决定日期"))
    discretion_level = _level_field()
    decided_penalties = _penalties(_("处罚种类"))
    decided_fine = _money(_("罚款金额（元）"))
    decided_other = forms.CharField(label=_("其他处罚"), required=False, max_length=300)
    decision_reason = _text(_("决定理由"))
    fine_outside_range_reason = _text(_("罚款超出裁量幅度的理由"))
    collective_discussion = forms.BooleanField(label=_("经负责人集体讨论"), required=False)
    collective_discussion_on = _date(_("集体讨论日期"))
    collective_discussion_minutes = _text(_("集体讨论记录"))


class NoPenaltyForm(StepForm):
    decided_on = _day(_("决定日期"))
    decision_reason = _text(
        _("理由"), required=True, missing=_("行政处罚法第五十七条：请写明不予行政处罚或移送的理由")
    )


class ServiceForm(StepForm):
    served_on = _day(_("送达日期"))
    party_present = forms.BooleanField(label=_("当事人在场，当场交付"), required=False)
    service_method = forms.CharField(label=_("送达方式"), required=False, max_length=50)


class OnTheSpotForm(StepForm):
    decided_on = _day(_("决定日期"))
    discretion_level = _level_field()
    decided_penalties = _penalties(_("处罚种类"))
    decided_fine = _money(_("罚款金额（元）"))
    facts = forms.CharField(
        label=_("违法事实"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("违法事实确凿的方可当场处罚（行政处罚法第五十一条）；证据须已登记（第四十条）"),
    )
    party_informed = forms.BooleanField(
        label=_("已当场告知当事人处罚的事实、理由、依据及陈述申辩权利"), required=False
    )
    statement = _text(_("当事人陈述申辩"))
    fine_outside_range_reason = _text(_("罚款超出裁量幅度的理由"))


class PaymentForm(StepForm):
    paid_on = _day(_("缴款日期"))
    amount_paid = _money(_("缴款金额（元）"), required=True, missing=_("请填写缴款金额"))


class DeferralForm(StepForm):
    """第六十六条第二款: 当事人确有经济困难，经当事人申请和行政机关批准，可以暂缓或者分期缴纳."""

    applied_on = _day(_("当事人申请日期"))
    new_due_on = _date(_("批准延期缴纳至"), required=True, missing=_("请填写批准的缴纳期限"))
    reason = _text(
        _("延期理由（当事人确有经济困难的情况）"), required=True, missing=_("请填写延期缴纳的理由")
    )


class InstalmentPlanForm(StepForm):
    """第六十六条第二款: 当事人确有经济困难，经当事人申请和行政机关批准，可以分期缴纳."""

    applied_on = _day(_("当事人申请日期"))
    plan = forms.CharField(
        label=_("分期计划"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写分期计划")},
        help_text=_("每行一期：缴纳期限 金额，如“2021-10-15 500”；各期合计应等于罚款金额"),
    )
    reason = _text(
        _("分期理由（当事人确有经济困难的情况）"), required=True, missing=_("请填写分期缴纳的理由")
    )

    def clean_plan(self):
        from fazhi.enforcement.execution import parse_plan

        text = self.cleaned_data["plan"]
        try:
            plan = parse_plan(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("第%(line)s行无法识别：每行应为“缴纳期限 金额”，如“2021-10-15 500”") % {"line": exc.args[0]}
            ) from None
        return "\n".join(f"{day.isoformat()} {amount}" for day, amount in plan)


class InstalmentPaymentForm(StepForm):
    paid_on = _day(_("缴款日期"))
    amount_paid = _money(_("缴款金额（元）"), required=True, missing=_("请填写缴款金额"))


class ReminderForm(StepForm):
    reminded_on = _day(_("催告书送达日期"))


class CompulsoryForm(StepForm):
    applied_on = _day(_("申请日期"))
    court = forms.CharField(label=_("受理法院"), required=False, max_length=100)


class CloseForm(StepForm):
    closed_on = _day(_("结案日期"))


class ArchiveForm(StepForm):
    archived_on = _day(_("归档日期"))


class PublishForm(StepForm):
    published_on = _day(_("公示日期"))


class ChangeForm(StepForm):
    changed_on = _day(_("变更（撤销）日期"))
    reason = _text(
        _("变更、撤销或确认违法的情况"),
        required=True,
        missing=_("行政处罚法第四十八条：请写明决定被变更、撤销或确认违法的情况"),
    )


class WithdrawalForm(StepForm):
    withdrawn_on = _day(_("撤回日期"))
    reason = _text(_("撤回理由"))


class RevokeFilingForm(StepForm):
    """撤销立案: a case filed by mistake, withdrawn with the leader's approval and a reason."""

    revoked_on = _day(_("撤销立案日期"))
    reason = _text(
        _("撤销立案理由"), required=True, missing=_("撤销立案应写明理由（如：不属于本机关管辖、误立案）")
    )


class ExtensionForm(StepForm):
    new_due_on = _date(_("延长至"), required=True, missing=_("请填写延长后的决定期限"))
    reason = _text(_("延长理由"), required=True, missing=_("行政处罚法第六十条：延长办案期限应写明理由"))


# The days a correction step may repair (a step recorded on the wrong day), in procedure order.
CORRECTABLE_DAYS = [
    ("filed_on", _("立案日期")),
    ("notified_on", _("告知日期")),
    ("statement_on", _("陈述申辩日期")),
    ("decided_on", _("决定日期")),
    ("served_on", _("送达日期")),
    ("paid_on", _("缴款日期")),
    ("reminded_on", _("催告书送达日期")),
    ("compulsory_execution_applied_on", _("申请强制执行日期")),
    ("closed_on", _("结案日期")),
    ("published_on", _("公示日期")),
]


class CorrectionForm(StepForm):
    """更正: a day recorded wrongly, repaired with a reason (in the ledger with the step)."""

    field = forms.ChoiceField(label=_("更正的日期"), choices=CORRECTABLE_DAYS)
    new_day = _date(_("正确的日期"), required=True, missing=_("请填写正确的日期"))
    reason = _text(_("更正理由"), required=True, missing=_("请写明更正的理由"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["field"].choices = [
                (name, label) for name, label in CORRECTABLE_DAYS if getattr(self.case, name, None)
            ]


PRESERVATION_OUTCOMES = [
    ("release", _("解除先行登记保存，返还当事人")),
    ("evidence", _("作为证据依法处理（随案处理）")),
    ("transfer", _("移送有关机关依法处理")),
]


class PreservationForm(StepForm):
    """先行登记保存 (行政处罚法 第五十六条): 证据可能灭失或者以后难以取得，经行政机关负责人批准."""

    preserved_on = _day(_("先行登记保存日期"))
    items = _text(
        _("先行登记保存的证据（物品名称、数量、存放地点）"),
        required=True,
        missing=_("请写明先行登记保存的证据"),
    )
    reason = _text(
        _("证据可能灭失或者以后难以取得的情形"), required=True, missing=_("请写明先行登记保存的理由")
    )


class PreservationDecisionForm(StepForm):
    decided_on = _day(_("处理决定日期"))
    outcome = forms.ChoiceField(label=_("处理决定"), choices=PRESERVATION_OUTCOMES)
