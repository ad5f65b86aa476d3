"""What other apps ask of the register, without importing its models' internals: the
proceedings on a record, and the days a 复议 or 诉讼 on it was pending.

    from fazhi.litigation import register
    register.concerning(case)                    # its proceedings, filed first
    register.pending_on(case, day)               # a 复议/诉讼 on it pending that day?
    register.pending_days(case, since, until)    # days in [since, until] with one pending

A proceeding is pending from the day it was filed to the day before it was concluded (the
day of the decision or judgment ends it) — 行政处罚法 第七十三条第三款 stops the surcharge "在
行政复议或者行政诉讼期间".
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from fazhi.core import links
from fazhi.core.models import RecordLink
from fazhi.litigation.models import REVIEW_OR_SUIT, Proceeding


def concerning(record, routes=None):
    """The proceedings about `record` (any model), filed first."""
    content_type = ContentType.objects.get_for_model(type(record))
    qs = Proceeding.objects.filter(concerns_type=content_type, concerns_id=str(record.pk))
    if routes is not None:
        qs = qs.filter(route__in=routes)
    return qs.order_by("filed_on", "pk")


def _periods(record, routes=REVIEW_OR_SUIT) -> list[tuple[dt.date, dt.date | None]]:
    return list(concerning(record, routes).values_list("filed_on", "concluded_on"))


def pending_on(record, day: dt.date, routes=REVIEW_OR_SUIT) -> bool:
    """Whether a 复议 or 诉讼 about `record` was pending on `day`."""
    return (
        concerning(record, routes)
        .filter(filed_on__lte=day)
        .filter(models.Q(concluded_on__isnull=True) | models.Q(concluded_on__gt=day))
        .exists()
    )


def pending_days(record, since: dt.date, until: dt.date, routes=REVIEW_OR_SUIT) -> int:
    """The days in [since, until] on which a 复议 or 诉讼 about `record` was pending (the
    union of the proceedings' periods: overlapping ones are not counted twice)."""
    if until < since:
        return 0
    spans = []
    for filed, concluded in _periods(record, routes):
        start = max(filed, since)
        end = min(concluded - dt.timedelta(days=1) if concluded else until, until)
        if start <= end:
            spans.append((start, end))
    spans.sort()
    days, current = 0, None
    for start, end in spans:
        if current and start <= current[1] + dt.timedelta(days=1):
            current = (current[0], max(current[1], end))
            continue
        if current:
            days += (current[1] - current[0]).days + 1
        current = (start, end)
    if current:
        days += (current[1] - current[0]).days + 1
    return days


def ever_filed(record, routes=REVIEW_OR_SUIT) -> bool:
    """Whether any 复议 or 诉讼 about `record` was ever filed."""
    return concerning(record, routes).exists()


def record(concerns, *, user=None, **fields) -> Proceeding:
    """Register a proceeding about `concerns` (code's door: the demo, other apps' tests), linked
    to it through core's links, in one transaction."""
    with transaction.atomic():
        proceeding = Proceeding(region=concerns.region, created_by=user, **fields)
        attach(proceeding, concerns)
        proceeding.full_clean()
        proceeding.save()
        links.link(concerns, proceeding, kind=RecordLink.Kind.RELATED, user=user)
    return proceeding


def attach(proceeding: Proceeding, concerns) -> None:
    """Point an unsaved proceeding at the record it concerns."""
    proceeding.concerns_type = ContentType.objects.get_for_model(type(concerns))
    proceeding.concerns_id = str(concerns.pk)
    proceeding.concerns_repr = str(concerns)[:200]
    if not proceeding.region_id:
        proceeding.region_id = concerns.region_id
