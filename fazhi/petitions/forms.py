"""The petitions app's forms: registering a matter (with its first petitioner), a petitioner, a
registration at a level, a leader's reception, a 包案 and its progress, a 三无 item. The steps'
input forms are in `workflow.py`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind, User
from fazhi.core.widgets import DateInput
from fazhi.petitions import rules
from fazhi.petitions.models import Case, CaseNote, Matter, Petitioner, Reception, Registration, Standing

KINDS = (RegionKind.TOWN, RegionKind.VILLAGE)
RECENT_DAYS = 30


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


def writable_regions(user, permission: str):
    return Region.objects.writable_by(user, permission).filter(kind__in=KINDS).order_by("path")


def leaders_for(user):
    """The town leaders (镇领导 accounts) of the towns where `user` handles petitions."""
    paths = user.permission_paths(roles.PETITION_HANDLE) or user.permission_paths(roles.PETITION_RECEIVE)
    towns = {p.split("/")[1] for p in paths if p.count("/") >= 2}
    qs = User.objects.filter(memberships__role="town_leader", is_active=True)
    if towns:
        qs = qs.filter(memberships__region__code__in=towns)
    return qs.distinct().order_by("full_name", "username")


class MatterForm(forms.ModelForm):
    """登记信访事项: the matter and its first petitioner (more are added on its page)."""

    region = RegionChoiceField(label=_("信访人所在地（镇、村）"), queryset=Region.objects.none())
    petitioner_name = forms.CharField(label=_("信访人姓名"), max_length=100)
    petitioner_id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    petitioner_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    petitioner_address = forms.CharField(label=_("住址"), max_length=200, required=False)

    class Meta:
        model = Matter
        fields = [
            "region",
            "received_on",
            "form",
            "source",
            "sender",
            "sender_reference",
            "sender_deadline",
            "national_number",
            "title",
            "content",
            "requests",
            "kind",
            "category",
            "persons",
            "responsible_unit",
            "lead",
        ]
        widgets = {
            "received_on": DateInput,
            "sender_deadline": DateInput,
            "content": forms.Textarea(attrs={"rows": 3}),
            "requests": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, source_record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = writable_regions(user, roles.PETITION_HANDLE)
        self.fields["lead"].queryset = leaders_for(user)
        self.fields["received_on"].initial = timezone.localdate
        if source_record is not None and not self.is_bound:
            self.initial.update(
                {
                    "title": str(source_record)[:200],
                    "content": getattr(source_record, "description", ""),
                    "region": self._village_of(source_record),
                    "petitioner_name": getattr(source_record, "citizen_name", ""),
                    "petitioner_phone": getattr(source_record, "citizen_phone", ""),
                    "form": Matter.Form.VISIT,
                }
            )

    def _village_of(self, record):
        region = record.region
        codes = [c for c in region.path.split("/") if c]
        found = Region.objects.filter(code__in=codes, kind=RegionKind.VILLAGE).first()
        return (found or region).pk

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("收到日期不能晚于今天"))
        return day

    def petitioners(self) -> list[Petitioner]:
        data = self.cleaned_data
        return [
            Petitioner(
                name=data["petitioner_name"],
                id_number=data.get("petitioner_id_number", ""),
                phone=data.get("petitioner_phone", ""),
                address=data.get("petitioner_address", ""),
                representative=(data.get("persons") or 1) >= rules.collective_persons(data.get("region")),
            )
        ]


class PetitionerForm(forms.ModelForm):
    class Meta:
        model = Petitioner
        fields = ["name", "id_number", "phone", "address", "representative"]


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["level", "registered_on", "body", "abnormal"]
        widgets = {"registered_on": DateInput}


class ReceptionForm(forms.ModelForm):
    region = RegionChoiceField(label=_("接访地（镇、村）"), queryset=Region.objects.none())

    class Meta:
        model = Reception
        fields = [
            "region",
            "kind",
            "held_on",
            "place",
            "batches",
            "persons",
            "matters",
            "settled",
            "handed_on",
            "note",
        ]
        widgets = {
            "held_on": DateInput,
            "matters": forms.CheckboxSelectMultiple,
            "handed_on": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = writable_regions(user, roles.PETITION_RECEIVE)
        self.fields["held_on"].initial = timezone.localdate
        # the matters registered at the reception: those received in the last weeks
        since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
        self.fields["matters"].queryset = (
            Matter.objects.writable_by(user, roles.PETITION_RECEIVE)
            .filter(received_on__gte=since)
            .order_by("-received_on", "-id")
        )
        self.fields["matters"].help_text = _("近%(n)s日登记的信访事项") % {"n": RECENT_DAYS}


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["leader", "handler", "plan", "target_on"]
        widgets = {"target_on": DateInput, "plan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = (
            leaders_for(user) if user.can(roles.PETITION_HANDLE) else (User.objects.filter(pk=user.pk))
        )


class CaseProgressForm(forms.ModelForm):
    """A progress note, and the outcome once there is one."""

    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    noted_on = forms.DateField(label=_("日期"), widget=DateInput)

    class Meta:
        model = Case
        fields = ["outcome", "outcome_on", "statement_signed"]
        widgets = {"outcome_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noted_on"].initial = timezone.localdate

    def note(self, case) -> CaseNote:
        return CaseNote(
            case=case,
            region=case.region,
            noted_on=self.cleaned_data["noted_on"],
            text=self.cleaned_data["text"],
        )


class StandingForm(forms.ModelForm):
    region = RegionChoiceField(label=_("乡镇"), queryset=Region.objects.none())
    item = forms.ChoiceField(label=_("事项"))

    class Meta:
        model = Standing
        fields = ["region", "year", "item", "met", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.writable_by(user, roles.PETITION_HANDLE).filter(
            kind=RegionKind.TOWN
        )
        town = self.fields["region"].queryset.first()
        self.fields["item"].choices = [(i, i) for i in rules.three_none_items(town)]
        self.fields["year"].initial = timezone.localdate().year - 1
