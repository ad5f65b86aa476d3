"""`{% if request.user|can:"grid.report" %}`: show a link only to who may follow it (anywhere in
their regions; the page itself still checks the record's region)."""

from django import template

register = template.Library()


@register.filter
def can(user, permission: str) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.can(permission))
