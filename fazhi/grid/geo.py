"""The grids' GeoJSON, read without a GIS library: polygons, whether a point falls in one (an
event with coordinates falls into its grid), and the projection of a town's or a village's grids
onto an inline SVG map drawn on the server (no online tiles, no JavaScript).

Coordinates are GeoJSON's (longitude, latitude). A boundary may be a Polygon, a MultiPolygon, a
Feature or a FeatureCollection of them; anything else (or text that is not JSON) has no polygon.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the outer ring, then holes


def polygons(boundary: str) -> list[Polygon]:
    """The polygons of a GeoJSON text (empty when it has none or is not GeoJSON)."""
    if not boundary:
        return []
    try:
        data = json.loads(boundary)
    except (TypeError, ValueError):
        return []
    return list(_polygons(data))


def _polygons(data):
    if not isinstance(data, dict):
        return
    kind = data.get("type")
    if kind == "FeatureCollection":
        for feature in data.get("features") or []:
            yield from _polygons(feature)
    elif kind == "Feature":
        yield from _polygons(data.get("geometry"))
    elif kind == "GeometryCollection":
        for geometry in data.get("geometries") or []:
            yield from _polygons(geometry)
    elif kind == "Polygon":
        polygon = _polygon(data.get("coordinates"))
        if polygon:
            yield polygon
    elif kind == "MultiPolygon":
        for coordinates in data.get("coordinates") or []:
            polygon = _polygon(coordinates)
            if polygon:
                yield polygon


def _polygon(coordinates) -> Polygon:
    rings = []
    for ring in coordinates or []:
        try:
            points = [(float(p[0]), float(p[1])) for p in ring]
        except (TypeError, ValueError, IndexError):
            return []
        if len(points) >= 3:
            rings.append(points)
    return rings


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(shapes: list[Polygon], lat, lng) -> bool:
    """Whether the point falls in one of the polygons (inside the outer ring, outside its holes)."""
    x, y = float(lng), float(lat)
    for polygon in shapes:
        if polygon and _in_ring(polygon[0], x, y) and not any(_in_ring(h, x, y) for h in polygon[1:]):
            return True
    return False


def grid_at(profiles, lat, lng):
    """The region of the first profile whose boundary holds the point, else None."""
    for profile in profiles:
        if contains(polygons(profile.boundary), lat, lng):
            return profile.region
    return None


# --- the SVG map ---------------------------------------------------------------------------------


@dataclass
class Shape:
    profile: object
    d: str  # the SVG path
    label_x: float
    label_y: float
    open_count: int = 0
    tone: str = "none"


@dataclass
class Dot:
    event: object
    x: float
    y: float


class Projection:
    """Longitude/latitude onto an SVG of `width` (height from the area's shape): equirectangular,
    longitude scaled by the cosine of the middle latitude, north up."""

    def __init__(self, rings: list[Ring], width: int = 800, margin: int = 12):
        xs = [x for ring in rings for x, _y in ring]
        ys = [y for ring in rings for _x, y in ring]
        self.west, self.east = min(xs), max(xs)
        self.south, self.north = min(ys), max(ys)
        self.k = math.cos(math.radians((self.south + self.north) / 2))
        span_x = max((self.east - self.west) * self.k, 1e-9)
        span_y = max(self.north - self.south, 1e-9)
        self.scale = (width - 2 * margin) / span_x
        self.margin = margin
        self.width = width
        self.height = int(round(span_y * self.scale + 2 * margin))

    def point(self, lng, lat) -> tuple[float, float]:
        x = self.margin + (float(lng) - self.west) * self.k * self.scale
        y = self.margin + (self.north - float(lat)) * self.scale
        return round(x, 1), round(y, 1)

    def inside(self, lng, lat) -> bool:
        return self.west <= float(lng) <= self.east and self.south <= float(lat) <= self.north


def _path(projection: Projection, shape: list[Polygon]) -> str:
    parts = []
    for polygon in shape:
        for ring in polygon:
            points = [projection.point(x, y) for x, y in ring]
            parts.append("M" + " L".join(f"{x} {y}" for x, y in points) + " Z")
    return " ".join(parts)


def svg_map(profiles, events, open_counts: dict, width: int = 800):
    """What the map template draws: (projection, shapes, dots), or None when no grid has a
    boundary. `open_counts` maps a grid's region id to its open events."""
    parsed = [(p, polygons(p.boundary)) for p in profiles]
    parsed = [(p, s) for p, s in parsed if s]
    if not parsed:
        return None
    projection = Projection([ring for _p, shape in parsed for polygon in shape for ring in polygon], width)
    shapes = []
    for profile, shape in parsed:
        outer = shape[0][0]
        if profile.centroid_lat is not None and profile.centroid_lng is not None:
            cx, cy = projection.point(profile.centroid_lng, profile.centroid_lat)
        else:
            cx, cy = projection.point(
                sum(x for x, _ in outer) / len(outer), sum(y for _, y in outer) / len(outer)
            )
        count = open_counts.get(profile.region_id, 0)
        tone = "none" if count == 0 else "few" if count < 3 else "many"
        shapes.append(Shape(profile, _path(projection, shape), cx, cy, count, tone))
    dots = [
        Dot(e, *projection.point(e.longitude, e.latitude))
        for e in events
        if e.latitude is not None and e.longitude is not None and projection.inside(e.longitude, e.latitude)
    ]
    return projection, shapes, dots
