"""Backups that restore (等保 数据安全): `fazhi backup FILE` and `fazhi restore FILE`.

An archive is a .tar.gz holding, in this order:

- ``data/NNNN-<app>.<model>.jsonl``: the rows of one model, Django's JSON Lines serializer,
  one member per model that has rows, in an order ``loaddata`` accepts
  (``django.core.serializers.sort_dependencies``). Rows are read in keyset chunks and written
  line by line, and read back line by line, so memory stays flat whatever the table size.
  Content types and permissions are not stored (``migrate`` recreates them); rows refer to them
  by natural key, so their ids may differ between databases. Sessions are not stored.
- ``media/<storage_name>``: every stored file an ``Attachment`` row names, read and written
  through ``default_storage`` (a local folder or object storage alike).
- ``manifest.json`` (last, when every other member's digest is known): fazhi version, creation
  time, database vendor, applied migrations per app, row counts per model, the ledger head, and
  the SM3 (or SHA-256, ``LEDGER_HASH``) digest of every other member.

The backup reads one consistent snapshot (one read transaction; REPEATABLE READ on
PostgreSQL). A restore checks every member against the manifest before it writes anything,
refuses a database that already holds records, migrates to the archive's schema, loads the rows
as raw saves (the ledger's signal handlers ignore raw saves, so no ledger entry is written),
writes the files back, resets PostgreSQL sequences, migrates forward if the program is newer,
and verifies the ledger. The same archive restores into SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Deserializer as JsonlDeserializer
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

import fazhi
from fazhi.core import ledger
from fazhi.core.ledger import GENESIS
from fazhi.core.models import Attachment, LedgerEntry, LedgerHead

FORMAT = "fazhi-backup"
FORMAT_VERSION = 2  # 2: the manifest is signed (manifest.sig)
MANIFEST = "manifest.json"
# HMAC of manifest.json under the installation's backup key (the manifest's algorithm: HMAC-SM3
# or HMAC-SHA-256), the archive's last member: whoever edits a member and recomputes its digest
# in the manifest cannot sign the manifest again without the key.
SIGNATURE = "manifest.sig"
DATA_PREFIX = "data/"
MEDIA_PREFIX = "media/"
CHUNK_ROWS = 1000  # rows read and serialized at a time
COPY_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024  # a restored file larger than this is spooled to disk
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
ALGORITHMS = ("sm3", "sha256")

# Recreated by `migrate` in the target database: not stored; rows refer to them by natural key.
RECREATED = frozenset({"contenttypes.contenttype", "auth.permission"})
# Not worth keeping: a restore signs everybody out.
SKIPPED = frozenset({"sessions.session"})


class BackupError(Exception):
    """A backup or restore refused, with a Chinese message naming what is wrong."""


Log = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


# --- what is backed up ------------------------------------------------------------------------


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list:
    """Every concrete model of every installed app that a backup stores, in load order."""
    app_list = []
    for app_config in apps.get_app_configs():
        models = [
            model
            for model in app_config.get_models()
            if not model._meta.proxy
            and model._meta.managed
            and model._meta.label_lower not in RECREATED | SKIPPED
            and router.allow_migrate_model(using, model)
        ]
        if models:
            app_list.append((app_config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _by_natural_key(field) -> bool:
    return field.remote_field.model._meta.label_lower in RECREATED


class _Encoder(DjangoJSONEncoder):
    """Times with their microseconds (Django's encoder cuts them to milliseconds, which would
    change what the ledger hashed)."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


