"""Forms of rectification orders (责令改正通知书): issuing one, the input of the follow-up
check (the steps of `fazhi.enforcement.workflow.ORDER`), and filing a case from an order not
complied with."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import workflow
from fazhi.core.models import Region, RegionKind
from fazhi.core.widgets import DateInput
from fazhi.enforcement.forms.cases import OfficerChoiceField, PartyFieldsMixin
from fazhi.enforcement.forms.common import (
    RegionChoiceField,
    VisibleFormMixin,
    date_field,
    regions_under,
)
from fazhi.enforcement.models import (
    Case,
    CaseState,
    EnforcementBody,
    Officer,
    Power,
    RectificationOrder,
)


class OrderForm(VisibleFormMixin, PartyFieldsMixin):
    """责令改正通知书: to a party, with a deadline; with or without a case."""

    body = forms.ModelChoiceField(label=_("执法主体"), queryset=EnforcementBody.objects.none())
    region = RegionChoiceField(label=_("所在村（网格）"), queryset=Region.objects.none())
    issued_on = date_field(_("下达日期"), initial=timezone.localdate)
    deadline = date_field(_("整改期限"))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 4}))
    case = forms.ModelChoiceField(label=_("关联案件"), queryset=Case.objects.none(), required=False)

    field_order = [
        "body",
        "party_kind",
        "party_name",
        "party_id_number",
        "party_credit_code",
        "party_legal_representative",
        "party_address",
        "party_phone",
        "region",
        "issued_on",
        "deadline",
        "requirement",
        "case",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.VILLAGE, RegionKind.GRID), permission=self.write_permission
        )
        # Cases still being handled (an order issued in the course of one).
        self.fields["case"].queryset = (
            Case.objects.writable_by(user, self.write_permission)
            .exclude(state__in=[CaseState.DRAFT, CaseState.CLOSED, CaseState.ARCHIVED, CaseState.REVOKED])
            .order_by("-id")
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_party(cleaned)
        issued, deadline = cleaned.get("issued_on"), cleaned.get("deadline")
        if issued and deadline and deadline < issued:
            self.add_error("deadline", _("整改期限不能早于下达日期"))
        body, region = cleaned.get("body"), cleaned.get("region")
        if body and region and not region.path.startswith(body.region.path):
            self.add_error("region", _("所选村（网格）不在该执法主体的管辖区划内"))
        return cleaned


class OrderCheckForm(workflow.StepForm):
    """The input of a follow-up check (复查), for both of ORDER's steps (`record_rectified`,
    `record_overdue`): the day of the check (today when left empty) and what was found. Types
    only: a check before the order was issued, in the future, or of an order not yet due is
    refused by the step's guards (fazhi.enforcement.workflow.guards / input_guards), on its
    field."""

    checked_on = workflow.DayField(label=_("复查日期"), required=False, widget=DateInput)
    check_note = forms.CharField(
        label=_("复查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrderFileCaseForm(VisibleFormMixin, forms.Form):
    """逾期未改 → 立案 in one step: the power applied and the officers."""

    power = forms.ModelChoiceField(label=_("处罚事项（权责清单）"), queryset=Power.objects.none())
    officers = OfficerChoiceField(
        label=_("执法人员"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不得少于两人，均须持有有效执法证（行政处罚法第四十二条）"),
    )
    cause = forms.CharField(
        label=_("案由"), max_length=200, required=False, help_text=_("不填则按整改要求生成")
    )
    filed_on = date_field(_("立案日期"), required=False, help_text=_("不填为今天"))

    def __init__(self, *args, user, order: RectificationOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.narrow(user)
        self.fields["power"].queryset = self.fields["power"].queryset.filter(body_id=order.body_id)
        self.fields["officers"].queryset = self.fields["officers"].queryset.filter(body_id=order.body_id)
