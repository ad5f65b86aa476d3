"""The region tree as pages: list, detail with children, and corrections by the region managers."""

from __future__ import annotations

from django.urls import reverse

from fazhi.core.models import LedgerEntry, Region


def test_it_lists_a_town_with_counts_of_its_villages_and_grids(login, users, regions):
    # given
    regions.grid_a.households, regions.grid_b.households = 120, 80
    regions.grid_a.save()
    regions.grid_b.save()
    client = login(users.leader)
    # when
    page = client.get(reverse("core:region_list"))
    # then: the town and its villages (two levels), each row with its counts from SQL
    rows = {r.code: r for r in page.context["object_list"]}
    assert set(rows) == {regions.town.code, regions.village_a.code, regions.village_b.code}
    town, village = rows[regions.town.code], rows[regions.village_a.code]
    assert (town.n_children, town.n_villages, town.n_grids) == (2, 2, 3)
    assert (village.n_children, village.n_grids, village.children_households) == (2, 2, 200)
    assert "易俗河镇" not in page.content.decode()


def test_it_filters_the_list_by_kind(login, users):
    client = login(users.county)
    page = client.get(reverse("core:region_list"), {"kind": "grid"})
    assert {r.kind for r in page.context["object_list"]} == {"grid"}
    assert len(page.context["object_list"]) == 4


def test_it_shows_a_grid_worker_their_grid_and_not_the_next(login, users, regions):
    client = login(users.grid_a)
    assert client.get(reverse("core:region_detail", args=[regions.grid_a.code])).status_code == 200
    assert client.get(reverse("core:region_detail", args=[regions.grid_b.code])).status_code == 404
    assert [r.code for r in client.get(reverse("core:region_list")).context["object_list"]] == [
        regions.grid_a.code
    ]


def test_it_shows_a_village_with_its_grids(login, users, regions):
    body = (
        login(users.cadre).get(reverse("core:region_detail", args=[regions.village_a.code])).content.decode()
    )
    assert "歇马村第1网格" in body and "歇马村第2网格" in body and "古塘村" not in body


def test_it_shows_the_system_administrator_the_county_tree(login, users, regions):
    # regions are the map, not personal data: the administrator assigns memberships over them
    client = login(users.sysadmin)
    tree = client.get(reverse("core:region_list")).context["object_list"]
    grids = client.get(reverse("core:region_list"), {"kind": "grid"}).context["object_list"]
    assert [r.name for r in tree] == ["湘潭县", "易俗河镇", "石鼓镇"]
    assert len(grids) == Region.objects.filter(kind="grid").count() == 4


def test_it_lets_the_governance_office_correct_a_grid(login, users, regions):
    # given
    client = login(users.governance)
    # when
    response = client.post(
        reverse("core:region_edit", args=[regions.grid_a.code]),
        {"name": "歇马村第1网格", "households": "135", "population": "472"},
    )
    # then: saved, shown, and in the ledger
    assert response.status_code == 302
    regions.grid_a.refresh_from_db()
    assert (regions.grid_a.households, regions.grid_a.population) == (135, 472)
    assert LedgerEntry.objects.filter(
        object_type="core.region", object_id=str(regions.grid_a.pk), action="update"
    ).exists()
    detail = client.get(reverse("core:region_detail", args=[regions.grid_a.code])).content.decode()
    assert "135" in detail and "变更记录" in detail


def test_it_refuses_a_negative_population(login, users, regions):
    response = login(users.governance).post(
        reverse("core:region_edit", args=[regions.grid_a.code]), {"name": "歇马村第1网格", "population": "-5"}
    )
    assert response.status_code == 200 and "人口" in response.content.decode()
    regions.grid_a.refresh_from_db()
    assert regions.grid_a.population is None


def test_it_offers_no_edit_to_those_who_only_read(login, users, regions):
    body = login(users.leader).get(reverse("core:region_detail", args=[regions.grid_a.code])).content.decode()
    assert reverse("core:region_edit", args=[regions.grid_a.code]) not in body
    assert (
        login(users.other_officer).get(reverse("core:region_edit", args=[regions.grid_a.code])).status_code
        == 403
    )


def test_it_exports_the_list_to_excel(login, users):
    # given
    client = login(users.leader)
    page = client.get(reverse("core:region_list"))
    # when: the leader follows the list's export button
    assert "导出Excel" in page.content.decode()
    export = client.get(page.context["export_url"])
    # then: a workbook
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
