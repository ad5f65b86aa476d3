"""Anchors: the heads of the town and county chains written into the system chain as a Merkle
root, exported for an outside party, and the forgeries a database administrator could make —
a back-dated entry slipped into a chain, a cut-off tail, a rewritten stretch — each caught."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, LedgerHead, Region, RegionKind
from fazhi.core.models.ledger import SYSTEM_CHAIN
from fazhi.core.tests.forgery import behind_the_applications_back, chain_entries, rechain

TOWN = "430321108"


def _heads() -> dict:
    return {h.chain: (h.last_seq, h.last_hash) for h in LedgerHead.objects.exclude(chain=SYSTEM_CHAIN)}


def _more_town_entries(regions, n: int = 3) -> None:
    for households in range(n):
        regions.village_a.households = 100 + households
        regions.village_a.save()


def test_an_anchor_holds_every_town_and_county_head_under_one_root(regions):
    # when the ledger is anchored
    entry = ledger.anchor()
    # then one entry of the system chain holds each town's and the county's head and their root
    assert (entry.chain, entry.action) == (SYSTEM_CHAIN, "ledger.anchor") and entry.seq is not None
    heads = _heads()
    assert set(heads) == {TOWN, regions.other_town.code, regions.county.code}
    assert {c: (v["seq"], v["hash"]) for c, v in entry.data["heads"].items()} == heads
    assert entry.data["root"] == ledger.merkle_root(heads, entry.data["algorithm"])
    # and no new anchor while no head moved; a new one once one has
    assert ledger.anchor().pk == entry.pk
    _more_town_entries(regions, 1)
    assert ledger.anchor().pk != entry.pk
    result = ledger.verify()
    assert result.ok and result.anchors == 2


def test_the_merkle_root_changes_with_any_head():
    heads = {"430321108": (5, "a" * 64), "430321109": (3, "b" * 64), "430321": (2, "c" * 64)}
    root = ledger.merkle_root(heads, "sm3")
    assert root != ledger.merkle_root({**heads, "430321109": (4, "b" * 64)}, "sm3")
    assert root != ledger.merkle_root({k: v for k, v in heads.items() if k != "430321"}, "sm3")
    assert root == ledger.merkle_root(dict(reversed(heads.items())), "sm3")


@pytest.mark.django_db(transaction=True)
def test_the_sealer_anchors_after_a_commit_once_the_interval_has_passed(regions, settings, monkeypatch):
    # given an interval of a minute and no anchor yet
    settings.LEDGER_ANCHOR_SECONDS = 60
    monkeypatch.setattr(ledger, "_next_anchor_check", 0.0)
    # when a record is saved (and committed)
    Region(code="430321108209", name="新村", kind=RegionKind.VILLAGE, parent=regions.town).save()
    # then the heads were anchored just after, and not again within the minute
    anchors = LedgerEntry.objects.filter(action="ledger.anchor")
    assert anchors.count() == 1
    Region(code="430321108210", name="又一村", kind=RegionKind.VILLAGE, parent=regions.town).save()
    assert anchors.count() == 1
    assert ledger.verify().ok


def test_it_exports_the_newest_anchor_and_verifies_against_it(regions, tmp_path):
    # when the anchor is exported for an outside party
    path = tmp_path / "anchor.json"
    out = StringIO()
    call_command("ledger", "anchor", "--export", str(path), stdout=out)
    exported = json.loads(path.read_text(encoding="utf-8"))
    # then the file says when, the root, every chain's head and the anchor's own place
    newest = ledger.last_anchor()
    assert exported["root"] == newest.data["root"]
    assert set(exported["heads"]) == {TOWN, regions.other_town.code, regions.county.code}
    assert exported["anchor"] == {
        "chain": SYSTEM_CHAIN,
        "seq": newest.seq,
        "hash": newest.chain_hash,
        "entry_id": newest.pk,
    }
    assert dt.datetime.fromisoformat(exported["at"]) == newest.at
    assert "默克尔根" in out.getvalue()
    # and the live ledger verifies against it, after more entries too
    _more_town_entries(regions)
    out = StringIO()
    call_command("ledger", "verify", "--anchor", str(path), stdout=out)
    assert "台账校验通过" in out.getvalue()


def _anchored_town_chain(regions, tmp_path):
    """A town chain of some length, anchored and exported; then more entries, anchored again."""
    _more_town_entries(regions, 4)
    ledger.anchor()
    path = tmp_path / "anchor.json"
    call_command("ledger", "anchor", "--export", str(path), stdout=StringIO())
    _more_town_entries(regions, 2)
    ledger.anchor()
    assert ledger.verify().ok
    return path


def _forged_entry(like: LedgerEntry, **changes) -> LedgerEntry:
    entry = LedgerEntry(**{f.attname: getattr(like, f.attname) for f in LedgerEntry._meta.concrete_fields})
    entry.pk = None
    for name, value in changes.items():
        setattr(entry, name, value)
    return entry


def _verify_fails(path, *expected: str) -> str:
    result = ledger.verify()
    assert not result.ok
    text = "\n".join(result.lines())
    for words in expected:
        assert words in text
    with pytest.raises(CommandError):
        call_command("ledger", "verify", "--anchor", str(path), stdout=StringIO())
    return text


def test_a_back_dated_entry_slipped_into_a_chain_is_caught(regions, tmp_path):
    # given an anchored town chain
    path = _anchored_town_chain(regions, tmp_path)
    entries = chain_entries(TOWN)
    # when a forger inserts an entry dated a year back in the middle, every later hash and the
    # head recomputed so that the chain alone verifies
    middle = len(entries) // 2
    forged = _forged_entry(
        entries[middle],
        at=entries[middle].at - dt.timedelta(days=365),
        action="delete",
        data={"forged": True},
    )
    rechain(TOWN, [*entries[:middle], forged, *entries[middle:]])
    # then verify names the chain's places the anchors vouch for
    text = _verify_fails(path, f"链 {TOWN}", "锚点")
    assert "链在锚定后被改写" in text


def test_a_cut_off_tail_is_caught(regions, tmp_path):
    # given an anchored town chain
    path = _anchored_town_chain(regions, tmp_path)
    entries = chain_entries(TOWN)
    # when a forger deletes its last three entries and moves the head back
    rechain(TOWN, entries[:-3])
    # then verify says the anchors knew a longer chain
    _verify_fails(path, f"链 {TOWN}", "链尾被截断")


def test_a_rewritten_stretch_is_caught(regions, tmp_path):
    # given an anchored town chain
    path = _anchored_town_chain(regions, tmp_path)
    entries = chain_entries(TOWN)
    # when a forger rewrites who did three entries in the middle, every hash recomputed
    for entry in entries[2:5]:
        entry.actor_name = "nobody"
    rechain(TOWN, entries)
    # then verify names the chain
    _verify_fails(path, f"链 {TOWN}", "链在锚定后被改写")


def test_a_forger_who_rewrites_the_anchors_too_is_caught_by_the_exported_anchor(regions, tmp_path):
    # given an anchored town chain and its exported anchor held outside
    path = _anchored_town_chain(regions, tmp_path)
    entries = chain_entries(TOWN)
    # when a forger rewrites a stretch of the town chain, then every anchor after it to the new
    # heads and the whole system chain, so that every chain and anchor in the database agrees
    for entry in entries[1:3]:
        entry.actor_name = "nobody"
    rechain(TOWN, entries)
    rewritten = {e.seq: e.chain_hash for e in chain_entries(TOWN)}
    system = chain_entries(SYSTEM_CHAIN)
    for entry in system:
        if entry.action == "ledger.anchor" and TOWN in entry.data["heads"]:
            data = json.loads(json.dumps(entry.data))
            data["heads"][TOWN]["hash"] = rewritten[data["heads"][TOWN]["seq"]]
            heads = {c: (v["seq"], v["hash"]) for c, v in data["heads"].items()}
            data["root"] = ledger.merkle_root(heads, data["algorithm"])
            entry.data = data
    rechain(SYSTEM_CHAIN, system)
    assert ledger.verify(seal_first=False).faults == []
    # then only the copy held outside tells: its anchor and its town head are no longer there
    with pytest.raises(CommandError) as excinfo:
        call_command("ledger", "verify", "--anchor", str(path), stdout=(out := StringIO()))
    assert "导出的锚点" in str(excinfo.value) or "导出的锚点" in out.getvalue()
    assert "系统链被改写" in out.getvalue() and f"链 {TOWN}" in out.getvalue()


def test_an_edited_anchor_root_is_caught(regions):
    entry = ledger.anchor()
    data = dict(entry.data, root="0" * 64)
    behind_the_applications_back(
        "UPDATE core_ledgerentry SET data = %s WHERE id = %s", [json.dumps(data), entry.pk]
    )
    result = ledger.verify()
    assert not result.ok and result.broken_id == entry.pk


def test_a_file_that_is_not_an_anchor_is_refused(regions, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("ledger", "verify", "--anchor", str(path), stdout=StringIO())
    assert "不是导出的台账锚点文件" in str(excinfo.value)


def test_an_unsealed_back_dated_entry_is_caught_when_sealed(regions):
    # given a town chain, sealed
    _more_town_entries(regions, 2)
    ledger.seal()
    like = LedgerEntry.objects.filter(chain=TOWN).order_by("-seq").first()
    # when someone with database access inserts an entry dated three days back (the triggers
    # allow inserts) and the sealer, as it must, seals it at the end of its chain
    forged = _forged_entry(like, at=like.at - dt.timedelta(days=3), seq=None, prev_hash=None, chain_hash=None)
    forged.data = {"after": {"name": "倒签"}}
    forged.hash = ledger.content_hash(ledger.entry_content(forged))
    forged.save(force_insert=True)
    ledger.seal()
    # then verify names it: its time is days before the entries sealed ahead of it
    result = ledger.verify()
    assert not result.ok
    assert "倒签" in "\n".join(result.lines())