class _Serializer(JsonlSerializer):
    """JSON Lines with primary keys, except for references to content types and permissions,
    which are written as natural keys (their ids differ between databases)."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = _by_natural_key(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = _by_natural_key(field)
        super().handle_m2m_field(obj, field)


def _chunks(model, using: str) -> Iterable[list]:
    """All rows of `model` in primary-key order, CHUNK_ROWS at a time (keyset pagination)."""
    queryset = model._base_manager.using(using).order_by("pk")
    natural_fks = [
        f.name for f in model._meta.concrete_fields if f.remote_field is not None and _by_natural_key(f)
    ]
    if natural_fks:
        queryset = queryset.select_related(*natural_fks)
    m2m = [f.name for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page[:CHUNK_ROWS])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


# --- digests ------------------------------------------------------------------------------------


class _HashingReader:
    """A read-only file that hashes what is read through it."""

    def __init__(self, raw, algorithm: str):
        self.raw = raw
        self.hasher = ledger.new_hasher(algorithm)

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.hasher.update(data)
        return data

    def readinto(self, buffer) -> int:  # lets io.TextIOWrapper read through us
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def drain(self) -> str:
        while self.read(COPY_BYTES):
            pass
        return self.hasher.hexdigest()


def _hashing_text(reader: _HashingReader) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedReader(_RawAdapter(reader), COPY_BYTES), encoding="utf-8")


class _RawAdapter(io.RawIOBase):
    def __init__(self, reader: _HashingReader):
        self.reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self.reader.readinto(buffer)


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


# --- the snapshot -------------------------------------------------------------------------------


@contextmanager
def _snapshot(using: str):
    """One read transaction: every table as of the same moment."""
    connection = connections[using]
    if connection.in_atomic_block:  # a caller's transaction (tests): read inside it
        with transaction.atomic(using=using):
            yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # fazhi's settings open write transactions (BEGIN IMMEDIATE); a backup only reads, and a
        # deferred transaction in WAL mode is a snapshot that does not hold writers back.
        mode = connection.transaction_mode
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = mode
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --- backing up ---------------------------------------------------------------------------------


def _applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _ledger_head(using: str) -> dict:
    """The ledger as the snapshot holds it: every chain's head, the Merkle root over them
    (`head_hash`), the newest entry's id (`head_id`) and the number of entries."""
    heads = {
        head.chain: [head.last_seq, head.last_hash]
        for head in LedgerHead.objects.using(using).order_by("chain")
    }
    return {
        "heads": heads,
        "head_id": LedgerEntry.objects.using(using).order_by("-id").values_list("id", flat=True).first() or 0,
        "head_hash": ledger.merkle_root({c: tuple(v) for c, v in heads.items()}, settings.LEDGER_HASH),
        "entries": LedgerEntry.objects.using(using).count(),
    }


def _add(tar: tarfile.TarFile, name: str, fileobj, size: int, algorithm: str) -> str:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    reader = _HashingReader(fileobj, algorithm)
    tar.addfile(info, reader)
    return reader.hasher.hexdigest()


def create(path, *, overwrite: bool = False, log: Log = _quiet) -> dict:
    """Write a backup of the whole database and the attachment files to `path`; return the
    manifest. The archive appears under its name only once it is complete."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(_("文件“%(path)s”已存在；请换一个文件名，或加 --overwrite 覆盖。") % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("目录“%(path)s”不存在。") % {"path": path.parent})
    algorithm = settings.LEDGER_HASH
    using = DEFAULT_DB_ALIAS
    connection = connections[using]
    partial = path.with_name(f".{path.name}.partial")
    ledger.seal()  # every committed entry in its chain before the snapshot reads the heads
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".fazhi-backup-") as scratch:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds personal data
            with (
                os.fdopen(fd, "wb") as out,
                tarfile.open(fileobj=out, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar,
                _snapshot(using),
            ):
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "fazhi_version": fazhi.__version__,
                    "created_at": timezone.now().isoformat(),
                    "database_vendor": connection.vendor,
                    "algorithm": algorithm,
                    "migrations": _applied_migrations(connection),
                    "ledger": _ledger_head(using),
                    "models": [],
                    "counts": {},
                    "files": [],
                    "missing_files": [],
                    "members": {},
                }
                _backup_rows(tar, manifest, Path(scratch), using, log)
                _backup_files(tar, manifest, using, log)
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                _add(tar, MANIFEST, io.BytesIO(body), len(body), algorithm)
                signature = sign(body, algorithm).encode()
                _add(tar, SIGNATURE, io.BytesIO(signature), len(signature), algorithm)
        os.replace(partial, path)
    except (OSError, DatabaseError, tarfile.TarError) as exc:
        raise BackupError(_("备份失败，未生成备份文件：%(error)s") % {"error": exc}) from exc
    finally:
        partial.unlink(missing_ok=True)
    manifest_digest = ledger.digest(body, algorithm)
    ledger.record(
        "backup",
        object_type="backup",
        object_id=path.name[:64],
        object_repr=path.name[:200],
        data={
            "file": path.name,
            "manifest_digest": manifest_digest,
            "rows": sum(manifest["counts"].values()),
            "files": len(manifest["files"]),
            "ledger_head_id": manifest["ledger"]["head_id"],
        },
    )
    manifest["manifest_digest"] = manifest_digest
    return manifest


def _backup_rows(tar, manifest: dict, scratch: Path, using: str, log: Log) -> None:
    algorithm = manifest["algorithm"]
    serializer = _Serializer()
    number = 0
    for model in backed_up_models(using):
        label = model._meta.label_lower
        number += 1
        member = f"{DATA_PREFIX}{number:04d}-{label}.jsonl"
        spool = scratch / f"{number:04d}.jsonl"
        rows = 0
        with open(spool, "w", encoding="utf-8", newline="\n") as fh:
            for chunk in _chunks(model, using):
                serializer.serialize(chunk, stream=fh, cls=_Encoder)
                rows += len(chunk)
        if rows:
            with open(spool, "rb") as fh:
                manifest["members"][member] = _add(tar, member, fh, spool.stat().st_size, algorithm)
            manifest["models"].append({"model": label, "member": member, "rows": rows})
            manifest["counts"][label] = rows
            log(_("  %(model)s：%(rows)s 行") % {"model": label, "rows": rows})
        spool.unlink()


def _backup_files(tar, manifest: dict, using: str, log: Log) -> None:
    algorithm = manifest["algorithm"]
    names = (
        Attachment._base_manager.using(using)
        .order_by("storage_name")
        .values_list("storage_name", flat=True)
        .distinct()
    )
    for storage_name in names.iterator():
        if not _safe_member_name(storage_name):
            raise BackupError(_("附件存储名“%(name)s”不是相对路径，无法备份。") % {"name": storage_name})
        member = MEDIA_PREFIX + storage_name
        try:
            size = default_storage.size(storage_name)
            with default_storage.open(storage_name, "rb") as fh:
                manifest["members"][member] = _add(tar, member, fh, size, algorithm)
        except FileNotFoundError:
            manifest["missing_files"].append(storage_name)
            log(_("  警告：附件存储文件“%(name)s”缺失，未能备份。") % {"name": storage_name})
            continue
        manifest["files"].append({"storage_name": storage_name, "member": member, "size": size})
    if manifest["files"]:
        log(_("  附件文件：%(n)s 个") % {"n": len(manifest["files"])})


# --- checking an archive ------------------------------------------------------------------------


def _open(path) -> tarfile.TarFile:
    """The archive as a stream: members are read in order, once, without seeking."""
    try:
        return tarfile.open(path, mode="r|gz")
    except FileNotFoundError as exc:
        raise BackupError(_("备份文件“%(path)s”不存在。") % {"path": path}) from exc
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(
            _("“%(path)s”不是可读取的备份文件（.tar.gz）：%(error)s") % {"path": path, "error": exc}
        ) from exc


def backup_key() -> bytes:
    """The key that signs manifests: FAZHI_BACKUP_KEY, or one derived from SECRET_KEY. A server
    that restores another's backups needs the same FAZHI_BACKUP_KEY."""
    given = settings.BACKUP_KEY or "fazhi backup manifest\0" + settings.SECRET_KEY
    return given.encode()


