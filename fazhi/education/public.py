"""What the public sees of 普法: the activities held (date, title, theme, organizers, place,
audience). The names of the advisers and 法律明白人 taking part, the summary text and who
recorded it stay inside."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.education.models import Activity

PUBLIC_FIELDS = ("id", "held_on", "title", "theme", "organizers", "place", "audience", "region__name")


def public_activities(region: Region | None = None) -> QuerySet:
    """Activities under `region`, newest first, as dicts of PUBLIC_FIELDS."""
    qs = Activity.objects.all()
    if region is not None:
        qs = qs.under(region)
    return qs.order_by("-held_on", "-id").values(*PUBLIC_FIELDS)
