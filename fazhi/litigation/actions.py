"""The "create from this record" actions: a 复议 or 诉讼 is registered from the record it is
about (an enforcement case, a disclosure request, a petition matter …) — by label, with no
import of those apps."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import links, roles

SOURCES = ("enforcement.case", "disclosure.request", "petitions.matter", "legal.decision")
ACTIONS = [
    links.register_action(label, _("登记行政复议或诉讼"), "litigation:create", roles.LITIGATION_MANAGE)
    for label in SOURCES
]