def sign(data: bytes, algorithm: str, key: bytes | None = None) -> str:
    """HMAC (RFC 2104) of `data` with the ledger's hash, SM3 or SHA-256 (both 64-byte blocks),
    on `ledger.new_hasher`, so HMAC-SM3 works where OpenSSL lacks SM3 as well."""
    key = backup_key() if key is None else key
    block = 64
    if len(key) > block:
        key = bytes.fromhex(ledger.digest(key, algorithm))
    key = key.ljust(block, b"\0")
    inner = ledger.new_hasher(algorithm)
    inner.update(bytes(b ^ 0x36 for b in key))
    inner.update(data)
    outer = ledger.new_hasher(algorithm)
    outer.update(bytes(b ^ 0x5C for b in key))
    outer.update(bytes.fromhex(inner.hexdigest()))
    return outer.hexdigest()


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict:
    if member.size > MANIFEST_MAX_BYTES:
        raise BackupError(_("备份清单 manifest.json 过大，不是 fazhi 的备份文件。"))
    body = tar.extractfile(member).read()
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(
            _("备份清单 manifest.json 无法读取（备份被改动或损坏）：%(error)s") % {"error": exc}
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("manifest.json 不是 fazhi 的备份清单。"))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _("备份格式版本 %(version)s 高于本程序支持的 %(supported)s，请先升级 fazhi。")
            % {"version": version, "supported": FORMAT_VERSION}
        )
    if manifest.get("algorithm") not in ALGORITHMS:
        raise BackupError(
            _("备份清单的摘要算法“%(algorithm)s”无法识别。") % {"algorithm": manifest.get("algorithm")}
        )
    for key, kind in (
        ("members", dict),
        ("models", list),
        ("files", list),
        ("migrations", dict),
        ("ledger", dict),
        ("counts", dict),
    ):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(_("备份清单缺少“%(key)s”或其格式不对（备份被改动或损坏）。") % {"key": key})
    members = manifest["members"]
    for entry in manifest["models"]:
        if not isinstance(entry, dict) or entry.get("member") not in members:
            raise BackupError(
                _("备份清单列出的数据“%(entry)s”没有摘要（备份被改动或损坏）。") % {"entry": entry}
            )
    for entry in manifest["files"]:
        if (
            not isinstance(entry, dict)
            or entry.get("member") not in members
            or entry.get("member") != MEDIA_PREFIX + str(entry.get("storage_name"))
        ):
            raise BackupError(
                _("备份清单列出的附件文件“%(entry)s”与成员不符（备份被改动或损坏）。") % {"entry": entry}
            )
    # To compare by hand with the "backup" entry in the source's ledger.
    manifest["manifest_digest"] = ledger.digest(body, manifest["algorithm"])
    manifest["_signed"] = sign(body, manifest["algorithm"])  # what manifest.sig must hold
    return manifest


