"""The ledger: an append-only record of every change and transition, in hash chains per town.

Lock order (why the ledger is written in two steps). An entry is inserted in the transaction
of the change it records — the change and its entry commit together or not at all — with
`hash` over its content, but without a place in its chain: a domain transaction never locks a
chain head, so it can never wait on one while holding a domain row (the deadlock of a case
filed while another transaction held the head and wanted the body's counter). Just after the
transaction commits (`transaction.on_commit`), the sealer (`seal`) takes each chain touched, in
its own short transaction, locks that chain's head (`LedgerHead`, one row per chain) and seals
the chain's committed unsealed entries in id order: `seq` (the position in the chain),
`prev_hash` (the chain hash before) and `chain_hash` over both and the content hash. `fazhi
ledger seal` and `verify()` seal whatever is left (a worker killed between commit and seal).
The bulk path (`append_many`) writes sealed entries directly, locking its chains' heads in
code order at the end of its transaction, after its domain rows.

Chains: an entry belongs to the chain of its record's town (the town's 9-digit division code,
taken from the record's region path), to its county's (6 digits, records of the county
itself: county rules, county memberships) or to the system chain (records of no region:
users, accounts, the ledger's own runs). A province's installation writes about 2,000 chains
side by side instead of queueing on one head, and a chain lives with its town's records
(the distribution column for Citus).

Anchors: at an interval (LEDGER_ANCHOR_SECONDS, one minute by default; `fazhi ledger anchor`)
the heads of every town and county chain are written into the system chain as a Merkle root
(`anchor`); `fazhi ledger anchor --export FILE` gives the newest anchor to an outside party.
A forger with database access who rewrites a chain must also rewrite every later anchor, and
the system chain after them, and cannot rewrite the copy held outside.

Hashes are SM3 (GB/T 32905) by default, SHA-256 selectable with LEDGER_HASH. The database
refuses every DELETE and every UPDATE but the one that seals an entry (triggers, migration
0010). `verify()` walks every chain, checks every anchor (and an exported one), and reports
records without an entry and entries left unsealed.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from fazhi.core.models import LedgerEntry, LedgerHead
from fazhi.core.models.ledger import GENESIS, SYSTEM_CHAIN

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


# --- hashing an entry --------------------------------------------------------------------------

# What an entry's content hash (`hash`) covers: everything written with it, its chain included
# (an entry cannot be moved to another chain). Not the id, given by the database on insert, nor
# the seal.
CONTENT_FIELDS = (
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
    "operation",
    "chain",
)
# What the seal sets, once (the only UPDATE the database allows).
SEAL_FIELDS = ("seq", "prev_hash", "chain_hash")


def chain_of(region_path: str) -> str:
    """The chain of an entry about a record in `region_path`: its town's code (the second code
    of the path), else its county's, else the system chain."""
    codes = [code for code in (region_path or "").split("/") if code]
    if len(codes) >= 2:
        return codes[1]
    return codes[0] if codes else SYSTEM_CHAIN


def entry_content(entry) -> dict:
    """An entry as plain JSON values (`at` in UTC, ISO 8601): its content, its hashes and its
    seal — enough to re-verify it away from the database (a case archive's extract)."""
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
        "operation": entry.operation,
        "chain": entry.chain,
        "hash": entry.hash,
        "seq": entry.seq,
        "prev_hash": entry.prev_hash,
        "chain_hash": entry.chain_hash,
    }


def _canonical(values: dict) -> bytes:
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def payload(content: dict) -> bytes:
    """The bytes of an entry's content hash: the CONTENT_FIELDS of `content` as compact UTF-8
    JSON with sorted keys (other keys are ignored). KeyError when a field is missing."""
    return _canonical({name: content[name] for name in CONTENT_FIELDS})


def content_hash(content: dict) -> str:
    return digest(payload(content), content["algorithm"])


def link_hash(chain: str, seq: int, prev_hash: str, entry_hash: str, algorithm: str) -> str:
    """The chain hash of the entry at `seq` of `chain`: over its place, the chain hash before
    it and its content hash."""
    return digest(
        _canonical({"chain": chain, "seq": seq, "prev_hash": prev_hash, "hash": entry_hash}), algorithm
    )


