"""The bulk path for historical records (the demo's other years and towns, large imports).

`insert(model, rows)` writes records with `bulk_create` inside `frozen.importing_at_state()` —
no model `save()`, no workflow: states and dates are given as they were — and appends the
ledger entry each record's save would have written ("create", with its field values) in bulk
with `ledger.append_many`: one operation id for the batch, every content hash computed as
`ledger.record` computes it, and the entries sealed into their towns' chains as they are
inserted (each chain's head locked in code order, after the domain rows: nothing else is locked
in this transaction afterwards), so `fazhi ledger verify` passes afterwards.

What a model's `save()` does besides saving is the caller's part: a region's path, a number's
counter (`numbering.note_issued`, or nothing: a counter created later starts from the highest
number stored), a record's deadlines. Give foreign keys as objects already loaded (the region
above all: its path goes into the ledger entry), not as ids, or each entry costs a query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import frozen, ledger
from fazhi.core.ledgered import Ledgered


def _snapshot(obj) -> dict:
    data = ledger.snapshot(obj)
    for name in getattr(obj, "ledger_exclude", ()):
        data.pop(name, None)
    return data


def insert(model, rows: Iterable, *, batch_size: int = 500) -> list:
    """Write `rows` (instances of `model`, or dicts of its field values) at once and ledger
    each as created; returns the saved instances (with their primary keys). A row at a state
    its workflow `requires` fields for must hold them (ValidationError naming the row, and
    nothing is written)."""
    with frozen.importing_at_state(), transaction.atomic():
        objs = [row if isinstance(row, model) else model(**row) for row in rows]
        if not objs:
            return []
        from fazhi.core.workflow import missing_at_state

        for number, obj in enumerate(objs, start=1):
            if missing := missing_at_state(obj):
                raise ValidationError(
                    _("第%(n)s条%(record)s“%(name)s”处于该状态时须有：%(fields)s")
                    % {
                        "n": number,
                        "record": model._meta.verbose_name,
                        "name": str(obj),
                        "fields": "、".join(str(model._meta.get_field(f).verbose_name) for f in missing),
                    }
                )
        made = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if issubclass(model, Ledgered):
            ledger.append_many(ledger.Pending("create", obj, {"after": _snapshot(obj)}) for obj in made)
    return made