def _digests(path, algorithm: str) -> tuple[dict[str, str], dict | None]:
    """Every member's digest (streamed), and the manifest."""
    seen: dict[str, str] = {}
    manifest, signature = None, None
    with _open(path) as tar:
        try:
            names: set[str] = set()
            for member in tar:
                name = member.name
                if name in seen or (name in (MANIFEST, SIGNATURE) and name in names):
                    raise BackupError(
                        _("备份中的“%(member)s”出现了两次（备份被改动），未恢复任何数据。") % {"member": name}
                    )
                if not member.isfile() or not _safe_member_name(name):
                    raise BackupError(
                        _("备份中的“%(member)s”不是普通文件（备份被改动），未恢复任何数据。")
                        % {"member": name}
                    )
                if name == MANIFEST:
                    manifest = _read_manifest(tar, member)
                elif name == SIGNATURE:
                    if member.size > 256:
                        raise BackupError(
                            _("备份的签名 manifest.sig 格式不对（备份被改动），未恢复任何数据。")
                        )
                    signature = tar.extractfile(member).read().decode("ascii", "replace").strip()
                else:
                    seen[name] = _HashingReader(tar.extractfile(member), algorithm).drain()
                names.add(name)
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise BackupError(
                _("备份文件已损坏，无法读完（%(error)s），未恢复任何数据。") % {"error": exc}
            ) from exc
    if manifest is not None:
        manifest["_signature"] = signature
    return seen, manifest


def check(path) -> dict:
    """Re-hash every member of the archive and compare with the manifest; return the manifest.
    Raises BackupError naming the first member that is missing, unlisted or changed."""
    algorithm = settings.LEDGER_HASH
    seen, manifest = _digests(path, algorithm)
    if manifest is None:
        raise BackupError(_("备份中没有清单 manifest.json，不是 fazhi 的备份文件。"))
    if manifest["algorithm"] != algorithm:  # the manifest comes last: hash again with its algorithm
        seen, manifest = _digests(path, manifest["algorithm"])
    signature, signed = manifest.pop("_signature"), manifest.pop("_signed")
    if signature is None:
        raise BackupError(
            _("备份没有签名 manifest.sig（由旧版本生成或被改动），无法确认其来源，未恢复任何数据。")
        )
    if not hmac.compare_digest(signature, signed):
        raise BackupError(
            _(
                "备份清单的签名不符：备份被改动，或由使用另一备份密钥（FAZHI_BACKUP_KEY）的服务器生成，"
                "未恢复任何数据。"
            )
        )
    listed = manifest["members"]
    for name in listed:
        if name not in seen:
            raise BackupError(
                _("备份缺少清单列出的“%(member)s”（备份不完整或被改动），未恢复任何数据。") % {"member": name}
            )
    for name, actual in seen.items():
        if name not in listed:
            raise BackupError(
                _("备份中的“%(member)s”不在清单中（备份被改动），未恢复任何数据。") % {"member": name}
            )
        if actual != listed[name]:
            raise BackupError(
                _("备份中的“%(member)s”与清单记录的摘要不符（备份被改动或损坏），未恢复任何数据。")
                % {"member": name}
            )
    return manifest


# --- restoring ----------------------------------------------------------------------------------


@dataclass
class Restored:
    manifest: dict
    rows: int
    files: int
    chain: ledger.VerifyResult
    files_check: object  # fazhi.core.attachments.FilesResult

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.files_check.ok


@dataclass
class _Plan:
    targets: list[tuple[str, str]]  # the archive's last migration of each app
    newer: bool  # the program has migrations the archive does not
    registry: object  # the models as the archive knew them (django.apps.apps when the same)