# Entries written before the chains (one chain, explicit ids) hashed these, the id and the
# previous hash included; a dossier extracted then still verifies (`entry_hash`).
LEGACY_HASHED_FIELDS = (
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


def _legacy_payload(content: dict) -> bytes:
    hashed = {name: content[name] for name in LEGACY_HASHED_FIELDS}
    if content.get("operation"):
        hashed["operation"] = content["operation"]
    return _canonical(hashed)


def entry_hash(entry: LedgerEntry | dict) -> str:
    """The content hash of an entry, or of its content as a dict (no database needed): what its
    `hash` must be. For content extracted before the chains (no "chain"), the old chained hash."""
    content = entry if isinstance(entry, dict) else entry_content(entry)
    if "chain" not in content:
        return digest(_legacy_payload(content), content["algorithm"])
    return content_hash(content)


def seal_matches(content: dict) -> bool:
    """True unless the content of a sealed entry disagrees with its chain hash (an unsealed
    entry, or one extracted before the chains, has none to disagree with)."""
    if "chain" not in content or content.get("seq") is None:
        return True
    expected = link_hash(
        content["chain"], content["seq"], content.get("prev_hash"), content.get("hash"), content["algorithm"]
    )
    return expected == content.get("chain_hash")


def breaks_link(previous: dict, content: dict) -> bool:
    """True if `content` is the entry right after `previous` in their chain (an extract's
    neighbours) and does not name its chain hash as the one before."""
    if "chain" not in content or "chain" not in previous:  # extracted before the chains
        return (
            isinstance(content.get("id"), int)
            and content["id"] == previous.get("id", 0) + 1
            and content.get("prev_hash") != previous.get("hash")
        )
    return (
        content["chain"] == previous["chain"]
        and isinstance(content.get("seq"), int)
        and isinstance(previous.get("seq"), int)
        and content["seq"] == previous["seq"] + 1
        and content.get("prev_hash") != previous.get("chain_hash")
    )


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
    """An entry to append: what `record` and `append_many` are given about it (`at`: when it
    happened, for history written in bulk; now by default)."""

    action: str
    obj: object = None
    data: dict | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    region_path: str | None = None
    digests: tuple[str, ...] = ()
    at: dt.datetime | None = None


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


def _entry(item: Pending, *, at, acting, operation_id) -> LedgerEntry:
    """The entry for `item` with its chain and content hash, unsealed and not saved."""
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
        at=item.at or at,
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
        operation=operation_id,
        chain=chain_of(region_path or ""),
    )
    # `at` as it will be read back (microseconds in UTC), so that the hash is the stored one's
    entry.hash = content_hash(entry_content(entry))
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
    """Write one entry in the caller's transaction (or on its own); it is sealed into its chain
    once that transaction has committed. Returns the entry (unsealed: `seq` is None)."""
    item = Pending(action, obj, data, object_type, object_id, object_repr, region_path, tuple(digests))
    entry = _entry(item, at=timezone.now(), acting=_acting(actor, source), operation_id=_operation.get())
    using = router.db_for_write(LedgerEntry)
    entry.save(force_insert=True, using=using)
    _seal_after_commit(entry.chain, using)
    return entry


def prepare(
    pending, *, actor=None, source: str | None = None, operation_id: str | None = None
) -> dict[str, list[LedgerEntry]]:
    """Entries for `pending` built and hashed as `record` builds them (chain, content hash,
    actor, operation: the one given, else the one in force), neither chained nor saved, grouped
    by chain: the per-entry work of a bulk write, done before its transaction."""
    acting = _acting(actor, source)
    operation_id = operation_id or _operation.get()
    at = timezone.now()
    by_chain: dict[str, list[LedgerEntry]] = {}
    for item in pending:
        entry = _entry(item, at=at, acting=acting, operation_id=operation_id)
        by_chain.setdefault(entry.chain, []).append(entry)
    return by_chain


