"""The ledger: an append-only, hash-chained record of every change and transition.

Every entry hashes its canonical content together with the previous entry's hash (SM3,
GB/T 32905, by default; SHA-256 selectable with LEDGER_HASH). The database refuses UPDATE and
DELETE on the table (triggers in migration 0002), and `verify()` recomputes the whole chain and
names the first entry that does not match.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from fazhi.core.models import LedgerEntry, LedgerHead

GENESIS = "0" * 64

# Who is acting: set by the web middleware, the API views, imports and management commands.
_actor: contextvars.ContextVar[tuple[object, str] | None] = contextvars.ContextVar(
    "fazhi_actor", default=None
)
# Objects whose generic "update" entry is replaced by a transition's own entry.
_suppressed: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "fazhi_ledger_suppressed", default=frozenset()
)


# The operation the entries being written belong to: one request, step, import or command.
_operation: contextvars.ContextVar[str] = contextvars.ContextVar("fazhi_operation", default="")


@contextmanager
def operation(key: str | None = None):
    """Group the entries written inside under one operation id (kept in each entry and covered
    by its hash). Inside an operation already open, its id goes on (a step fired within a
    request belongs to the request); `key` starts a given one."""
    if _operation.get() and key is None:
        yield _operation.get()
        return
    token = _operation.set(key or uuid.uuid4().hex)
    try:
        yield _operation.get()
    finally:
        _operation.reset(token)


def current_operation() -> str:
    return _operation.get()


@contextmanager
def acting_as(user, source: str):
    """Who acts (the web middleware, the API views, imports and commands); opens an operation
    unless one is open."""
    token = _actor.set((user, source))
    try:
        with operation():
            yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[object, str]:
    return _actor.get() or (None, "system")


@contextmanager
def suppressed(obj):
    token = _suppressed.set(_suppressed.get() | {(obj._meta.label, str(obj.pk))})
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed(obj) -> bool:
    return (obj._meta.label, str(obj.pk)) in _suppressed.get()


# --- hashing -------------------------------------------------------------------------------


def _sm3(data: bytes) -> str:
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:  # OpenSSL built without SM3: the gmssl package implements it
        from gmssl import func, sm3

        return sm3.sm3_hash(func.bytes_to_list(data))


def digest(data: bytes, algorithm: str | None = None) -> str:
    algorithm = algorithm or settings.LEDGER_HASH
    if algorithm == "sm3":
        return _sm3(data)
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    raise ValueError(f"unknown hash algorithm {algorithm!r}")


def new_hasher(algorithm: str | None = None):
    """An incremental hasher (update/hexdigest) for large files."""
    algorithm = algorithm or settings.LEDGER_HASH
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm != "sm3":
        raise ValueError(f"unknown hash algorithm {algorithm!r}")
    try:
        return hashlib.new("sm3")
    except ValueError:
        return _GmsslHasher()


class _GmsslHasher:
    """Incremental SM3 on gmssl's compression function: memory stays at one block however large
    the file (gmssl's own sm3_hash wants the whole message as a list of ints)."""

    def __init__(self):
        from gmssl import sm3

        self._sm3 = sm3
        self._state = list(sm3.IV)
        self._pending = b""
        self._length = 0

    def update(self, data: bytes) -> None:
        self._length += len(data)
        data = self._pending + bytes(data)
        whole = len(data) - len(data) % 64
        for offset in range(0, whole, 64):
            self._state = self._sm3.sm3_cf(self._state, list(data[offset : offset + 64]))
        self._pending = data[whole:]

    def hexdigest(self) -> str:
        tail = self._pending + b"\x80"
        tail += b"\x00" * ((56 - len(tail)) % 64) + (self._length * 8).to_bytes(8, "big")
        state = self._state
        for offset in range(0, len(tail), 64):
            state = self._sm3.sm3_cf(state, list(tail[offset : offset + 64]))
        return "".join(f"{word:08x}" for word in state)


def jsonable(value):
    """Normalize a value to what survives a JSON round trip through either database."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


# The fields an entry's hash covers (everything but the hash itself).
HASHED_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "source",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "region_path",
    "data",
    "digests",
    "algorithm",
    "prev_hash",
)
# Hashed too when set: the operation id (entries written before it existed have none, and
# their hashes stay as they were).
OPTIONAL_HASHED_FIELDS = ("operation",)


def entry_content(entry: LedgerEntry) -> dict:
    """What an entry's hash covers, as plain JSON values (`at` in UTC, ISO 8601): with the hash
    added, enough to re-verify the entry away from the database (a case archive's extract)."""
    return {
        "id": entry.pk,
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "source": entry.source,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "region_path": entry.region_path,
        "data": entry.data,
        "digests": entry.digests,
        "algorithm": entry.algorithm,
        "prev_hash": entry.prev_hash,
        "operation": entry.operation,
    }


def payload(content: dict) -> bytes:
    """The bytes hashed for an entry: its content (`entry_content`; other keys such as "hash"
    are ignored) as compact UTF-8 JSON with sorted keys; the operation id only when it has one.
    KeyError when a field is missing."""
    hashed = {name: content[name] for name in HASHED_FIELDS}
    hashed.update({name: content[name] for name in OPTIONAL_HASHED_FIELDS if content.get(name)})
    return json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _payload(entry: LedgerEntry) -> bytes:
    return payload(entry_content(entry))


def entry_hash(entry: LedgerEntry | dict) -> str:
    """The hash of an entry, or of its content as a dict (no database needed)."""
    content = entry if isinstance(entry, dict) else entry_content(entry)
    return digest(payload(content), content["algorithm"])


# --- writing -------------------------------------------------------------------------------


def object_type_of(obj) -> str:
    return obj._meta.label_lower


def region_path_of(obj) -> str:
    region = getattr(obj, "region", None)
    if region is not None and hasattr(region, "path"):
        return region.path
    return getattr(obj, "path", "") or ""


@dataclass(frozen=True)
class Pending:
    """An entry to append: what `record` and `append_many` are given about it."""

    action: str
    obj: object = None
    data: dict | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    region_path: str | None = None
    digests: tuple[str, ...] = ()


def _acting(actor, source) -> tuple[int | None, str, str]:
    """(actor id, actor name, source) of an entry: the given ones, else the context's."""
    ctx_actor, ctx_source = current_actor()
    actor = actor if actor is not None else ctx_actor
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return (
        actor.pk if authenticated else None,
        (actor.get_username() if authenticated else "") or "",
        source or ctx_source,
    )


def _entry(item: Pending, *, id: int, at, acting, prev_hash: str, operation_id) -> LedgerEntry:
    """The hashed entry `id` for `item`, chained to `prev_hash` (not saved)."""
    digests, object_type, object_id = item.digests, item.object_type, item.object_id
    object_repr, region_path = item.object_repr, item.region_path
    obj = item.obj
    if obj is not None:
        # A record that vouches for files (an attachment) names their digests in every entry.
        digests = digests or getattr(obj, "ledger_digests", ())
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        region_path = region_path if region_path is not None else region_path_of(obj)
    actor_id, actor_name, source = acting
    entry = LedgerEntry(
        id=id,
        at=at,
        actor_id=actor_id,
        actor_name=actor_name,
        source=source,
        action=item.action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        region_path=region_path or "",
        data=jsonable(item.data or {}),
        digests=list(digests),
        algorithm=settings.LEDGER_HASH,
        prev_hash=prev_hash,
        operation=operation_id,
    )
    entry.hash = entry_hash(entry)
    return entry


def record(
    action: str,
    obj=None,
    *,
    data: dict | None = None,
    digests: list[str] | tuple[str, ...] = (),
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    region_path: str | None = None,
    actor=None,
    source: str | None = None,
) -> LedgerEntry:
    """Append one entry to the chain. Runs inside the caller's transaction (or its own)."""
    item = Pending(action, obj, data, object_type, object_id, object_repr, region_path, tuple(digests))
    acting = _acting(actor, source)
    with transaction.atomic():
        head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
        entry = _entry(
            item,
            id=head.last_id + 1,
            at=timezone.now(),
            acting=acting,
            prev_hash=head.last_hash,
            operation_id=_operation.get(),
        )
        entry.save(force_insert=True)
        head.last_id, head.last_hash = entry.pk, entry.hash
        head.save(update_fields=["last_id", "last_hash"])
    return entry


def append_many(pending, *, actor=None, source: str | None = None, batch_size: int = 1000) -> int:
    """Append many entries at once (historical records written in bulk): each chained to the one
    before and hashed exactly as `record` hashes (`entry_hash`), inserted with `bulk_create`, the
    head moved to the last. The entries share one operation id, new for the batch. Runs inside
    the caller's transaction (or its own); returns how many were written."""
    acting = _acting(actor, source)
    written = 0
    with operation(uuid.uuid4().hex) as operation_id, transaction.atomic():
        head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
        last_id, last_hash, at = head.last_id, head.last_hash, timezone.now()
        batch: list[LedgerEntry] = []
        for item in pending:
            entry = _entry(
                item, id=last_id + 1, at=at, acting=acting, prev_hash=last_hash, operation_id=operation_id
            )
            last_id, last_hash = entry.id, entry.hash
            batch.append(entry)
            if len(batch) >= batch_size:
                LedgerEntry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        if batch:
            LedgerEntry.objects.bulk_create(batch)
            written += len(batch)
        if written:
            head.last_id, head.last_hash = last_id, last_hash
            head.save(update_fields=["last_id", "last_hash"])
    return written


# --- snapshots of model instances ------------------------------------------------------------

# Fields never copied into the ledger (secrets).
SECRET_FIELDS = {"password"}


def snapshot(obj) -> dict:
    """The loaded field values of `obj` (fields deferred by .only()/.defer() are left out:
    reading them would query the database again, from inside post_init)."""
    values = {}
    deferred = obj.get_deferred_fields()
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.attname in deferred:
            continue
        values[field.attname] = field.value_from_object(obj)
    return jsonable(values)


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


# --- verifying -----------------------------------------------------------------------------


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"台账校验通过：共 {self.checked} 条记录，哈希链完整。"
        return f"台账校验失败：第 {self.broken_id} 条记录{self.reason}（已校验 {self.checked} 条）。"


def _entries(chunk: int = 2000) -> Iterator[LedgerEntry]:
    last = 0
    while True:
        batch = list(LedgerEntry.objects.filter(id__gt=last).order_by("id")[:chunk])
        if not batch:
            return
        yield from batch
        last = batch[-1].id


def verify() -> VerifyResult:
    """Walk the chain from the first entry; stop at the first one that does not match."""
    prev_hash, expected_id, checked = GENESIS, 1, 0
    for entry in _entries():
        if entry.id != expected_id:
            return VerifyResult(False, checked, expected_id, "缺失（序号不连续，记录可能被删除）")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.id, "的前序摘要与上一条不一致（链被截断或插入）")
        if entry_hash(entry) != entry.hash:
            return VerifyResult(False, checked, entry.id, "的内容与其摘要不符（记录被篡改）")
        prev_hash, expected_id, checked = entry.hash, expected_id + 1, checked + 1
    head = LedgerHead.objects.filter(pk=1).first()
    if head and head.last_id != checked:
        return VerifyResult(False, checked, checked + 1, "缺失（链尾记录被删除）")
    return VerifyResult(True, checked)
