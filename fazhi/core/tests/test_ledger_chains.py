"""One chain per town, one lock order: entries written unsealed in the domain transaction,
sealed into their town's chain just after it commits; the bulk path writes sealed entries."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from fazhi.core import bulk, ledger
from fazhi.core.models import LedgerEntry, LedgerHead, Region, RegionKind
from fazhi.core.models.ledger import SYSTEM_CHAIN
from fazhi.core.tests.forgery import behind_the_applications_back

TOWN, COUNTY = "430321108", "430321"


def _chain_of_last(object_type: str, obj) -> str:
    return LedgerEntry.objects.filter(object_type=object_type, object_id=str(obj.pk)).latest("id").chain


def test_each_record_writes_to_its_towns_chain(regions, users):
    # given a record in a grid of 石鼓镇, one in the other town, the county itself and an account
    assert _chain_of_last("core.region", regions.grid_a) == TOWN
    assert _chain_of_last("core.region", regions.other_grid) == regions.other_town.code
    assert _chain_of_last("core.region", regions.county) == COUNTY
    assert _chain_of_last("core.user", users.officer) == SYSTEM_CHAIN
    # when the ledger is sealed
    ledger.seal()
    # then every chain runs 1, 2, 3 … with one head each at its last entry
    for head in LedgerHead.objects.all():
        seqs = list(
            LedgerEntry.objects.filter(chain=head.chain).order_by("seq").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1))
        last = LedgerEntry.objects.get(chain=head.chain, seq=head.last_seq)
        assert last.chain_hash == head.last_hash
    assert set(LedgerHead.objects.values_list("chain", flat=True)) == {
        TOWN,
        regions.other_town.code,
        COUNTY,
        SYSTEM_CHAIN,
    }
    assert ledger.verify().ok


def test_a_domain_transaction_takes_no_chain_head(regions):
    # given entries written in this (test) transaction: none sealed, no town's head taken (what
    # migrations seeded, e.g. the event categories, was sealed in the system chain before)
    seeded = LedgerEntry.objects.filter(seq__isnull=False).values_list("id", flat=True)
    assert not LedgerEntry.objects.filter(seq__isnull=False).exclude(chain=SYSTEM_CHAIN).exists()
    assert not LedgerHead.objects.exclude(chain=SYSTEM_CHAIN).exists()
    heads = list(LedgerHead.objects.values_list("chain", "last_seq"))
    assert len(list(seeded)) == sum(seq for _chain, seq in heads)
    # when a record of the town changes inside a transaction
    with transaction.atomic():
        regions.village_a.households = 300
        regions.village_a.save()
        entry = LedgerEntry.objects.latest("id")
        # then its entry is there, with its content hash, and still no head is locked or moved
        assert (entry.chain, entry.seq, entry.prev_hash) == (TOWN, None, None)
        assert entry.hash == ledger.entry_hash(entry)
        assert list(LedgerHead.objects.values_list("chain", "last_seq")) == heads


@pytest.mark.django_db(transaction=True)
def test_entries_are_sealed_just_after_their_transaction_commits(regions):
    # when a record is saved outside a transaction, its entry is sealed at once
    village = Region(code="430321108209", name="新村", kind=RegionKind.VILLAGE, parent=regions.town)
    village.save()
    assert LedgerEntry.objects.filter(object_id=str(village.pk), seq__isnull=True).count() == 0
    # and inside one, when it commits
    with transaction.atomic():
        village.households = 12
        village.save()
        assert LedgerEntry.objects.filter(object_id=str(village.pk), seq__isnull=True).count() == 1
    assert LedgerEntry.objects.filter(seq__isnull=True).count() == 0
    assert ledger.verify().ok


def test_verify_reports_an_entry_left_unsealed_for_over_a_minute(regions):
    # given an entry written two minutes ago whose sealer never ran (a worker killed after commit)
    old = ledger._entry(
        ledger.Pending("note", regions.town, at=timezone.now() - dt.timedelta(minutes=2)),
        at=None,
        acting=(None, "", "system"),
        operation_id="",
    )
    old.save(force_insert=True)
    # when the ledger is verified as it stands
    result = ledger.verify(seal_first=False)
    # then the entry is named
    assert not result.ok and result.broken_id == old.pk
    assert "超过一分钟仍未封存" in str(result)
    # and once sealed (as `fazhi ledger seal` or a plain verify does) the ledger verifies
    assert ledger.verify().ok


def test_the_bulk_path_writes_sealed_entries_per_chain(regions):
    # given the ledger sealed so far
    ledger.seal()
    before = {h.chain: h.last_seq for h in LedgerHead.objects.all()}
    # when villages of two towns are written in bulk
    made = bulk.insert(
        Region,
        [
            {
                "code": code,
                "name": name,
                "kind": RegionKind.VILLAGE,
                "parent": parent,
                "path": f"{parent.path}{code}/",
            }
            for code, name, parent in [
                ("430321108301", "甲村", regions.town),
                (f"{regions.other_town.code}301", "乙村", regions.other_town),
                ("430321108302", "丙村", regions.town),
            ]
        ],
    )
    # then their entries are sealed already, each town's after its chain's last
    entries = LedgerEntry.objects.filter(object_type="core.region", object_id__in=[str(r.pk) for r in made])
    assert sorted((e.chain, e.seq) for e in entries) == sorted(
        [
            (TOWN, before[TOWN] + 1),
            (TOWN, before[TOWN] + 2),
            (regions.other_town.code, before[regions.other_town.code] + 1),
        ]
    )
    assert ledger.verify().ok


@pytest.mark.django_db(transaction=True)
def test_two_filings_in_one_town_locking_in_opposite_orders_both_succeed(enf, make_case, walk, regions):
    """The deadlock of issue 8: one transaction files a case (the body's counter) and then
    writes another record; the other writes a record first and then files a case. With a head
    locked by the first entry of each transaction, each waited for the other."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections: PostgreSQL (make test-pg)")
    from fazhi.enforcement.models import Case, Party

    first_case, second_case = make_case(), make_case()
    barrier = threading.Barrier(2, timeout=15)
    errors: list[BaseException] = []

    def party(name):
        Party.objects.create(region=regions.village_a, kind=Party.Kind.CITIZEN, name=name)

    def files_then_writes():
        try:
            with transaction.atomic():
                walk(first_case, "file")  # the body's counter row
                barrier.wait()
                party("甲某")
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    def writes_then_files():
        try:
            with transaction.atomic():
                party("乙某")
                barrier.wait()
                walk(second_case, "file")  # waits for the counter until the first commits
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=files_then_writes), threading.Thread(target=writes_then_files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # then both transactions went through, with distinct numbers
    assert errors == []
    numbers = set(
        Case.objects.filter(pk__in=[first_case.pk, second_case.pk]).values_list("sequence", flat=True)
    )
    assert len(numbers) == 2 and None not in numbers
    assert Party.objects.filter(name__in=["甲某", "乙某"]).count() == 2
    # and every entry was sealed after its commit, and the ledger verifies
    assert not LedgerEntry.objects.filter(seq__isnull=True).exists()
    assert ledger.verify().ok


@pytest.mark.django_db(transaction=True)
def test_verify_walks_the_chains_in_parallel_with_the_same_result(regions):
    # given entries in the two towns' chains, the county's and the system chain, sealed
    regions.village_a.households = 321
    regions.village_a.save()
    regions.other_town.name = "易俗河镇（改）"
    regions.other_town.save()
    # when the ledger is verified one chain at a time and in four threads
    one, four = ledger.verify(workers=1), ledger.verify(workers=4)
    # then both find the same chains and entries intact
    assert one.ok and four.ok
    assert (one.chains, one.checked) == (four.chains, four.checked) and four.chains >= 3
    # and a change behind the application's back is found by the parallel walk too
    entry = LedgerEntry.objects.filter(chain="430321108").order_by("-seq").first()
    behind_the_applications_back(
        "UPDATE core_ledgerentry SET object_repr = %s WHERE id = %s", ["篡改", entry.pk]
    )
    assert not ledger.verify(workers=4).ok
