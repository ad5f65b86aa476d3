"""Shared fixtures: a small region tree and named users, one per role.

county 湘潭县 430321
├── town 石鼓镇 430321108
│   ├── village 歇马村 430321108201 ── grids 430321108201001 (grid_a), …002 (grid_b)
│   └── village 古塘村 430321108202 ── grid 430321108202001 (grid_c)
└── town 易俗河镇 430321100 ── village 430321100201 ── grid 430321100201001 (other_grid)
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from fazhi.core.models import Membership, Region, RegionKind, User

# Browser fixtures (browser_page, phone_page), flushing around the append-only ledger in
# transactional tests, the demo town built once per session (`demo`), and each app's fixtures
# (Saleor's way: a grid test builds an enforcement case without importing another app's
# conftest).
pytest_plugins = [
    "fazhi.testing.browser",
    "fazhi.testing.transactions",
    "fazhi.testing.demo",
    "fazhi.enforcement.testing",
]

PASSWORD = "test-pass-2021!"


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Each test starts in Simplified Chinese: a request with the English cookie activates English
    for the test client's thread, which would otherwise leak into the tests after it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _region(code, name, kind, parent=None):
    region = Region(code=code, name=name, kind=kind, parent=parent)
    region.full_clean()
    region.save()
    return region


@pytest.fixture
def regions(db):
    county = _region("430321", "湘潭县", RegionKind.COUNTY)
    town = _region("430321108", "石鼓镇", RegionKind.TOWN, county)
    village_a = _region("430321108201", "歇马村", RegionKind.VILLAGE, town)
    village_b = _region("430321108202", "古塘村", RegionKind.VILLAGE, town)
    grid_a = _region("430321108201001", "歇马村第1网格", RegionKind.GRID, village_a)
    grid_b = _region("430321108201002", "歇马村第2网格", RegionKind.GRID, village_a)
    grid_c = _region("430321108202001", "古塘村第1网格", RegionKind.GRID, village_b)
    other_town = _region("430321100", "易俗河镇", RegionKind.TOWN, county)
    other_village = _region("430321100201", "城东村", RegionKind.VILLAGE, other_town)
    other_grid = _region("430321100201001", "城东村第1网格", RegionKind.GRID, other_village)
    return SimpleNamespace(
        county=county,
        town=town,
        village_a=village_a,
        village_b=village_b,
        grid_a=grid_a,
        grid_b=grid_b,
        grid_c=grid_c,
        other_town=other_town,
        other_village=other_village,
        other_grid=other_grid,
    )


def make_user(username: str, role: str | None, region: Region | None, full_name: str = "") -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name or username)
    if role:
        Membership.objects.create(user=user, role=role, region=region)
    return User.objects.get(pk=user.pk)  # fresh instance: memberships not cached


@pytest.fixture
def users(regions):
    r = regions
    return SimpleNamespace(
        leader=make_user("leader", "town_leader", r.town, "徐镇长"),
        judicial=make_user("judicial", "judicial_office", r.town),
        officer=make_user("officer", "enforcement_officer", r.town, "王强"),
        officer2=make_user("officer2", "enforcement_officer", r.town, "赵敏"),
        reviewer=make_user("reviewer", "legal_reviewer", r.town, "陈静"),
        governance=make_user("governance", "governance_office", r.town),
        petition=make_user("petition", "petition_office", r.town),
        gov_office=make_user("govoffice", "gov_office", r.town),
        grid_a=make_user("grid_a", "grid_worker", r.grid_a),
        grid_b=make_user("grid_b", "grid_worker", r.grid_b),
        cadre=make_user("cadre", "village_cadre", r.village_a),
        adviser=make_user("adviser", "legal_adviser", r.town),
        county=make_user("county", "county_supervisor", r.county),
        other_officer=make_user("other_officer", "enforcement_officer", r.other_town),
        sysadmin=make_user("sysadmin", "sysadmin", r.county),
        secadmin=make_user("secadmin", "secadmin", r.county),
        auditor=make_user("auditor", "auditor", r.county),
        superuser=User.objects.create_superuser("root", password=PASSWORD),
        nobody=make_user("nobody", None, None),
    )


@pytest.fixture
def login(client):
    """login(user) -> the test client signed in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
