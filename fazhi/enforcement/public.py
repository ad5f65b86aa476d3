"""行政执法公示 (国办发〔2018〕118号): what is public, read from the records themselves.

事前公开 — bodies, officers with their certificate numbers, the powers list with its basis and
discretion standards — and 事后公开 — penalty decisions, published within 7 working days, the
party masked (张某某; organizations by name), withdrawn when changed (行政处罚法 第四十八条).

These are public querysets: the portal reads them for a region without a user (no personal
information leaves through them), and staff pages read `publication_queue(user)` for what is
due or overdue. Nothing here is a second copy to keep in sync.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from fazhi.core.models import Deadline, Region
from fazhi.enforcement.models import (
    Case,
    CaseState,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Officer,
    PenaltyKind,
    Power,
    Publicity,
)
from fazhi.enforcement.workflow import PUBLICATION, WITHDRAWAL


def _under(qs: QuerySet, region: Region | None) -> QuerySet:
    return qs.under(region) if region is not None else qs


# --- 事前公开 --------------------------------------------------------------------------------------


def public_bodies(region: Region | None = None) -> QuerySet:
    return _under(EnforcementBody.objects.all(), region).order_by("name")


def public_officers(region: Region | None = None, on: dt.date | None = None) -> QuerySet:
    """Officers in post holding a certificate valid on `on` (today), with that certificate
    prefetched as `public_certificates` (name and certificate number are what is published)."""
    on = on or timezone.localdate()
    valid = Certificate.objects.filter(valid_from__lte=on, valid_until__gte=on).exclude(
        Q(status__in=[Certificate.Status.SUSPENDED, Certificate.Status.REVOKED])
        & (Q(status_changed_on__isnull=True) | Q(status_changed_on__lte=on))
    )
    return (
        _under(Officer.objects.filter(active=True), region)
        .filter(certificates__in=valid)
        .distinct()
        .select_related("body")
        .prefetch_related(Prefetch("certificates", queryset=valid, to_attr="public_certificates"))
        .order_by("body__name", "name")
    )


def public_powers(region: Region | None = None) -> QuerySet:
    return (
        _under(Power.objects.filter(active=True), region)
        .select_related("body")
        .prefetch_related(Prefetch("levels", queryset=DiscretionLevel.objects.order_by("fine_min", "id")))
        .order_by("body__name", "code")
    )


# --- 事后公开 --------------------------------------------------------------------------------------


def published_decisions(region: Region | None = None) -> QuerySet:
    """Penalty decisions now on public display (published and not withdrawn), newest first.
    Show the party through `Case.party.public_name` (or `public_decision`): never the record."""
    return (
        _under(
            Case.objects.filter(publicity=Publicity.PUBLISHED, decision_kind=Case.DecisionKind.PENALTY),
            region,
        )
        .select_related("party", "power", "body", "region")
        .order_by("-decided_on", "-id")
    )


@dataclass(frozen=True)
class PublicDecision:
    """What the public sees of a decision: no identity numbers, addresses or phone numbers."""

    number: str
    body: str
    party: str
    cause: str
    facts: str
    basis: str
    penalties: str
    fine: Decimal | None
    decided_on: dt.date
    published_on: dt.date | None


def public_decision(case: Case) -> PublicDecision:
    penalties = "、".join(str(PenaltyKind(k).label) for k in case.decided_penalties or [])
    if case.decided_other:
        penalties = f"{penalties}；{case.decided_other}" if penalties else case.decided_other
    return PublicDecision(
        number=case.number,
        body=case.body.name,
        party=case.party.public_name,
        cause=case.cause,
        facts=case.facts,
        basis=case.power.basis,
        penalties=penalties,
        fine=case.decided_fine,
        decided_on=case.decided_on,
        published_on=case.published_on,
    )


def public_decisions(region: Region | None = None) -> list[PublicDecision]:
    return [public_decision(case) for case in published_decisions(region)]


# --- for staff: what is due, overdue, published ---------------------------------------------------


def publication_queue(user) -> QuerySet:
    """Open publication and withdrawal deadlines the user can see, soonest first; each has
    `due_on` (overdue when before today)."""
    return (
        Deadline.objects.visible_to(user)
        .filter(code__in=[PUBLICATION.code, WITHDRAWAL.code], status=Deadline.Status.OPEN)
        .order_by("due_on", "id")
    )


def unpublished_decisions(user) -> QuerySet:
    """Penalty decisions the user can see that are not (yet) published."""
    return Case.objects.visible_to(user).filter(
        decision_kind=Case.DecisionKind.PENALTY,
        publicity=Publicity.NOT_PUBLISHED,
        state__in=[
            CaseState.DECIDED,
            CaseState.SERVED,
            CaseState.EXECUTING,
            CaseState.CLOSED,
            CaseState.ARCHIVED,
        ],
    )
