"""Masking in templates: {% load pii %} then {{ party.id_number|mask_id }}, {{ party.name|mask_name }},
{{ party.mobile|mask_mobile }}; and {% pii_value party "id_number" %}, the masked value with a
"显示完整号码" button (htmx POST, ledgered) for roles that may see it."""

from __future__ import annotations

from django import template
from django.urls import reverse

from fazhi.core import pii

register = template.Library()


@register.filter
def mask_id(value) -> str:
    return pii.mask(pii.ID_NUMBER, value)


@register.filter
def mask_mobile(value) -> str:
    return pii.mask(pii.MOBILE, value)


@register.filter
def mask_name(value, organization=None) -> str:
    """`{{ name|mask_name }}` guesses; `{{ name|mask_name:party.is_organization }}` says."""
    return pii.mask_name(value, organization if organization in (True, False) else None)


@register.inclusion_tag("core/pii_value.html", takes_context=True)
def pii_value(context, obj, field: str) -> dict:
    """The masked value of a personal-information field; for a user holding VIEW_PII a button
    that fetches the full value (each view written to the ledger)."""
    user = context.get("user")
    value = getattr(obj, field, "")
    can_reveal = bool(value and obj.pk is not None and pii.may_see_full(user, obj))
    url = ""
    if can_reveal:
        url = reverse("core:pii_reveal", args=[obj._meta.label_lower, obj.pk, field])
    return {"masked": pii.masked(obj, field), "url": url, "kind": pii.pii_kind_of(type(obj), field)}
