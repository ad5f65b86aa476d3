"""Every ledgered write and its entry commit together, whatever the door; and `fazhi ledger
verify` reports rows that no entry names (written past the ledger)."""

from __future__ import annotations

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from rest_framework.test import APIClient

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, Region, RegionKind


@contextmanager
def ledger_refusing_entries():
    """The ledger cannot take a new entry (as with a full disk or a broken ledger table): a
    real trigger refusing every INSERT, dropped afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse_entry() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'ledger cannot write'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER test_refuse_entry BEFORE INSERT ON core_ledgerentry "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_entry()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER test_refuse_entry BEFORE INSERT ON core_ledgerentry "
                "BEGIN SELECT RAISE(ABORT, 'ledger cannot write'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("DROP TRIGGER test_refuse_entry ON core_ledgerentry")
                cursor.execute("DROP FUNCTION test_refuse_entry()")
            else:
                cursor.execute("DROP TRIGGER test_refuse_entry")


@pytest.mark.django_db(transaction=True)
def test_a_save_whose_entry_cannot_be_written_leaves_no_row(regions):
    # given a ledger that cannot take an entry, and no transaction open (autocommit)
    village = regions.village_a
    entries = LedgerEntry.objects.count()
    with ledger_refusing_entries():
        # when a plain save creates a region, another renames one, a delete removes a grid
        with pytest.raises(DatabaseError):
            Region(code="430321108209", name="新村", kind=RegionKind.VILLAGE, parent=regions.town).save()
        village.name = "改名村"
        with pytest.raises(DatabaseError):
            village.save()
        with pytest.raises(DatabaseError):
            regions.grid_c.delete()
    # then none of them happened: no row without its entry
    assert not Region.objects.filter(code="430321108209").exists()
    assert Region.objects.get(pk=village.pk).name == "歇马村"
    assert Region.objects.filter(pk=regions.grid_c.pk).exists()
    assert LedgerEntry.objects.count() == entries
    assert ledger.verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_record_created_through_the_api_whose_entry_fails_is_not_kept(regions, users):
    # given an officer of the town with the API, and a ledger that cannot take an entry
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(users.officer)
    from fazhi.enforcement.models import EnforcementBody

    with ledger_refusing_entries():
        # when they register an enforcement body
        response = client.post(
            "/api/v1/enforcement/bodies/",
            {
                "region": regions.town.pk,
                "name": "石鼓镇综合行政执法大队",
                "kind": "statutory",
                "case_prefix": "石鼓执罚",
            },
            format="json",
        )
    # then the request fails and the body is not there without its entry
    assert response.status_code == 500
    assert not EnforcementBody.objects.filter(name="石鼓镇综合行政执法大队").exists()


def _unledgered_villages(regions, n: int) -> list[Region]:
    """Regions written past the ledger (bulk_create passes no signal)."""
    rows = [
        Region(
            code=f"430321108{300 + i}",
            name=f"无记录村{i}",
            kind=RegionKind.VILLAGE,
            parent=regions.town,
            path=f"{regions.town.path}430321108{300 + i}/",
            depth=2,
        )
        for i in range(n)
    ]
    return Region.objects.bulk_create(rows)


def test_verify_reports_rows_no_entry_names_with_a_count_and_a_sample(regions):
    # given twelve regions written past the ledger
    made = _unledgered_villages(regions, 12)
    # when the ledger is verified
    result = ledger.verify()
    # then it fails, naming the table, how many rows and the first ten ids
    assert not result.ok
    [rows] = result.unledgered
    assert (rows.label, rows.count) == ("core.region", 12)
    assert rows.sample == [r.pk for r in made][:10]
    assert "区划（core.region）：12 行没有台账记录" in str(result)
    with pytest.raises(CommandError) as excinfo:
        call_command("ledger", "verify", stdout=StringIO())
    assert "12 行没有台账记录" in str(excinfo.value)


def test_verify_deep_lists_every_row_no_entry_names(regions):
    made = _unledgered_villages(regions, 12)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ledger", "verify", "--deep", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "没有台账记录" in line)
    assert all(str(r.pk) in line for r in made)
    assert "等" not in line.split("编号")[1]
