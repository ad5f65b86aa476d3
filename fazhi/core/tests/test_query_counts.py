"""core's list pages and API lists cost the same number of queries however many rows they show
(no query per row), and the deadlines page shows one page at a time.

Each test renders a page with a few rows, counts its queries, adds many more rows in the test
town, renders again and compares. No timing: speed is measured in benchmarks/.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core.ledger import acting_as
from fazhi.core.models import Deadline, LedgerEntry, Membership, Region, RegionKind, User
from fazhi.core.views.audit import PAGE_SIZE as AUDIT_PAGE_SIZE
from fazhi.core.views.calendar import PAGE_SIZE as DEADLINE_PAGE_SIZE
from fazhi.testing.sample.models import Matter

# How many more queries a page may make once many more rows are added: none per row.
SLACK = 2
MORE = 30

_serial = count(1)


def queries(client, url: str, params: dict | None = None) -> tuple[int, object]:
    """(number of queries, response) of one GET that must succeed."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response


def assert_flat(before: int, after: int, what: str) -> None:
    assert after <= before + SLACK, f"{what}: {before} queries with few rows, {after} with {MORE} more"


# --- building many rows fast (bulk_create, scoped to the test town) --------------------------------


def add_deadlines(regions, n: int = MORE) -> list[Deadline]:
    """`n` records in 石鼓镇's grids, each with an open deadline: some overdue, most due soon."""
    places = [regions.grid_a, regions.grid_b, regions.grid_c]
    matters = Matter.objects.bulk_create(
        Matter(region=places[i % len(places)], title=f"批量事项{next(_serial)}") for i in range(n)
    )
    owner = ContentType.objects.get_for_model(Matter)
    today = timezone.localdate()
    rows = []
    for i, matter in enumerate(matters):
        due = today + dt.timedelta(days=i % 7 - 2)
        rows.append(
            Deadline(
                content_type=owner,
                object_id=str(matter.pk),
                region=matter.region,
                object_repr=matter.title,
                code=f"sample.bulk{i % 3}",
                label=f"批量义务{i % 3}",
                rule="示例条例第二十二条",
                starts_on=due - dt.timedelta(days=10),
                days=10,
                due_on=due,
            )
        )
    return Deadline.objects.bulk_create(rows)


def add_villages(regions, n: int = MORE, grids: int = 3) -> list[Region]:
    """`n` villages under 石鼓镇, each with `grids` grids (paths computed as Region.save does)."""
    town = regions.town
    villages = []
    for _ in range(n):
        code = f"{town.code}{300 + next(_serial):03d}"
        villages.append(
            Region(
                code=code,
                name=f"批量村{code[-3:]}",
                kind=RegionKind.VILLAGE,
                parent=town,
                path=f"{town.path}{code}/",
                depth=town.depth + 1,
                households=100,
                population=400,
            )
        )
    villages = Region.objects.bulk_create(villages)
    Region.objects.bulk_create(
        Region(
            code=f"{v.code}{g:03d}",
            name=f"{v.name}第{g}网格",
            kind=RegionKind.GRID,
            parent=v,
            path=f"{v.path}{v.code}{g:03d}/",
            depth=v.depth + 1,
        )
        for v in villages
        for g in range(1, grids + 1)
    )
    return villages


def add_users(regions, n: int = MORE) -> list[User]:
    """`n` accounts of the town, each with two memberships (one of them on a grid)."""
    accounts = User.objects.bulk_create(
        User(username=f"bulk{next(_serial)}", full_name=f"批量用户{i}", mobile="13812345678")
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(user=u, role=role, region=region)
        for u in accounts
        for role, region in (("grid_worker", regions.grid_a), ("village_cadre", regions.village_a))
    )
    return accounts


def add_ledger_entries(users, regions, n: int = MORE) -> None:
    """`n` records saved by different people: each save writes its ledger entry."""
    actors = [users.officer, users.leader, users.grid_a, users.cadre]
    for i in range(n):
        with acting_as(actors[i % len(actors)], "web"):
            Matter.objects.create(region=regions.grid_a, title=f"台账事项{i}")