def _plan(manifest: dict, connection) -> _Plan:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    graph = loader.graph
    archived = set()
    for app, names in manifest["migrations"].items():
        archived |= {(app, name) for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in archived if (app, name) not in graph.nodes)
    unknown = [key for key in unknown if tuple(key.split(".", 1)) not in loader.replacements]
    if unknown:
        raise BackupError(
            _("备份来自较新的 fazhi 版本：迁移 %(migrations)s 在本程序中不存在，请先升级 fazhi 再恢复。")
            % {"migrations": "、".join(unknown[:5])}
        )
    ahead = sorted(f"{app}.{name}" for app, name in set(loader.applied_migrations) - archived)
    if ahead:
        raise BackupError(
            _(
                "目标数据库的结构比备份新（已应用迁移 %(migrations)s）；请恢复到新建的空数据库，恢复时会按备份的结构迁移。"
            )
            % {"migrations": "、".join(ahead[:5])}
        )
    known = {node for node in archived if node in graph.nodes}
    targets = [
        node
        for node in sorted(known)
        if not any(child.key in known and child.key[0] == node[0] for child in graph.node_map[node].children)
    ]
    newer = bool(set(graph.nodes) - archived - set(loader.replacements))
    registry = loader.project_state(targets).apps if newer else apps
    for entry in manifest["models"]:
        try:
            registry.get_model(entry["model"])
        except (LookupError, ValueError, KeyError) as exc:
            raise BackupError(
                _("备份中的数据“%(model)s”在本程序中找不到对应的表，请先升级 fazhi。")
                % {"model": entry.get("model")}
            ) from exc
    return _Plan(targets, newer, registry)


def _occupied(models) -> list[tuple[object, int]]:
    tables = set(connections[DEFAULT_DB_ALIAS].introspection.table_names())
    found = []
    for model in models:
        if model._meta.db_table in tables:
            count = model._base_manager.count()
            if count:
                found.append((model, count))
    return found


def _describe(occupied) -> str:
    parts = [
        _("%(name)s（%(model)s）%(n)s 行")
        % {"name": model._meta.verbose_name, "model": model._meta.label_lower, "n": n}
        for model, n in occupied[:6]
    ]
    return "、".join(parts) + (_("等") if len(occupied) > 6 else "")


def _refuse_unless_empty(models, force: bool) -> list:
    """Models whose rows --force may clear; refuses a database that holds records."""
    occupied = _occupied(models)
    if not occupied:
        return []
    entries = next((n for model, n in occupied if model is LedgerEntry), 0)
    if entries:
        raise BackupError(
            _(
                "目标数据库不是空库：已有%(rows)s。恢复只写入空数据库，台账已有记录的库不能覆盖"
                "（--force 也不能）；请新建一个空数据库后再恢复。"
            )
            % {"rows": _describe(occupied)}
        )
    if not force:
        raise BackupError(
            _(
                "目标数据库不是空库：已有%(rows)s。恢复只写入空数据库；"
                "如该库只做过迁移、台账为空，可加 --force 清空这些表后恢复。"
            )
            % {"rows": _describe(occupied)}
        )
    return [model for model, _n in occupied]


def _migrate(targets=None) -> None:
    if targets is None:
        call_command("migrate", interactive=False, verbosity=0)
        return
    for app, name in targets:  # each pulls in what it depends on, never past the archive's state
        call_command("migrate", app, name, interactive=False, verbosity=0)


def restore(path, *, force: bool = False, log: Log = _quiet) -> Restored:
    """Restore an archive into an empty database (see the module docstring)."""
    from fazhi.core import attachments

    manifest = check(path)  # nothing is written before every member matched its digest
    log(
        _("备份校验通过：%(n)s 个成员与清单摘要一致（%(algorithm)s）。")
        % {"n": len(manifest["members"]), "algorithm": manifest["algorithm"]}
    )
    connection = connections[DEFAULT_DB_ALIAS]
    plan = _plan(manifest, connection)
    to_clear = _refuse_unless_empty(backed_up_models(), force)

    _migrate(plan.targets if plan.newer else None)
    try:
        with transaction.atomic():
            for model in to_clear:
                _clear(model)
            rows, files = _load(path, manifest, plan.registry, log)
            connection.check_constraints()
            _reset_sequences(connection, plan.registry)
            _check_restored(manifest, plan.registry)
    except IntegrityError as exc:
        raise BackupError(
            _("恢复失败，已全部撤销：数据之间的引用不一致（%(error)s）。") % {"error": exc}
        ) from exc
    if plan.newer:
        log(_("本程序比备份新：按新版本迁移数据库结构。"))
        _migrate()
    chain = ledger.verify()
    name = Path(path).name
    ledger.record(
        "restore",
        object_type="backup",
        object_id=name[:64],
        object_repr=name[:200],
        data={
            "file": name,
            "manifest_digest": manifest["manifest_digest"],
            "created_at": manifest.get("created_at"),
            "rows": rows,
            "files": files,
            "chain_ok": chain.ok,
        },
    )
    return Restored(manifest, rows, files, chain, attachments.verify_files())


