"""Helpers shared by the enforcement pages: scoped lookups, badges, Excel."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.enforcement import rules
from fazhi.enforcement.models import OPEN_STATES, CaseOfficer, CaseState, Certificate

# Cases still being handled (not closed or archived).


def open_case_count():
    """An annotation: how many open cases an officer is on (not withdrawn)."""
    counted = (
        CaseOfficer.objects.filter(officer=OuterRef("pk"), withdrawn=False, case__state__in=OPEN_STATES)
        .order_by()
        .values("officer")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- badges ---------------------------------------------------------------------------------------

STATE_TONES = {
    CaseState.DRAFT: "muted",
    CaseState.FILED: "info",
    CaseState.INVESTIGATING: "info",
    CaseState.LEGAL_REVIEW: "warn",
    CaseState.REVIEWED: "info",
    CaseState.NOTIFIED: "info",
    CaseState.STATEMENT: "info",
    CaseState.HEARING: "warn",
    CaseState.DECIDED: "warn",
    CaseState.SERVED: "info",
    CaseState.EXECUTING: "info",
    CaseState.CLOSED: "ok",
    CaseState.ARCHIVED: "ok",
    CaseState.REVOKED: "muted",
}


def state_tone(state: str) -> str:
    return STATE_TONES.get(state, "info")


def certificate_standing(certificate: Certificate | None, today=None) -> tuple[str, str]:
    """The badge of an officer's certificate: valid, expiring within the warning period,
    expired, suspended or revoked (持证上岗, 行政处罚法 第四十二条)."""
    today = today or timezone.localdate()
    if certificate is None:
        return _("无执法证"), "danger"
    if certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED) and not (
        certificate.is_valid_on(today)
    ):
        return certificate.get_status_display(), "danger"
    if certificate.valid_until < today:
        return _("已过期（%(day)s）") % {"day": certificate.valid_until.isoformat()}, "danger"
    if certificate.valid_from > today:
        return _("尚未生效"), "warn"
    left = (certificate.valid_until - today).days
    if left <= rules.CERTIFICATE_WARNING_DAYS:
        return _("%(n)s天后到期") % {"n": left} if left else _("今天到期"), "warn"
    return _("有效"), "ok"


# --- Excel ----------------------------------------------------------------------------------------
