"""The register's form: a proceeding, from the record it concerns (`?from=`) or on its own."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind, User
from fazhi.core.widgets import DateInput
from fazhi.litigation.models import Proceeding

KINDS = (RegionKind.COUNTY, RegionKind.TOWN, RegionKind.VILLAGE)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


def writable_regions(user):
    return Region.objects.writable_by(user, roles.LITIGATION_MANAGE).filter(kind__in=KINDS).order_by("path")


def leaders_for(user):
    """The town leaders (镇领导) of the towns where `user` keeps the register: who may appear."""
    paths = user.permission_paths(roles.LITIGATION_MANAGE)
    towns = [p for p in paths]
    qs = User.objects.filter(is_active=True, memberships__role="town_leader")
    if not any(p.count("/") == 1 for p in towns):  # not county-wide
        from django.db.models import Q

        under = Q(pk__in=[])
        for path in towns:
            under |= Q(memberships__region__path__startswith=path) | Q(
                memberships__region__path__in=[path[: i + 1] for i, c in enumerate(path) if c == "/"]
            )
        qs = qs.filter(under)
    return qs.distinct().order_by("username")


class ProceedingForm(forms.ModelForm):
    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = Proceeding
        fields = [
            "route",
            "matter",
            "region",
            "case_number",
            "subject",
            "organ",
            "applicant",
            "applicant_kind",
            "filed_on",
            "hearing_on",
            "court_leader",
            "concluded_on",
            "result",
            "note",
        ]
        widgets = {
            "filed_on": DateInput(),
            "hearing_on": DateInput(),
            "concluded_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["region"].queryset = writable_regions(user)
        self.fields["court_leader"].queryset = leaders_for(user)
        self.fields["court_leader"].help_text = _(
            "行政诉讼案件：出庭应诉的行政机关负责人（行政诉讼法第三条第三款）"
        )
        if source is not None or self.instance.pk:
            # the place is the concerned record's (or stays as registered)
            del self.fields["region"]