def _clear(model) -> None:
    """--force on a migrated database whose ledger is empty: empty a table, without signals."""
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            through._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)
    model._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)


class _Deserializer(JsonlDeserializer):
    """Django's JSON Lines deserializer on a given model registry (the archive's schema), with
    content types and permissions looked up by natural key among the current ones."""

    def __init__(self, stream, *, registry, natural_keys: dict, **options):
        super().__init__(stream, **options)
        self.registry = registry
        self.natural_keys = natural_keys

    def _get_model_from_node(self, model_identifier):
        try:
            return self.registry.get_model(model_identifier)
        except (LookupError, TypeError, ValueError) as exc:
            raise DeserializationError(f"Invalid model identifier: {model_identifier}") from exc

    def _natural(self, field, value):
        label = field.remote_field.model._meta.label_lower
        key = (label, tuple(value))
        if key not in self.natural_keys:
            model = apps.get_model(label)  # the current model: its manager knows natural keys
            try:
                self.natural_keys[key] = model._default_manager.get_by_natural_key(*value).pk
            except model.DoesNotExist as exc:
                raise DeserializationError(
                    _("%(model)s %(key)s 在本程序中不存在")
                    % {"model": label, "key": ".".join(map(str, value))}
                ) from exc
        return self.natural_keys[key]

    def _handle_fk_field_node(self, field, field_value):
        if isinstance(field_value, list) and _by_natural_key(field):
            return self._natural(field, field_value)
        return super()._handle_fk_field_node(field, field_value)

    def _handle_m2m_field_node(self, field, field_value):
        if _by_natural_key(field):
            return [self._natural(field, v) if isinstance(v, list) else v for v in field_value]
        return super()._handle_m2m_field_node(field, field_value)


def _load(path, manifest: dict, registry, log: Log) -> tuple[int, int]:
    data = {entry["member"]: entry for entry in manifest["models"]}
    files = {entry["member"]: entry for entry in manifest["files"]}
    natural_keys: dict = {}
    total_rows = total_files = 0
    with _open(path) as tar:
        for member in tar:
            if member.name in data:
                entry = data.pop(member.name)
                rows = _load_rows(
                    tar.extractfile(member), member.name, entry, manifest, registry, natural_keys
                )
                total_rows += rows
                log(_("  %(model)s：%(rows)s 行") % {"model": entry["model"], "rows": rows})
            elif member.name in files:
                _restore_file(tar.extractfile(member), member.name, files.pop(member.name), manifest)
                total_files += 1
    if data or files:
        missing = next(iter(data or files))
        raise BackupError(_("恢复时未读到“%(member)s”（备份文件被改动），已全部撤销。") % {"member": missing})
    if total_files:
        log(_("  附件文件：%(n)s 个") % {"n": total_files})
    return total_rows, total_files


def _load_rows(raw, name: str, entry: dict, manifest: dict, registry, natural_keys: dict) -> int:
    model = registry.get_model(entry["model"])
    reader = _HashingReader(raw, manifest["algorithm"])
    rows = 0
    objects = _Deserializer(_hashing_text(reader), registry=registry, natural_keys=natural_keys)
    try:
        for obj in objects:
            if type(obj.object) is not model:
                raise BackupError(
                    _("备份中的“%(member)s”含有不属于 %(model)s 的记录（备份被改动）。")
                    % {"member": name, "model": entry["model"]}
                )
            obj.save(force_insert=True)  # raw: no model save(), and the ledger ignores raw saves
            rows += 1
    except DeserializationError as exc:
        raise BackupError(
            _("备份中的“%(member)s”第 %(n)s 条记录无法恢复，已全部撤销：%(error)s")
            % {"member": name, "n": rows + 1, "error": exc}
        ) from exc
    if reader.drain() != manifest["members"][name]:
        raise BackupError(
            _("备份中的“%(member)s”在恢复时与清单摘要不符（备份文件被改动），已全部撤销。") % {"member": name}
        )
    if rows != entry.get("rows"):
        raise BackupError(
            _("备份中的“%(member)s”有 %(rows)s 行，清单记录为 %(expected)s 行，已全部撤销。")
            % {"member": name, "rows": rows, "expected": entry.get("rows")}
        )
    return rows