# --- the pages ----------------------------------------------------------------------------------


def test_it_lists_deadlines_with_the_same_queries_for_many_rows(users, regions, login):
    # given a few deadlines, and the page as the town leader
    add_deadlines(regions, 3)
    client = login(users.leader)
    url = reverse("core:deadlines")
    few, _response = queries(client, url)
    # when many more records with deadlines come
    add_deadlines(regions)
    many, response = queries(client, url)
    # then the page costs no more queries, and shows the new deadlines
    assert_flat(few, many, "deadlines page")
    assert response.content.decode().count("批量事项") >= MORE


def test_it_shows_one_page_of_deadlines_at_a_time(users, regions, login):
    # given more open deadlines than a page holds
    add_deadlines(regions, DEADLINE_PAGE_SIZE + 12)
    client = login(users.leader)
    url = reverse("core:deadlines")
    # when the first page and then the next are opened
    _n, first = queries(client, url)
    assert first.context["next_query"], "the first page links to the next"
    _n, second = queries(client, f"{url}?{first.context['next_query']}")
    # then the first shows a page's worth, the next the rest, none twice
    first_ids = [item["d"].pk for item in first.context["items"]]
    second_ids = [item["d"].pk for item in second.context["items"]]
    assert len(first_ids) == DEADLINE_PAGE_SIZE
    assert len(second_ids) == 12
    assert not set(first_ids) & set(second_ids)
    assert first.context["total"] == DEADLINE_PAGE_SIZE + 12
    assert first.content.decode().count("批量事项") == DEADLINE_PAGE_SIZE
    assert not second.context["next_query"]


def test_it_lists_regions_with_the_same_queries_for_many_villages(users, regions, login):
    # given
    client = login(users.leader)
    url = reverse("core:region_list")
    few, _response = queries(client, url)
    # when the town gains many villages, each with its grids
    add_villages(regions)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "regions list")
    assert response.content.decode().count("批量村") >= MORE


def test_it_lists_accounts_with_the_same_queries_for_many_users(users, regions, login):
    # given
    client = login(users.sysadmin)
    url = reverse("core:user_list")
    few, _response = queries(client, url)
    # when many more accounts, each with its memberships, are made
    add_users(regions)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "users list")
    assert response.content.decode().count("批量用户") >= MORE


def test_it_shows_the_audit_page_with_the_same_queries_for_many_entries(users, regions, login):
    # given a few ledger entries
    add_ledger_entries(users, regions, 3)
    client = login(users.auditor)
    url = reverse("core:audit")
    few, _response = queries(client, url)
    # when many more, by several people, are written
    add_ledger_entries(users, regions, MORE)
    many, response = queries(client, url)
    # then the page costs no more queries and shows one page of entries
    assert_flat(few, many, "audit page")
    assert len(response.context["object_list"]) <= AUDIT_PAGE_SIZE
    assert "台账事项" in response.content.decode()
    assert LedgerEntry.objects.count() > MORE


def test_it_shows_the_home_page_with_the_same_queries_for_many_deadlines(users, regions, login):
    # given
    add_deadlines(regions, 10)
    client = login(users.leader)
    few, _response = queries(client, reverse("home"))
    # when
    add_deadlines(regions)
    add_villages(regions, 5)
    many, _response = queries(client, reverse("home"))
    # then
    assert_flat(few, many, "home page")


# --- the API ------------------------------------------------------------------------------------


def test_it_lists_deadlines_in_the_api_with_the_same_queries(users, regions, login):
    # given
    add_deadlines(regions, 3)
    client = login(users.leader)
    url = "/api/v1/deadlines/"
    few, _response = queries(client, url)
    # when
    add_deadlines(regions)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "API deadlines")
    assert len(response.json()["results"]) == MORE + 3


def test_it_lists_regions_in_the_api_with_the_same_queries(users, regions, login):
    # given
    client = login(users.leader)
    url = "/api/v1/regions/"
    few, _response = queries(client, url)
    # when
    add_villages(regions)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "API regions")
    assert len(response.json()["results"]) == 50  # one page (keyset pagination)
