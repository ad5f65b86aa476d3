"""The mediation app's forms: registering a dispute (with its first two parties), a party, a
session record, a screening. The steps' input forms are in `workflow.py`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.widgets import DateInput
from fazhi.mediation.models import Committee, Dispute, DisputeParty, Screening, Session

KINDS = (RegionKind.TOWN, RegionKind.VILLAGE, RegionKind.GRID)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


def writable_regions(user, permission: str):
    """The towns, villages and grids where `user` may place a record under `permission`."""
    return Region.objects.writable_by(user, permission).filter(kind__in=KINDS).order_by("path")


def committees_for(user, permission: str):
    """The committees of the towns where `user` holds `permission` (a grid worker registers a
    dispute for the village's committee above their grid)."""
    towns = {p.split("/")[1] for p in user.permission_paths(permission) if p.count("/") >= 2}
    county_wide = any(p.count("/") == 1 for p in user.permission_paths(permission))
    qs = Committee.objects.all() if county_wide else Committee.objects.filter(town_code__in=towns)
    return qs.select_related("region").order_by("region__path", "name")


class DisputeForm(forms.ModelForm):
    """登记矛盾纠纷: the dispute, its applicant and its respondent."""

    region = RegionChoiceField(label=_("纠纷发生地（村、网格）"), queryset=Region.objects.none())

    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    applicant_phone = forms.CharField(label=_("申请人联系方式"), max_length=20, required=False)
    applicant_id_number = forms.CharField(label=_("申请人身份证号码"), max_length=18, required=False)
    applicant_address = forms.CharField(label=_("申请人住址"), max_length=200, required=False)
    respondent_name = forms.CharField(label=_("被申请人姓名或名称"), max_length=100)
    respondent_phone = forms.CharField(label=_("被申请人联系方式"), max_length=20, required=False)
    respondent_address = forms.CharField(label=_("被申请人住址"), max_length=200, required=False)

    class Meta:
        model = Dispute
        fields = [
            "committee",
            "region",
            "title",
            "summary",
            "dispute_type",
            "amount",
            "source",
            "referred_by",
            "referral_reference",
            "kind",
            "registered_on",
        ]
        widgets = {"registered_on": DateInput, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["committee"].queryset = committees_for(user, roles.DISPUTE_REGISTER)
        self.fields["region"].queryset = writable_regions(user, roles.DISPUTE_REGISTER)
        self.fields["registered_on"].initial = timezone.localdate

    def parties(self, dispute) -> list[DisputeParty]:
        data = self.cleaned_data
        return [
            DisputeParty(
                dispute=dispute,
                region=dispute.region,
                role=DisputeParty.Role.APPLICANT,
                name=data["applicant_name"],
                phone=data.get("applicant_phone", ""),
                id_number=data.get("applicant_id_number", ""),
                address=data.get("applicant_address", ""),
            ),
            DisputeParty(
                dispute=dispute,
                region=dispute.region,
                role=DisputeParty.Role.RESPONDENT,
                name=data["respondent_name"],
                phone=data.get("respondent_phone", ""),
                address=data.get("respondent_address", ""),
            ),
        ]


class PartyForm(forms.ModelForm):
    """A party, and whether they agree to mediation (人民调解法 第十七条)."""

    class Meta:
        model = DisputeParty
        fields = [
            "role",
            "name",
            "sex",
            "ethnicity",
            "age",
            "occupation",
            "phone",
            "address",
            "id_number",
            "agent",
            "consent",
            "consent_on",
        ]
        widgets = {"consent_on": DateInput}


class SessionForm(forms.ModelForm):
    """A session's record (人民调解记录)."""

    held_on = forms.DateField(label=_("调解日期"), widget=DateInput)

    class Meta:
        model = Session
        fields = ["place", "participants", "parties_present", "record"]
        widgets = {
            "record": forms.Textarea(attrs={"rows": 4}),
            "parties_present": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.dispute = dispute
        self.fields["parties_present"].queryset = dispute.parties.all()
        self.fields["held_on"].initial = timezone.localdate

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise ValidationError(_("调解日期不能晚于今天"))
        if self.dispute.accepted_on and day < self.dispute.accepted_on:
            raise ValidationError(_("调解日期不能早于受理日期"))
        return day

    def save(self, commit=True):
        session = super().save(commit=False)
        session.dispute = self.dispute
        session.region = self.dispute.region
        session.held_at = timezone.make_aware(dt.datetime.combine(self.cleaned_data["held_on"], dt.time(9)))
        if commit:
            session.save()
            self.save_m2m()
        return session


class ScreeningForm(forms.ModelForm):
    """矛盾纠纷排查登记."""

    region = RegionChoiceField(label=_("排查区域"), queryset=Region.objects.none())

    class Meta:
        model = Screening
        fields = ["region", "screened_on", "found", "disputes_found"]
        widgets = {"screened_on": DateInput, "found": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = writable_regions(user, roles.DISPUTE_REGISTER)
        self.fields["screened_on"].initial = timezone.localdate

    def clean_screened_on(self):
        day = self.cleaned_data["screened_on"]
        if day > timezone.localdate():
            raise ValidationError(_("排查日期不能晚于今天"))
        return day
