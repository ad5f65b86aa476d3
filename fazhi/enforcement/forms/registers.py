"""Forms of the registers: enforcement bodies, officers and their certificates, the powers list
and its discretion levels."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind, User
from fazhi.core.widgets import DateInput
from fazhi.enforcement.forms.common import (
    RegionChoiceField,
    VisibleFormMixin,
    regions_under,
)
from fazhi.enforcement.models import (
    BasisVersion,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Officer,
    PenaltyKind,
    Power,
)


class BodyForm(VisibleFormMixin, forms.ModelForm):
    write_permission = roles.ENFORCEMENT_MANAGE

    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = EnforcementBody
        fields = [
            "name",
            "kind",
            "region",
            "legal_basis",
            "case_prefix",
            "order_prefix",
            "address",
            "phone",
            "complaint_channel",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.COUNTY, RegionKind.TOWN), permission=self.write_permission
        )


class OfficerForm(VisibleFormMixin, forms.ModelForm):
    write_permission = roles.ENFORCEMENT_MANAGE

    class Meta:
        model = Officer
        fields = ["name", "body", "position", "user", "active", "review_duty_since", "legal_qualification"]
        widgets = {"review_duty_since": DateInput}
        help_texts = {
            "review_duty_since": _(
                "法制审核人员填写；2021年7月15日以后初次从事法制审核的，须登记法律职业资格（行政处罚法第五十八条第二款）"
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)
        # Accounts of enforcement officers within the user's regions (an officer may have none).
        paths = user.scope_paths
        in_scope = Q(pk__in=[])
        for path in paths:
            in_scope |= Q(memberships__region__path__startswith=path)
        self.fields["user"].queryset = (
            User.objects.filter(
                in_scope, is_active=True, memberships__role__in=("enforcement_officer", "legal_reviewer")
            )
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["user"].required = False


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["number", "issuing_authority", "valid_from", "valid_until", "status", "status_changed_on"]
        widgets = {"valid_from": DateInput, "valid_until": DateInput, "status_changed_on": DateInput}


class PowerForm(VisibleFormMixin, forms.ModelForm):
    write_permission = roles.ENFORCEMENT_MANAGE

    class Meta:
        model = Power
        fields = [
            "body",
            "code",
            "name",
            "law",
            "article",
            "basis_text",
            "penalties",
            "penalty_kinds",
            "fine_min",
            "fine_max",
            "in_review_catalogue",
            "devolved",
            "active",
        ]
        widgets = {"basis_text": forms.Textarea(attrs={"rows": 4})}

    penalty_kinds = forms.MultipleChoiceField(
        label=_("依据规定的处罚种类"),
        choices=[(k, label) for k, label in PenaltyKind.choices if k != PenaltyKind.DETENTION],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("行政处罚法第三十八条：告知和决定只能选择依据规定的种类；不勾选的，按“处罚种类”文字识别"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)

    def clean_penalty_kinds(self):
        return list(self.cleaned_data.get("penalty_kinds") or [])


class DiscretionLevelForm(forms.ModelForm):
    class Meta:
        model = DiscretionLevel
        fields = ["level", "fine_min", "fine_max", "description", "penalties"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, power, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.power = power

    def clean_level(self):
        level = self.cleaned_data["level"]
        taken = DiscretionLevel.objects.filter(power=self.instance.power, level=level)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("该处罚事项已有这一裁量等级，请修改原有等级"))
        return level


class BasisVersionForm(forms.ModelForm):
    """A version of the power's basis with the day it took effect (行政处罚法 第三十七条)."""

    class Meta:
        model = BasisVersion
        fields = [
            "label",
            "effective_from",
            "law",
            "article",
            "basis_text",
            "penalty_kinds",
            "fine_min",
            "fine_max",
            "no_offence",
        ]
        widgets = {"effective_from": DateInput(), "basis_text": forms.Textarea(attrs={"rows": 3})}

    penalty_kinds = forms.MultipleChoiceField(
        label=_("依据规定的处罚种类"),
        choices=[(k, label) for k, label in PenaltyKind.choices if k != PenaltyKind.DETENTION],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, power, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.power = power

    def clean_penalty_kinds(self):
        return list(self.cleaned_data.get("penalty_kinds") or [])

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        taken = BasisVersion.objects.filter(power=self.instance.power, effective_from=day)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("该处罚事项已有同一天施行的依据版本"))
        return day

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("no_offence") and not cleaned.get("penalty_kinds"):
            self.add_error(
                "penalty_kinds",
                _(
                    "行政处罚法第三十八条：请勾选该版本规定的处罚种类（不再认为是违法的，勾选“不再认为是违法”）"
                ),
            )
        return cleaned
