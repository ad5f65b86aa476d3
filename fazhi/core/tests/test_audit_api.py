"""The ledger through the API, for the auditor and another system holding the auditor's token:
the audit page's search, newest first by cursor, personal information masked; nobody else."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, Region


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_finds_the_entries_of_one_record(users, regions):
    # given: a village renamed, which the ledger records
    village = Region.objects.get(pk=regions.village_a.pk)
    with ledger.acting_as(users.sysadmin, "web"):
        village.name = "歇马村（新）"
        village.save()
    # when
    response = _client(users.auditor).get(
        "/api/v1/audit/entries/", {"object_type": "core.region", "object_id": str(village.pk)}
    )
    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all(r["object_id"] == str(village.pk) for r in results)
    update = next(r for r in results if r["action"] == "update")
    assert update["data"]["after"]["name"] == "歇马村（新）"
    assert update["actor_name"] == users.sysadmin.username
    assert [r["id"] for r in results] == sorted((r["id"] for r in results), reverse=True)


def test_it_masks_personal_information_in_the_entries(users, enf):
    # given: a citizen party (张三丰, with an identity number) recorded by the ledger
    party = enf.citizen
    # when
    response = _client(users.auditor).get(
        "/api/v1/audit/entries/", {"object_type": "enforcement.party", "object_id": str(party.pk)}
    )
    # then: the entry is there, the name and the identity number never in clear
    assert response.status_code == 200
    assert response.json()["results"]
    body = response.content.decode()
    assert party.name not in body and party.id_number not in body


def test_a_bad_filter_is_400_naming_it(users):
    # when
    response = _client(users.auditor).get("/api/v1/audit/entries/", {"since": "yesterday"})
    # then
    assert response.status_code == 400
    assert "since" in response.json()


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "leader", "county"])
def test_nobody_but_the_auditor_reads_it(users, who):
    # when
    response = _client(getattr(users, who)).get("/api/v1/audit/entries/")
    # then
    assert response.status_code == 403
    assert LedgerEntry.objects.exists()
