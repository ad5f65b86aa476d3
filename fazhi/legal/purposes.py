"""The assignment purpose of the legal app: a decision, a contract or a normative document given
to a legal adviser for their opinion (出具法律意见). Given by whoever may manage legal work over
the record's region (司法所); the adviser then reads the record while the assignment is in force."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import links, roles

OPINION = links.declare_purpose(
    "legal.opinion",
    _("出具法律意见"),
    permission=roles.LEGAL_MANAGE,
    roles=("legal_adviser",),
    models=("legal.decision", "legal.contract", "legal.normativedocument"),
)