def chain_in(by_chain: dict[str, list[LedgerEntry]], insert) -> int:
    """Inside the write transaction, after the domain rows: for each chain in code order, lock
    its head (held to the commit), give the prepared entries the next places after it, write them
    with `insert(chain, entries)` and move the head. Returns how many were written."""
    written = 0
    for chain in sorted(by_chain):
        head = _locked_head(chain)
        entries = by_chain[chain]
        _link(head, entries)
        insert(chain, entries)
        head.save(update_fields=["last_seq", "last_hash"])
        written += len(entries)
    return written


def append_many(pending, *, actor=None, source: str | None = None, batch_size: int = 1000) -> int:
    """Append many entries at once (historical records written in bulk), sealed as they are
    inserted: `prepare`d, then `chain_in`ed with `bulk_create` (call it last in the transaction,
    after the domain rows). The entries share one operation id, new for the batch. Runs inside
    the caller's transaction (or its own); returns how many were written."""
    by_chain = prepare(pending, actor=actor, source=source, operation_id=uuid.uuid4().hex)
    with transaction.atomic():
        return chain_in(
            by_chain, lambda _chain, entries: LedgerEntry.objects.bulk_create(entries, batch_size=batch_size)
        )


# --- sealing -----------------------------------------------------------------------------------


def _locked_head(chain: str) -> LedgerHead:
    """The head of `chain`, locked to the end of the transaction (created at the first entry).
    No key changes: FOR NO KEY UPDATE on PostgreSQL, so inserts referring to it never wait."""
    heads = LedgerHead.objects.select_for_update(no_key=True)
    head = heads.filter(chain=chain).first()
    if head is None:
        try:
            with transaction.atomic():
                head = LedgerHead.objects.create(chain=chain)
        except IntegrityError:  # another sealer created it first
            head = heads.get(chain=chain)
    return head


def _link(head: LedgerHead, entries: Iterable[LedgerEntry]) -> None:
    """Give `entries` (in order) the next places after `head` and move the head to the last."""
    seq, last = head.last_seq, head.last_hash
    for entry in entries:
        seq += 1
        entry.seq, entry.prev_hash = seq, last
        entry.chain_hash = last = link_hash(head.chain, seq, last, entry.hash, entry.algorithm)
    head.last_seq, head.last_hash = seq, last


def _seal_chain(chain: str, batch: int = 1000) -> int:
    sealed = 0
    with transaction.atomic():
        head = _locked_head(chain)
        while True:
            entries = list(
                LedgerEntry.objects.filter(chain=chain, seq__isnull=True)
                .order_by("id")
                .only("id", "chain", "hash", "algorithm")[:batch]
            )
            if not entries:
                break
            _link(head, entries)
            LedgerEntry.objects.bulk_update(entries, list(SEAL_FIELDS))
            sealed += len(entries)
        if sealed:
            head.save(update_fields=["last_seq", "last_hash"])
    return sealed


def unsealed_chains() -> list[str]:
    return sorted(
        LedgerEntry.objects.filter(seq__isnull=True)
        .order_by("chain")
        .values_list("chain", flat=True)
        .distinct()
    )


def seal(chains: Iterable[str] | None = None) -> int:
    """Seal the unsealed entries of `chains` (default: every chain that has some), one chain at
    a time, each in its own short transaction that locks only that chain's head; returns how
    many were sealed. Run just after every commit that wrote entries, by `fazhi ledger seal`
    and before `verify`; tests (whose transactions never commit) call it themselves."""
    chains = unsealed_chains() if chains is None else sorted(set(chains))
    return sum(_seal_chain(chain) for chain in chains)


def _seal_after_commit(chain: str, using: str) -> None:
    """Remember `chain` on the connection and seal it once the transaction commits (right
    away outside one). One set per connection: the first callback seals every chain noted,
    the others find nothing left; a chain noted in a rolled-back savepoint costs one empty
    seal at the next commit."""
    connection = connections[using]
    noted = connection.__dict__.setdefault("_fazhi_unsealed_chains", set())
    noted.add(chain)
    transaction.on_commit(lambda: _seal_noted(using), using=using, robust=True)


