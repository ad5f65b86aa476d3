"""What the public sees of legal services: each village's legal adviser as on the 公示牌
(一村一法律顾问: name, firm, the adviser's contact phone, service time and place). The
adviser's phone is published because the 公示牌 carries it; nothing else of the engagement
(fee, rating, spot checks, account) leaves through this queryset."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.models import Region
from fazhi.legal.models import Adviser, current_q

PUBLIC_FIELDS = (
    "id",
    "region__name",
    "region__code",
    "name",
    "firm",
    "phone",
    "service_time",
    "service_place",
)


def public_advisers(region: Region | None = None, on: dt.date | None = None) -> QuerySet:
    """The advisers whose contract is current on `on` (today) under `region`, as dicts of
    PUBLIC_FIELDS, by region code."""
    on = on or timezone.localdate()
    qs = Adviser.objects.filter(current_q(on))
    if region is not None:
        qs = qs.under(region)
    return qs.order_by("region__code", "name").values(*PUBLIC_FIELDS)
