"""What a database administrator could do to the ledger behind the application's back: lift
the append-only triggers, change the table, put them back (the SQL of migration 0010)."""

from __future__ import annotations

import importlib

from django.db import connection

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, LedgerHead

TRIGGERS = importlib.import_module("fazhi.core.migrations.0010_ledger_chains")


def behind_the_applications_back(sql: str, params: list | None = None) -> None:
    TRIGGERS.drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
    finally:
        TRIGGERS.install_triggers(connection)


def rechain(chain: str, entries: list[LedgerEntry]) -> None:
    """Write `entries` (content as the forger wants it) as the whole of `chain`, every hash and
    the head recomputed: the chain alone then verifies."""
    TRIGGERS.drop_triggers(connection)
    try:
        LedgerEntry.objects.filter(chain=chain).delete()
        prev, seq = ledger.GENESIS, 0
        for entry in entries:
            seq += 1
            entry.chain = chain
            entry.hash = ledger.entry_hash(entry)
            entry.seq, entry.prev_hash = seq, prev
            entry.chain_hash = prev = ledger.link_hash(chain, seq, prev, entry.hash, entry.algorithm)
            entry.save(force_insert=True)
        LedgerHead.objects.filter(chain=chain).update(last_seq=seq, last_hash=prev)
    finally:
        TRIGGERS.install_triggers(connection)


def chain_entries(chain: str) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(chain=chain).order_by("seq"))