def _seal_noted(using: str) -> None:
    connection = connections[using]
    chains = connection.__dict__.get("_fazhi_unsealed_chains")
    if not chains:
        return
    connection.__dict__["_fazhi_unsealed_chains"] = set()
    seal(chains)
    anchor_if_due()


# --- anchors -----------------------------------------------------------------------------------

ANCHOR_ACTION = "ledger.anchor"
ANCHOR_FORMAT = "fazhi-ledger-anchor"
# Entries left unsealed longer than this are a fault (the sealer runs just after each commit).
UNSEALED_GRACE = dt.timedelta(minutes=1)


def merkle_root(heads: dict[str, tuple[int, str]], algorithm: str) -> str:
    """The Merkle root over chain heads {chain: (seq, chain hash)}: leaves are the hashes of
    [chain, seq, hash] in chain order, each level hashes neighbours' hex strings concatenated
    (an odd last one goes up as it is)."""
    level = [
        digest(_canonical([chain, seq, value]), algorithm) for chain, (seq, value) in sorted(heads.items())
    ]
    if not level:
        return GENESIS
    while len(level) > 1:
        paired = [digest((level[i] + level[i + 1]).encode(), algorithm) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _anchored_heads() -> dict[str, tuple[int, str]]:
    return {
        head.chain: (head.last_seq, head.last_hash)
        for head in LedgerHead.objects.exclude(chain=SYSTEM_CHAIN).filter(last_seq__gt=0)
    }


def _heads_of(data: dict) -> dict[str, tuple[int, str]]:
    return {chain: (value["seq"], value["hash"]) for chain, value in (data.get("heads") or {}).items()}


def last_anchor() -> LedgerEntry | None:
    return LedgerEntry.objects.filter(chain=SYSTEM_CHAIN, action=ANCHOR_ACTION).order_by("-id").first()


def anchor(*, actor=None, source: str | None = None) -> LedgerEntry | None:
    """Seal what is left, then write the heads of every town and county chain into the system
    chain as one entry holding their Merkle root and each head (seq and chain hash), and seal
    it. Nothing new when no head moved since the last anchor (that one is returned); None on an
    empty ledger."""
    seal()
    heads = _anchored_heads()
    if not heads:
        return None
    previous = last_anchor()
    if previous is not None and _heads_of(previous.data) == heads:
        return previous
    algorithm = settings.LEDGER_HASH
    item = Pending(
        ANCHOR_ACTION,
        object_type=LedgerHead._meta.label_lower,
        object_repr="台账锚点",
        region_path="",
        data={
            "root": merkle_root(heads, algorithm),
            "algorithm": algorithm,
            "chains": len(heads),
            "heads": {chain: {"seq": seq, "hash": value} for chain, (seq, value) in sorted(heads.items())},
        },
    )
    entry = _entry(item, at=timezone.now(), acting=_acting(actor, source), operation_id=_operation.get())
    entry.save(force_insert=True)
    _seal_chain(SYSTEM_CHAIN)
    entry.refresh_from_db()
    return entry


# The next time this process looks whether an anchor is due (it looks at most once an interval).
_next_anchor_check = 0.0


def anchor_if_due() -> LedgerEntry | None:
    """Anchor when the newest anchor is older than LEDGER_ANCHOR_SECONDS (0: never by itself;
    `fazhi ledger anchor` then). Run by the sealer after each commit: there is no periodic
    task runner, and a ledger with no new entry has no new head to anchor."""
    global _next_anchor_check
    interval = getattr(settings, "LEDGER_ANCHOR_SECONDS", 60)
    now = time.monotonic()
    if interval <= 0 or now < _next_anchor_check:
        return None
    _next_anchor_check = now + interval
    last = last_anchor()
    if last is not None and timezone.now() - last.at < dt.timedelta(seconds=interval):
        return None
    return anchor()


def export_anchor() -> dict | None:
    """The newest anchor for an outside party: when, the root, each chain's head, and the
    anchor's own place in the system chain. None before the first anchor."""
    entry = (
        LedgerEntry.objects.filter(chain=SYSTEM_CHAIN, action=ANCHOR_ACTION, seq__isnull=False)
        .order_by("-seq")
        .first()
    )
    if entry is None:
        return None
    return {
        "format": ANCHOR_FORMAT,
        "version": 1,
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "algorithm": entry.data["algorithm"],
        "root": entry.data["root"],
        "heads": entry.data["heads"],
        "anchor": {"chain": entry.chain, "seq": entry.seq, "hash": entry.chain_hash, "entry_id": entry.pk},
    }


def overview() -> tuple[int, dt.datetime | None]:
    """(entries sealed in every chain, time of the newest entry) for the auditor's home."""
    total = LedgerHead.objects.aggregate(total=models.Sum("last_seq"))["total"] or 0
    newest = LedgerEntry.objects.order_by("-id").values_list("at", flat=True).first()
    return total, newest


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
class Fault:
    """One thing wrong with the ledger, in Chinese, naming the chain and place it concerns."""

    reason: str
    chain: str = ""
    seq: int | None = None
    entry_id: int | None = None

    def __str__(self) -> str:
        place = f"链 {self.chain} 第 {self.seq} 号" if self.chain and self.seq is not None else ""
        if not place and self.chain:
            place = f"链 {self.chain} "
        if self.entry_id is not None:
            return f"第 {self.entry_id} 条记录" + (f"（{place.strip()}）" if place else "") + self.reason
        return place + self.reason


@dataclass
class Unledgered:
    """Rows of one ledgered model that no ledger entry names (written past the ledger)."""

    label: str
    name: str
    count: int
    sample: list = _field(default_factory=list)

    def __str__(self) -> str:
        ids = "、".join(str(pk) for pk in self.sample)
        more = "等" if self.count > len(self.sample) else ""
        return f"{self.name}（{self.label}）：{self.count} 行没有台账记录（编号 {ids}{more}）"


@dataclass
class VerifyResult:
    checked: int = 0
    chains: int = 0
    anchors: int = 0
    faults: list[Fault] = _field(default_factory=list)
    unledgered: list[Unledgered] = _field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults and not self.unledgered

    @property
    def broken_id(self) -> int | None:
        return self.faults[0].entry_id if self.faults else None

    @property
    def reason(self) -> str:
        return str(self.faults[0]) if self.faults else ""

    def __str__(self) -> str:
        if self.ok:
            return (
                f"台账校验通过：共 {self.checked} 条记录、{self.chains} 条链，哈希链完整，"
                f"{self.anchors} 个锚点相符。"
            )
        problems = len(self.faults) + len(self.unledgered)
        first = self.faults[0] if self.faults else self.unledgered[0]
        return f"台账校验失败：{first}（已校验 {self.checked} 条记录，共 {problems} 处问题）。"

    def lines(self) -> list[str]:
        return [str(self)] + [str(fault) for fault in self.faults] + [str(rows) for rows in self.unledgered]


def _chain_entries(chain: str, chunk: int = 2000) -> Iterator[LedgerEntry]:
    last = 0
    while True:
        batch = list(LedgerEntry.objects.filter(chain=chain, seq__gt=last).order_by("seq")[:chunk])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def _walk(chain: str, result: VerifyResult, expected: dict[int, tuple[str, int]]) -> None:
    """Walk one chain by its sequence; stop at its first fault. `expected` {seq: (chain hash,
    anchor entry id)} are the places anchors vouch for."""
    prev_hash, seq, latest = GENESIS, 0, None
    tolerance = dt.timedelta(minutes=getattr(settings, "LEDGER_BACKDATE_MINUTES", 60))
    for entry in _chain_entries(chain):
        if entry.seq != seq + 1:
            result.faults.append(
                Fault(f"至第 {entry.seq - 1} 号缺失（序号不连续，记录可能被删除）", chain, seq + 1)
            )
            return
        seq = entry.seq
        if entry.prev_hash != prev_hash:
            result.faults.append(Fault("的前序摘要与上一条不一致（链被截断或插入）", chain, seq, entry.pk))
            return
        if entry_hash(entry) != entry.hash:
            result.faults.append(Fault("的内容与其摘要不符（记录被篡改）", chain, seq, entry.pk))
            return
        if link_hash(chain, seq, prev_hash, entry.hash, entry.algorithm) != entry.chain_hash:
            result.faults.append(Fault("的链摘要与其内容不符（记录被篡改）", chain, seq, entry.pk))
            return
        if seq in expected and expected[seq][0] != entry.chain_hash:
            result.faults.append(
                Fault(
                    f"与第 {expected[seq][1]} 条记录（锚点）所记的链摘要不符（链在锚定后被改写）",
                    chain,
                    seq,
                    entry.pk,
                )
            )
            return
        # Entries are sealed in the order they commit, moments after: one written long before
        # the entries sealed ahead of it was slipped in with a time of the forger's choosing
        # (a long import's entries share their start time: the tolerance covers them).
        if latest is not None and entry.at < latest - tolerance:
            result.faults.append(
                Fault(
                    f"的时间（{entry.at:%Y-%m-%d %H:%M}）早于链上先封存的记录（{latest:%Y-%m-%d %H:%M}）"
                    f"超过 {int(tolerance.total_seconds() // 60)} 分钟（记录可能被倒签后插入）",
                    chain,
                    seq,
                    entry.pk,
                )
            )  # the chain itself holds: walk on, later faults are reported too
        latest = entry.at if latest is None or entry.at > latest else latest
        prev_hash = entry.chain_hash
        result.checked += 1
    beyond = [s for s in expected if s > seq]
    if beyond:
        anchored = max(beyond)
        result.faults.append(
            Fault(
                f"缺失：第 {expected[anchored][1]} 条记录（锚点）记载该链已有 {anchored} 条，现仅有 {seq} 条"
                "（链尾被截断）",
                chain,
                seq + 1,
            )
        )
        return
    head = LedgerHead.objects.filter(chain=chain).first()
    if head is None or (head.last_seq, head.last_hash) != (seq, prev_hash):
        head_seq = head.last_seq if head else 0
        result.faults.append(
            Fault(
                f"的链头（第 {head_seq} 号）与链上最后一条（第 {seq} 号）不符（链尾记录被删除）", chain, seq
            )
        )


def _anchor_expectations(result: VerifyResult) -> dict[str, dict[int, tuple[str, int]]]:
    """{chain: {seq: (chain hash, anchor id)}} from every anchor of the system chain, each
    anchor's root checked against its heads."""
    expected: dict[str, dict[int, tuple[str, int]]] = {}
    anchors = LedgerEntry.objects.filter(chain=SYSTEM_CHAIN, action=ANCHOR_ACTION, seq__isnull=False)
    for entry in anchors.order_by("seq").iterator(chunk_size=200):
        heads = _heads_of(entry.data)
        if merkle_root(heads, entry.data.get("algorithm", entry.algorithm)) != entry.data.get("root"):
            result.faults.append(
                Fault("（锚点）的默克尔根与其所记链头不符", SYSTEM_CHAIN, entry.seq, entry.pk)
            )
            continue
        result.anchors += 1
        for chain, (seq, value) in heads.items():
            expected.setdefault(chain, {})[seq] = (value, entry.pk)
    return expected


def check_exported(exported: dict) -> list[Fault]:
    """The live ledger against an anchor exported earlier (`export_anchor`): the anchor still
    at its place in the system chain, and every chain head it names still there."""
    faults = []
    try:
        heads = _heads_of(exported)
        place = exported["anchor"]
        root, algorithm = exported["root"], exported["algorithm"]
    except (KeyError, TypeError, AttributeError):
        return [Fault("导出的锚点文件格式不正确")]
    if merkle_root(heads, algorithm) != root:
        faults.append(Fault("导出的锚点文件本身与其默克尔根不符（文件被改动）"))
    at = exported.get("at", "")
    live = LedgerEntry.objects.filter(chain=place.get("chain"), seq=place.get("seq")).first()
    if live is None or live.chain_hash != place.get("hash") or live.data.get("root") != root:
        faults.append(
            Fault(
                f"与导出的锚点（{at}）不符：该锚点已不在台账中或被改写（系统链被改写）",
                place.get("chain"),
                place.get("seq"),
            )
        )
    for chain, (seq, value) in sorted(heads.items()):
        entry = LedgerEntry.objects.filter(chain=chain, seq=seq).first()
        if entry is None:
            faults.append(Fault(f"缺失：导出的锚点（{at}）记载该链已有 {seq} 条（链尾被截断）", chain, seq))
        elif entry.chain_hash != value:
            faults.append(
                Fault(f"与导出的锚点（{at}）所记的链摘要不符（链在锚定后被改写）", chain, seq, entry.pk)
            )
    return faults


def ledgered_models() -> list:
    from django.apps import apps

    from fazhi.core.ledgered import Ledgered

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Ledgered) and not model._meta.proxy and model._meta.managed
    ]


