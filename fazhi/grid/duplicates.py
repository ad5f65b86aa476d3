"""Possible duplicates of a grid event: open events of the same category in the same grid within
the county's radius (rule grid.event.duplicate_radius, 50 m by default) — offered on the event's
page right after the report — and marking an event a duplicate of another (the 标记重复 step:
the duplicate is 注销 with reason 重复上报 and linked to the original both ways, so that what
follows happens on the original)."""

from __future__ import annotations

import math
from decimal import Decimal

from fazhi.grid import rules
from fazhi.grid.models import Event

EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180  # along a meridian


def distance_m(lat1, lng1, lat2, lng2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lng2) - float(lng1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def same_kind_open(event: Event):
    """Open events of the same category and grid as `event`, other than itself."""
    return (
        Event.objects.filter(
            region_id=event.region_id, category_id=event.category_id, state__in=Event.OPEN_STATES
        )
        .exclude(pk=event.pk)
        .select_related("category", "region")
        .order_by("-reported_at", "-id")
    )


def nearby(event: Event, limit: int = 10) -> list[Event]:
    """The possible duplicates of `event`: open, same category and grid, within the radius (a
    bounding box in SQL, then the exact distance on the few it finds). Without coordinates on
    both sides nothing is near: the office may still mark a duplicate by hand."""
    if event.latitude is None or event.longitude is None:
        return []
    radius = rules.duplicate_radius(event.region)
    dlat = Decimal(str(radius / METRES_PER_DEGREE))
    cos = max(math.cos(math.radians(float(event.latitude))), 0.01)
    dlng = Decimal(str(radius / (METRES_PER_DEGREE * cos)))
    box = same_kind_open(event).filter(
        latitude__range=(event.latitude - dlat, event.latitude + dlat),
        longitude__range=(event.longitude - dlng, event.longitude + dlng),
    )[: limit * 3]
    found = []
    for other in box:
        other.distance = distance_m(event.latitude, event.longitude, other.latitude, other.longitude)
        if other.distance <= radius:
            found.append(other)
    return sorted(found, key=lambda e: e.distance)[:limit]
