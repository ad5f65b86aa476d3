"""What the enforcement pages' forms share: date inputs, region choices in tree order, and
narrowing every body, power, officer and region choice to what the user may write (`visible_to`,
`writable_by`)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.widgets import DateInput
from fazhi.enforcement.models import (
    EnforcementBody,
    Officer,
    Power,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            return (
                timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
                if timezone.is_aware(value)
                else (value.strftime("%Y-%m-%dT%H:%M"))
            )
        return super().format_value(value)


def date_field(label, required=True, help_text="", initial=None):
    return forms.DateField(
        label=label, required=required, widget=DateInput, help_text=help_text, initial=initial
    )


def region_label(region: Region) -> str:
    indent = "\u3000" * max(region.depth - 1, 0)
    return f"{indent}{region.name}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return region_label(obj)


def regions_under(
    user, root: Region | None, kinds=(RegionKind.TOWN, RegionKind.VILLAGE, RegionKind.GRID), permission=None
):
    """Regions the user may see (or, with `permission`, place a record in), under `root` when
    given, in tree order."""
    qs = Region.objects.writable_by(user, permission) if permission else Region.objects.visible_to(user)
    qs = qs.filter(kind__in=kinds)
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return qs.order_by("path")


class VisibleFormMixin:
    """Narrows the body / power / officer / region choices to what `user` may use when writing
    under the form's `write_permission` (in the regions where a role of theirs carries it)."""

    write_permission = roles.CASE_HANDLE

    def narrow(self, user):
        fields = self.fields
        perm = self.write_permission
        if "body" in fields:
            fields["body"].queryset = EnforcementBody.objects.writable_by(user, perm).order_by("name")
            if fields["body"].queryset.count() == 1 and not self.is_bound:
                fields["body"].initial = fields["body"].queryset.first().pk
        if "power" in fields:
            fields["power"].queryset = (
                Power.objects.writable_by(user, perm)
                .filter(active=True)
                .select_related("body")
                .order_by("code")
            )
        if "officers" in fields:
            fields["officers"].queryset = (
                Officer.objects.writable_by(user, perm)
                .filter(active=True)
                .select_related("body")
                .order_by("name")
            )
        if "region" in fields:
            fields["region"].queryset = regions_under(user, None, permission=perm)