def unledgered(model, *, deep: bool = False, sample: int = 10) -> Unledgered | None:
    """The rows of `model` that no ledger entry names (a count and a sample of ids; every id
    with `deep`)."""
    label = model._meta.label_lower
    named = LedgerEntry.objects.filter(object_type=label, object_id=models.OuterRef("pk_text"))
    rows = (
        model._base_manager.annotate(pk_text=Cast("pk", models.CharField()))
        .filter(~models.Exists(named))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(rows) if deep else list(rows[:sample])
    if not ids:
        return None
    count = rows.count() if not deep and len(ids) == sample else len(ids)
    return Unledgered(label, str(model._meta.verbose_name), count, ids)


def _walk_apart(chain: str, expected: dict) -> VerifyResult:
    """One chain walked in a worker thread, on the thread's own database connection."""
    part = VerifyResult()
    try:
        _walk(chain, part, expected)
    finally:
        connections.close_all()
    return part


def verify(
    *, seal_first: bool = True, deep: bool = False, exported: dict | None = None, workers: int | None = None
) -> VerifyResult:
    """Seal what is left, then walk every chain by its sequence (content hash, chain hash, the
    link to the one before, the head), check every anchor (its root, and each head it names
    still at its place), the live ledger against an `exported` anchor if given, entries left
    unsealed over a minute, and ledgered rows no entry names (`deep`: every id).

    The chains are independent: with `workers` > 1 (default LEDGER_VERIFY_WORKERS) they are
    walked in parallel threads, each on its own connection (so only what is committed is seen:
    the command's case; tests, inside a transaction, walk them one by one)."""
    if seal_first:
        seal()
    result = VerifyResult()
    expected = _anchor_expectations(result)
    chains = set(LedgerHead.objects.values_list("chain", flat=True))
    chains |= set(
        LedgerEntry.objects.filter(seq__isnull=False).order_by().values_list("chain", flat=True).distinct()
    )
    workers = workers if workers is not None else getattr(settings, "LEDGER_VERIFY_WORKERS", 1)
    if workers > 1 and len(chains) > 1 and transaction.get_autocommit():
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(workers, len(chains))) as pool:
            parts = pool.map(lambda c: _walk_apart(c, expected.get(c, {})), sorted(chains))
            for part in parts:
                result.faults += part.faults
                result.checked += part.checked
    else:
        for chain in sorted(chains):
            _walk(chain, result, expected.get(chain, {}))
    result.chains = len(chains)
    if exported is not None:
        result.faults += check_exported(exported)
    stale = LedgerEntry.objects.filter(seq__isnull=True, at__lt=timezone.now() - UNSEALED_GRACE)
    for entry in stale.order_by("id")[:10]:
        result.faults.append(Fault("超过一分钟仍未封存入链（封存程序未运行）", entry.chain, None, entry.pk))
    for model in ledgered_models():
        rows = unledgered(model, deep=deep)
        if rows is not None:
            result.unledgered.append(rows)
    return result