def _restore_file(raw, name: str, entry: dict, manifest: dict) -> None:
    """Write one file back through default_storage, once its digest matched."""
    storage_name = entry["storage_name"]
    algorithm = manifest["algorithm"]
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        reader = _HashingReader(raw, algorithm)
        while chunk := reader.read(COPY_BYTES):
            spool.write(chunk)
        digest = reader.hasher.hexdigest()
        if digest != manifest["members"][name]:
            raise BackupError(
                _("备份中的“%(member)s”在恢复时与清单摘要不符（备份文件被改动），已全部撤销。")
                % {"member": name}
            )
        if default_storage.exists(storage_name):
            with default_storage.open(storage_name, "rb") as existing:
                if _HashingReader(existing, algorithm).drain() == digest:
                    return  # already there, byte for byte
            default_storage.delete(storage_name)
        spool.seek(0)
        saved = default_storage.save(storage_name, File(spool, name=PurePosixPath(storage_name).name))
    if saved != storage_name:
        default_storage.delete(saved)
        raise BackupError(
            _("附件文件“%(name)s”无法按原存储名写回（存储给出的名称为“%(saved)s”）。")
            % {"name": storage_name, "saved": saved}
        )


def _reset_sequences(connection, registry) -> None:
    """PostgreSQL: move each table's id sequence past the restored ids (`sqlsequencereset`)."""
    tables = set(connection.introspection.table_names())
    models = [
        model
        for config in registry.get_app_configs()
        for model in config.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _check_restored(manifest: dict, registry) -> None:
    """Every count and the ledger head as the manifest says, or the whole restore is undone."""
    for label, expected in manifest["counts"].items():
        actual = registry.get_model(label)._base_manager.count()
        if actual != expected:
            raise BackupError(
                _("恢复后 %(model)s 有 %(rows)s 行，清单记录为 %(expected)s 行，已全部撤销。")
                % {"model": label, "rows": actual, "expected": expected}
            )
    heads = registry.get_model("core", "LedgerHead")._base_manager
    if "heads" in manifest["ledger"]:  # one head per chain (fazhi.core.ledger)
        restored_heads = {h.chain: [h.last_seq, h.last_hash] for h in heads.all()}
        if restored_heads != manifest["ledger"]["heads"]:
            raise BackupError(
                _("恢复后的台账链头与清单记录不符（%(n)s 条链），已全部撤销。")
                % {"n": len(manifest["ledger"]["heads"])}
            )
        return
    head = heads.filter(pk=1).first()  # an archive of the single chain before
    restored = (head.last_id, head.last_hash) if head else (0, GENESIS)
    expected = (manifest["ledger"].get("head_id"), manifest["ledger"].get("head_hash"))
    if restored != expected:
        raise BackupError(
            _("恢复后的台账链头（第 %(restored)s 条）与清单记录（第 %(expected)s 条）不符，已全部撤销。")
            % {"restored": restored[0], "expected": expected[0]}
        )


# --- native backups (PostgreSQL to PostgreSQL) ----------------------------------------------------

NATIVE_FORMAT = "fazhi-native-backup"


def _pg_tool(name: str) -> str:
    """The PostgreSQL client program `name`: FAZHI_PG_BIN, the PATH, or Debian's versioned folder."""
    import glob
    import shutil

    folder = os.environ.get("FAZHI_PG_BIN", "")
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), ""
    )
    if not found:
        raise BackupError(
            _("找不到 PostgreSQL 客户端程序 %(name)s，请安装 postgresql-client 或设置 FAZHI_PG_BIN。")
            % {"name": name}
        )
    return found


def _conninfo(connection) -> tuple[str, dict]:
    """A libpq connection string for pg_dump / pg_restore (the parameters Django connects with,
    whichever way DATABASE_URL gave them), and the environment with the password."""
    params = connection.get_connection_params()
    keys = ("host", "port", "user", "dbname", "sslmode", "sslrootcert", "sslcert", "sslkey")
    parts = []
    for key in keys:
        value = params.get(key)
        if value not in (None, ""):
            text = str(value).replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"{key}='{text}'")
    env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
    return " ".join(parts), env


def _native_only(connection) -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            _(
                "--native 只用于 PostgreSQL（pg_dump / pg_restore，从 PostgreSQL 恢复到 PostgreSQL）；"
                "当前数据库是 %(vendor)s，请使用默认的可移植备份。"
            )
            % {"vendor": connection.vendor}
        )


def _file_digest(path: Path, algorithm: str) -> str:
    hasher = ledger.new_hasher(algorithm)
    with open(path, "rb") as fh:
        while chunk := fh.read(COPY_BYTES):
            hasher.update(chunk)
    return hasher.hexdigest()


