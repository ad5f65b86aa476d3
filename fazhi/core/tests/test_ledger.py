"""The ledger: hashes, one entry per save, the database refusing changes but the seal, and
`fazhi ledger verify` naming the first entry changed or removed behind the application's back."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, Region, RegionKind
from fazhi.core.tests.forgery import behind_the_applications_back, chain_entries

TOWN = "430321108"  # 石鼓镇's chain


def verify_command(*args) -> str:
    out = StringIO()
    call_command("ledger", "verify", *args, stdout=out)
    return out.getvalue()


def test_it_computes_the_sm3_standard_vector():
    # GB/T 32905-2016, example 1
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert ledger.digest(b"abc", "sm3") == expected
    # the incremental hasher used for files gives the same, in pieces
    hasher = ledger.new_hasher("sm3")
    hasher.update(b"a")
    hasher.update(b"bc")
    assert hasher.hexdigest() == expected
    # and so does the gmssl fallback for an OpenSSL without SM3, fed in pieces of any size
    fallback = ledger._GmsslHasher()
    fallback.update(b"ab")
    fallback.update(b"c")
    assert fallback.hexdigest() == expected
    message = bytes(range(256)) * 4 + b"tail"
    fallback = ledger._GmsslHasher()
    for start in range(0, len(message), 37):
        fallback.update(message[start : start + 37])
    assert fallback.hexdigest() == ledger.digest(message, "sm3")


def test_it_hashes_new_entries_with_sha256_when_selected(regions, settings):
    # given a chain begun with SM3
    assert LedgerEntry.objects.order_by("id").first().algorithm == "sm3"
    # when the deployment selects SHA-256
    settings.LEDGER_HASH = "sha256"
    entry = ledger.record("note", regions.town, data={"text": "切换摘要算法"})
    ledger.seal()
    # then new entries use it for their content and their seal, and the mixed chain verifies
    entry.refresh_from_db()
    assert entry.algorithm == "sha256"
    assert entry.hash == hashlib.sha256(ledger.payload(ledger.entry_content(entry))).hexdigest()
    assert entry.chain_hash == ledger.link_hash(TOWN, entry.seq, entry.prev_hash, entry.hash, "sha256")
    assert len(entry.chain_hash) == 64
    assert ledger.verify().ok


def test_it_writes_one_entry_with_before_and_after_for_a_model_save(regions):
    # given
    last = LedgerEntry.objects.order_by("-id").first().id
    # when a record is created, then changed
    village = Region(code="430321108203", name="新村", kind=RegionKind.VILLAGE, parent=regions.town)
    village.save()
    village.name = "新建村"
    village.households = 120
    village.save()
    # then one entry each: the creation with the values, the change with before and after
    created, updated = LedgerEntry.objects.filter(id__gt=last).order_by("id")
    assert (created.action, created.object_type, created.object_id) == (
        "create",
        "core.region",
        str(village.pk),
    )
    assert created.data["after"]["name"] == "新村"
    assert updated.action == "update"
    assert updated.data == {
        "before": {"name": "新村", "households": None},
        "after": {"name": "新建村", "households": 120},
    }
    assert LedgerEntry.objects.filter(id__gt=last).count() == 2
    # in the chain of the town the village belongs to
    assert {created.chain, updated.chain} == {TOWN}


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_ledgerentry SET actor_name = 'someone' WHERE id = %s",
        "UPDATE core_ledgerentry SET seq = seq + 1000 WHERE id = %s",
        "UPDATE core_ledgerentry SET seq = NULL, prev_hash = NULL, chain_hash = NULL WHERE id = %s",
        "DELETE FROM core_ledgerentry WHERE id = %s",
    ],
)
def test_it_is_refused_by_the_database_to_change_or_delete_a_sealed_entry(regions, sql):
    ledger.seal()
    entry = LedgerEntry.objects.order_by("id").first()
    # when the application (or anyone with its account) tries
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.id])
    # then the entry is as it was, and the chain is whole
    again = LedgerEntry.objects.get(id=entry.id)
    assert (again.actor_name, again.seq, again.chain_hash) == (entry.actor_name, entry.seq, entry.chain_hash)
    assert ledger.verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        # the seal together with a change of content
        "UPDATE core_ledgerentry SET seq = 99, prev_hash = 'x', chain_hash = 'y', action = 'forged' WHERE id = %s",
        # only part of the seal
        "UPDATE core_ledgerentry SET seq = 99 WHERE id = %s",
        # content alone
        "UPDATE core_ledgerentry SET data = '{}' WHERE id = %s",
        "DELETE FROM core_ledgerentry WHERE id = %s",
    ],
)
def test_an_unsealed_entry_takes_its_seal_and_nothing_else(regions, sql):
    # given an entry not sealed yet
    entry = ledger.record("note", regions.town, data={"text": "待封存"})
    assert entry.seq is None
    # when anything but the seal is tried on it, the database refuses
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.id])
    # and the sealer's one UPDATE passes
    ledger.seal([TOWN])
    entry.refresh_from_db()
    assert entry.seq is not None and entry.action == "note" and entry.data == {"text": "待封存"}
    assert ledger.verify().ok


def test_it_refuses_changes_through_the_orm_too(regions):
    ledger.seal()
    entry = LedgerEntry.objects.order_by("id").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(id=entry.id).update(action="delete")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert LedgerEntry.objects.filter(id=entry.id, action=entry.action).exists()


def test_it_passes_an_intact_chain_and_records_the_verification(regions):
    # when
    out = verify_command()
    # then
    assert "台账校验通过" in out
    last = LedgerEntry.objects.order_by("-id").first()
    assert last.action == "ledger.verify" and last.data["ok"] is True
    assert last.source == "command"


def test_it_names_an_entry_edited_behind_the_applications_back(regions):
    # given a database administrator rewrites who did something
    ledger.seal()
    target = chain_entries(TOWN)[3]
    behind_the_applications_back(
        "UPDATE core_ledgerentry SET actor_name = %s WHERE id = %s", ["nobody", target.id]
    )
    assert LedgerEntry.objects.get(id=target.id).actor_name == "nobody"
    # when the chain is verified
    result = ledger.verify()
    # then that entry is named as tampered with
    assert not result.ok and result.broken_id == target.id
    assert "被篡改" in str(result) and f"链 {TOWN} 第 {target.seq} 号" in str(result)
    with pytest.raises(CommandError) as excinfo:
        verify_command()
    assert excinfo.value.returncode == 1
    assert f"第 {target.id} 条" in str(excinfo.value)


def test_it_names_an_entry_edited_with_its_content_hash_recomputed(regions):
    # given the administrator also recomputes the edited entry's content hash
    ledger.seal()
    target = chain_entries(TOWN)[2]
    target.actor_name = "nobody"
    forged = ledger.entry_hash(target)
    behind_the_applications_back(
        "UPDATE core_ledgerentry SET actor_name = %s, hash = %s WHERE id = %s", ["nobody", forged, target.id]
    )
    # then its seal no longer matches it
    result = ledger.verify()
    assert not result.ok and result.broken_id == target.id
    assert "链摘要与其内容不符" in str(result)


def test_it_names_an_entry_deleted_behind_the_applications_back(regions):
    # given
    ledger.seal()
    target = chain_entries(TOWN)[4]
    behind_the_applications_back("DELETE FROM core_ledgerentry WHERE id = %s", [target.id])
    # when
    result = ledger.verify()
    # then the place of the missing entry is named
    assert not result.ok
    assert f"链 {TOWN} 第 {target.seq} 号" in str(result) and "缺失" in str(result)
    with pytest.raises(CommandError) as excinfo:
        verify_command()
    assert f"第 {target.seq} 号" in str(excinfo.value)


def test_it_notices_the_newest_entry_deleted(regions):
    ledger.seal()
    last = chain_entries(TOWN)[-1]
    behind_the_applications_back("DELETE FROM core_ledgerentry WHERE id = %s", [last.id])
    result = ledger.verify()
    assert not result.ok
    assert f"链 {TOWN}" in str(result) and "链尾" in str(result)


def test_it_shows_entries_by_object_action_and_actor(regions, users):
    # given a change made by a named user
    with ledger.acting_as(users.officer, "web"):
        regions.grid_a.households = 88
        regions.grid_a.save()
    out = StringIO()
    # when
    call_command(
        "ledger",
        "show",
        "--object",
        f"core.region:{regions.grid_a.pk}",
        "--action",
        "update",
        "--actor",
        "王强",
        stdout=out,
    )
    # then only that entry is shown, with who and what changed
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert "王强（officer）" in lines[0] and "update" in lines[0] and "households: None → 88" in lines[0]


def test_it_refuses_a_malformed_date_to_show(regions):
    with pytest.raises(CommandError) as excinfo:
        call_command("ledger", "show", "--since", "2024-13-01", stdout=StringIO())
    assert "YYYY-MM-DD" in str(excinfo.value)


def test_it_loads_records_with_deferred_fields_without_querying_for_them(users, django_assert_num_queries):
    # given: a list that loads only some columns of users (as an autocomplete would)
    # when
    with django_assert_num_queries(1):
        names = [u.username for u in type(users.leader).objects.only("id", "username")]
    # then: no extra query per row from the ledger's snapshot, and no recursion
    assert "leader" in names
