"""visible_to(user): what each role may read. A Deadline (a RegionScoped record) stands in for
every domain record; one is placed in each region of the shared tree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.core.models import Deadline, Region

TOWN_ROLES = [
    "leader",
    "judicial",
    "officer",
    "officer2",
    "reviewer",
    "governance",
    "petition",
    "gov_office",
    "adviser",
]
OUR_TOWN = {"town", "village_a", "village_b", "grid_a", "grid_b", "grid_c"}
OTHER_TOWN = {"other_town", "other_village", "other_grid"}


@pytest.fixture
def records(regions):
    """One open deadline in every region, keyed by the region's fixture name."""
    content_type = ContentType.objects.get_for_model(Region)
    today = dt.date(2021, 6, 1)
    out = {}
    for key in ["county", *sorted(OUR_TOWN), *sorted(OTHER_TOWN)]:
        region = getattr(regions, key)
        out[key] = Deadline.objects.create(
            region=region,
            content_type=content_type,
            object_id=str(region.pk),
            object_repr=region.name,
            code="test.reply",
            label=f"{region.name}的答复",
            rule="测试规则",
            starts_on=today,
            days=15,
            due_on=today + dt.timedelta(days=15),
        )
    return out


def visible_keys(user, records) -> set[str]:
    ids = set(Deadline.objects.visible_to(user).values_list("pk", flat=True))
    return {key for key, record in records.items() if record.pk in ids}


def test_it_shows_a_grid_worker_only_their_own_grid(users, records):
    # when / then: grid A's worker sees grid A's record and nothing else — not grid B next door
    assert visible_keys(users.grid_a, records) == {"grid_a"}
    assert visible_keys(users.grid_b, records) == {"grid_b"}


def test_it_shows_a_village_cadre_their_village_and_its_grids(users, records):
    assert visible_keys(users.cadre, records) == {"village_a", "grid_a", "grid_b"}


@pytest.mark.parametrize("role", TOWN_ROLES)
def test_it_shows_town_roles_their_whole_town_and_not_the_other_town(users, records, role):
    assert visible_keys(getattr(users, role), records) == OUR_TOWN


def test_it_shows_an_officer_of_the_other_town_only_that_town(users, records):
    assert visible_keys(users.other_officer, records) == OTHER_TOWN


def test_it_shows_the_county_supervisor_the_whole_county(users, records):
    assert visible_keys(users.county, records) == set(records)


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor", "superuser", "nobody"])
def test_it_shows_system_roles_superusers_and_unassigned_accounts_nothing(users, records, role):
    # given: the 三员 hold memberships at the county, the superuser holds none
    user = getattr(users, role)
    # then: none of them reads a single domain record
    assert visible_keys(user, records) == set()
    assert not records["grid_a"].is_visible_to(user)


def test_it_shows_a_deactivated_account_nothing(users, records):
    # given
    users.leader.is_active = False
    users.leader.save()
    # then
    assert visible_keys(users.leader, records) == set()


def test_it_answers_is_visible_to_like_the_list(users, records):
    assert records["grid_a"].is_visible_to(users.grid_a)
    assert not records["grid_b"].is_visible_to(users.grid_a)
    assert records["grid_c"].is_visible_to(users.leader)
    assert not records["other_grid"].is_visible_to(users.leader)


def test_it_scopes_regions_the_same_way(users, regions):
    # the region tree through visible_to: own subtree; nothing for the system roles
    assert set(Region.objects.visible_to(users.cadre)) == {regions.village_a, regions.grid_a, regions.grid_b}
    assert not Region.objects.visible_to(users.sysadmin).exists()
