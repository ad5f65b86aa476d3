"""The bulk path for historical records (the demo's other years and towns, large imports).

`insert(model, rows)` writes records with `bulk_create` inside `frozen.importing_at_state()` —
no model `save()`, no workflow: states and dates are given as they were — and appends the
ledger entry each record's save would have written ("create", with its field values) in bulk
with `ledger.append_many`: one operation id for the batch, every hash computed as
`ledger.record` computes it, so `fazhi ledger verify` passes afterwards.

What a model's `save()` does besides saving is the caller's part: a region's path, a number's
counter (`numbering.note_issued`, or nothing: a counter created later starts from the highest
number stored), a record's deadlines. Give foreign keys as objects already loaded (the region
above all: its path goes into the ledger entry), not as ids, or each entry costs a query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from fazhi.core import frozen, ledger
from fazhi.core.ledgered import Ledgered


def _snapshot(obj) -> dict:
    data = ledger.snapshot(obj)
    for name in getattr(obj, "ledger_exclude", ()):
        data.pop(name, None)
    return data


def insert(model, rows: Iterable, *, batch_size: int = 500) -> list:
    """Write `rows` (instances of `model`, or dicts of its field values) at once and ledger
    each as created; returns the saved instances (with their primary keys)."""
    with frozen.importing_at_state(), transaction.atomic():
        objs = [row if isinstance(row, model) else model(**row) for row in rows]
        if not objs:
            return []
        made = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if issubclass(model, Ledgered):
            ledger.append_many(ledger.Pending("create", obj, {"after": _snapshot(obj)}) for obj in made)
    return made