def _seal_path(path: Path) -> Path:
    return path.with_name(path.name + ".sig")


def create_native(path, *, overwrite: bool = False) -> dict:
    """`fazhi backup --native FILE`: the database as PostgreSQL's own dump (pg_dump, custom
    format), for PostgreSQL to PostgreSQL only, with FILE.sig beside it (the dump's digest, signed
    with the backup key). Attachment files are not in it: back up the file storage with its own
    tools. Returns the seal."""
    import subprocess

    connection = connections[DEFAULT_DB_ALIAS]
    _native_only(connection)
    path = Path(path)
    if (path.exists() or _seal_path(path).exists()) and not overwrite:
        raise BackupError(_("文件“%(path)s”已存在；请换一个文件名，或加 --overwrite 覆盖。") % {"path": path})
    algorithm = settings.LEDGER_HASH
    partial = path.with_name(f".{path.name}.partial")
    conninfo, env = _conninfo(connection)
    try:
        done = subprocess.run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={partial}",
                f"--dbname={conninfo}",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(_("备份失败，未生成备份文件：%(error)s") % {"error": done.stderr.strip()[:500]})
        digest = _file_digest(partial, algorithm)
        seal = {
            "format": NATIVE_FORMAT,
            "file": path.name,
            "algorithm": algorithm,
            "digest": digest,
            "created_at": timezone.now().isoformat(),
            "fazhi_version": fazhi.__version__,
        }
        body = json.dumps(seal, ensure_ascii=False, sort_keys=True).encode()
        seal["signature"] = sign(body, algorithm)
        os.replace(partial, path)
        _seal_path(path).write_text(json.dumps(seal, ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        partial.unlink(missing_ok=True)
    ledger.record(
        "backup",
        object_type="backup",
        object_id=path.name[:64],
        object_repr=path.name[:200],
        data={"file": path.name, "native": True, "digest": digest},
    )
    return seal


def check_native(path) -> dict:
    """The seal of a native dump, checked: its signature under this server's backup key and the
    dump's digest. Raises BackupError naming what does not match."""
    path = Path(path)
    try:
        seal = json.loads(_seal_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(
            _("缺少签名文件“%(sig)s”，无法确认备份来源，未恢复任何数据。") % {"sig": _seal_path(path).name}
        ) from exc
    except ValueError as exc:
        raise BackupError(_("签名文件无法读取（被改动或损坏），未恢复任何数据。")) from exc
    if (
        not isinstance(seal, dict)
        or seal.get("format") != NATIVE_FORMAT
        or seal.get("algorithm") not in ALGORITHMS
    ):
        raise BackupError(_("签名文件不是 fazhi 的原生备份签名，未恢复任何数据。"))
    signature = str(seal.pop("signature", ""))
    body = json.dumps(seal, ensure_ascii=False, sort_keys=True).encode()
    if not hmac.compare_digest(signature, sign(body, seal["algorithm"])):
        raise BackupError(
            _(
                "备份的签名不符：备份被改动，或由使用另一备份密钥（FAZHI_BACKUP_KEY）的服务器生成，未恢复任何数据。"
            )
        )
    if not path.exists():
        raise BackupError(_("备份文件“%(path)s”不存在。") % {"path": path})
    if _file_digest(path, seal["algorithm"]) != seal["digest"]:
        raise BackupError(_("备份文件与签名记录的摘要不符（备份被改动或损坏），未恢复任何数据。"))
    return seal


def restore_native(path) -> ledger.VerifyResult:
    """`fazhi restore --native FILE`: a checked native dump into this PostgreSQL database, which
    must hold no ledger entry (pg_restore --clean in one transaction: all or nothing); then the
    ledger is verified and the restore entered in it."""
    import subprocess

    connection = connections[DEFAULT_DB_ALIAS]
    _native_only(connection)
    seal = check_native(path)
    if LedgerEntry.objects.exists():
        raise BackupError(_("目标数据库的台账已有记录：恢复只写入空数据库；请新建一个空数据库后再恢复。"))
    conninfo, env = _conninfo(connection)
    connection.close()  # pg_restore drops and recreates the tables
    done = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conninfo}",
            str(path),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(_("恢复失败，已全部撤销：%(error)s") % {"error": done.stderr.strip()[:500]})
    chain = ledger.verify()
    ledger.record(
        "restore",
        object_type="backup",
        object_id=Path(path).name[:64],
        object_repr=Path(path).name[:200],
        data={"file": Path(path).name, "native": True, "digest": seal["digest"], "chain_ok": chain.ok},
    )
    return chain
