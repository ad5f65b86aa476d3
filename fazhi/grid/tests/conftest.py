"""The grid fixtures: categories (seeded by the migration), an event reporter and a walker that
takes an event through its steps as the roles that do them."""

from __future__ import annotations

import pytest

from fazhi.grid import workflow
from fazhi.grid.models import Event, EventCategory
from fazhi.grid.seed import ensure_categories

STEP_DATA = {
    "dispatch": {"target": "village"},
    "resolve": {"resolution_kind": "substantive", "resolution": "已调解，双方达成一致"},
    "check_pass": {"check_note": "现场核实，已解决"},
    "check_fail": {"check_note": "水沟仍未疏通"},
    "follow_up": {"satisfaction": "satisfied"},
}
# who takes each step on an event in 歇马村 (grid_a)
STEP_ACTOR = {
    "start_handling": "cadre",
    "resolve": "cadre",
    "follow_up": "grid_a",
}
TO_ARCHIVE = ["accept", "dispatch", "start_handling", "resolve", "check_pass", "follow_up", "archive"]


@pytest.fixture
def category(db):
    ensure_categories()  # a transactional test elsewhere may have flushed what the migration seeded
    return EventCategory.objects.get(code="0101")  # 矛盾纠纷／邻里纠纷


@pytest.fixture
def make_event(users, regions, category):
    def _make(region=None, reporter=None, **fields):
        data = {
            "region": region or regions.grid_a,
            "category": fields.pop("category", category),
            "description": fields.pop("description", "两户因排水沟堵塞发生争吵"),
            **fields,
        }
        reported_at = data.pop("reported_at", None)
        return workflow.report(reporter or users.grid_a, data, reported_at=reported_at)

    return _make


@pytest.fixture
def walk(users):
    """walk(event, "accept", "dispatch", …): fire each step as the role that takes it."""

    def _walk(event, *names, **data):
        for name in names:
            actor = getattr(users, STEP_ACTOR.get(name, "governance"))
            workflow.EVENT.fire(event, name, actor, {**STEP_DATA.get(name, {}), **data.get(name, {})})
        event.refresh_from_db()
        return event

    return _walk


def state(event) -> str:
    return Event.objects.get(pk=event.pk).state
