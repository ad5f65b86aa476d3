"""A record's full file as one archive (案卷), and its offline verification.

An app declares what goes into the dossier of one of its records, as the exporting user may
read it (its scoping and personal-information masking applied by the caller), and
`write_dossier(dossier, file)` writes a .zip with:

- `documents/…docx` — the record's documents that exist at its stage (`Document` items; one
  that does not belong yet is listed in the manifest with the reason);
- `<folder>/<name>` — stored files (attachments) in groups (`FileGroup`: evidence, signed
  documents, photos …), as stored;
- `ledger.jsonl` — the ledger entries given, one JSON object a line, with every field the hash
  covers (fazhi.core.ledger.entry_content) and the hash;
- `README.txt` — what is inside and how to verify it, in Chinese;
- `manifest.json` — the digest (SM3 unless LEDGER_HASH says otherwise) and size of every other
  member, which attachment each file is, the record, the export time and the exporter.

The export is entered in the ledger (`Dossier.action`) with the digest of the archive, so a
copy can later be matched against what the system issued.

`verify_dossier(file)` checks an archive without the database: every member against the
manifest, every ledger entry's hash recomputed from its content (and the chain between
consecutive entries), and every attached file against the digests that the ledger entries of
its attachment vouch for. What offline checking proves: the archive is whole and consistent
with itself. That it is the archive the system issued is proven against the live ledger: its
digest is in the export's entry, and every extracted entry's hash is in the chain.

fazhi.enforcement.archive (the case archive, `fazhi archive verify FILE`) is declared on it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core import ledger

FORMAT = "fazhi.dossier/1"
MANIFEST = "manifest.json"
README = "README.txt"
LEDGER = "ledger.jsonl"
ACTION = "core.dossier"
CHUNK_SIZE = 64 * 1024
DOSSIER_LANGUAGE = "zh-hans"  # a dossier is a legal record in the national language
ATTACHMENT_TYPE = "core.attachment"
# Already compressed media are stored as they are; everything else is deflated.
_STORED_TYPES = ("image/", "video/", "audio/", "application/pdf")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(name: str) -> str:
    """A file name that is safe as one path component of a zip member."""
    return _UNSAFE.sub("_", name).strip(" .") or "_"


# --- the declaration ----------------------------------------------------------------------------


@dataclass
class Document:
    """A document of the record: `build()` returns (an OfficialDocument or bytes, file name),
    or `reason` says why it does not belong to the record at its stage. A builder may refuse
    with one of the dossier's `document_errors` (its message becomes the reason)."""

    key: str
    title: str
    build: Callable[[], tuple[object, str]] | None = None
    reason: str | None = None


@dataclass
class File:
    """A stored file (a core Attachment) to include, at `name` inside its group's folder, with
    facts for the manifest (what the file is evidence of, …)."""

    attachment: object
    name: str
    facts: dict = field(default_factory=dict)


@dataclass
class FileGroup:
    """Files listed together in the manifest under `key` (`missing_key` for those whose stored
    file is gone); `label` names one in the verifier's messages (证据文件)."""

    key: str = "files"
    label: str = "附件文件"
    missing_key: str = "missing_files"
    files: Sequence[File] = ()
    kind: str = "file"  # the members' kind in the manifest


@dataclass
class Dossier:
    """What goes into one record's dossier as `user` may read it (see the module docstring).

    `summary` describes the record in the manifest under `summary_key`; `title` identifies it in
    the file name, the README and the verifier's report (a case number). `ledger_entries` is an
    iterable of LedgerEntry, oldest first; `ledger_notes` is added to the manifest's ledger
    section and `export_data` to the export's ledger entry. `contents` are the README's lines
    describing the members; `refused` the message when the user may not read the record."""

    record: object
    user: object
    title: str
    summary: dict
    documents: Sequence[Document] = ()
    file_groups: Sequence[FileGroup] = ()
    ledger_entries: Iterable = ()
    ledger_notes: dict = field(default_factory=dict)
    export_data: dict = field(default_factory=dict)
    contents: Sequence[str] = ()
    heading: str = ""
    summary_key: str = "record"
    format: str = FORMAT
    action: str = ACTION
    filename: str = ""
    document_errors: tuple[type[Exception], ...] = ()
    refused: str = ""


@dataclass
class DossierInfo:
    filename: str
    digest: str
    size: int
    manifest: dict
    ledger_entry: object = None


# --- writing ------------------------------------------------------------------------------------


def write_dossier(dossier: Dossier, file: BinaryIO) -> DossierInfo:
    """Write `dossier` into `file` (readable and seekable: the archive's digest is read back
    from it) and enter the export in the ledger. The record must be readable by the user."""
    record, user = dossier.record, dossier.user
    if not type(record).objects.visible_to(user).filter(pk=record.pk).exists():
        raise PermissionDenied(dossier.refused or _("您无权导出此记录的案卷。"))
    algorithm = settings.LEDGER_HASH
    now = timezone.localtime(timezone.now())
    filename = dossier.filename or f"{safe_name(dossier.title)} {_('案卷')}.zip"
    with translation.override(DOSSIER_LANGUAGE):
        writer = _Writer(file, algorithm, now)
        manifest = {
            "format": dossier.format,
            "algorithm": algorithm,
            "title": dossier.title,
            dossier.summary_key: dossier.summary,
            "exported_at": now.isoformat(),
            "exporter": {
                "id": user.pk,
                "username": user.get_username(),
                "name": getattr(user, "full_name", "") or "",
            },
        }
        writer.add_bytes(README, readme(dossier, algorithm).encode(), kind="readme")
        manifest["documents"], manifest["documents_not_applicable"] = _write_documents(writer, dossier)
        manifest["file_groups"] = {}
        for group in dossier.file_groups:
            manifest[group.key], manifest[group.missing_key] = _write_files(writer, group)
            manifest["file_groups"][group.key] = {"label": str(group.label), "missing": group.missing_key}
        manifest["ledger"] = {**_write_ledger(writer, dossier.ledger_entries), **dossier.ledger_notes}
        manifest["members"] = writer.members
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        writer.add_bytes(MANIFEST, manifest_bytes, listed=False)
        writer.close()
    archive_digest, size = _digest_of(file, algorithm)
    data = {
        "filename": filename,
        "size": size,
        "algorithm": algorithm,
        "manifest_digest": ledger.digest(manifest_bytes, algorithm),
        "members": len(manifest["members"]) + 1,
        "documents": [d["key"] for d in manifest["documents"]],
        **{group.key: len(manifest[group.key]) for group in dossier.file_groups},
        "ledger_entries": manifest["ledger"]["entries"],
        **dossier.export_data,
    }
    entry = ledger.record(dossier.action, record, actor=user, data=data, digests=[archive_digest])
    return DossierInfo(filename, archive_digest, size, manifest, entry)


def build_dossier(dossier: Dossier) -> bytes:
    buffer = io.BytesIO()
    write_dossier(dossier, buffer)
    return buffer.getvalue()


class _Writer:
    """Adds members to the zip, hashing each as it is written."""

    def __init__(self, file: BinaryIO, algorithm: str, when: dt.datetime):
        self.zip = zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED)
        self.algorithm = algorithm
        self.date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
        self.members: list[dict] = []
        self.names: set[str] = set()

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            stem, dot, ext = name.rpartition(".")
            candidate = f"{stem}（{n}）.{ext}" if dot and "/" not in ext else f"{name}（{n}）"
        self.names.add(candidate)
        return candidate

    def _info(self, name: str, stored: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_bytes(self, name: str, data: bytes, *, kind: str = "", listed: bool = True, **extra) -> dict:
        name = self.unique(name)
        self.zip.writestr(self._info(name, stored=False), data)
        member = {
            "name": name,
            "size": len(data),
            "digest": ledger.digest(data, self.algorithm),
            "kind": kind,
        }
        member.update(extra)
        if listed:
            self.members.append(member)
        return member

    def add_stream(self, name: str, stream, *, size: int, stored: bool, kind: str, **extra) -> dict:
        name = self.unique(name)
        hasher = ledger.new_hasher(self.algorithm)
        written = 0
        with self.zip.open(self._info(name, stored), "w", force_zip64=size > zipfile.ZIP64_LIMIT) as out:
            for chunk in iter(lambda: stream.read(CHUNK_SIZE), b""):
                hasher.update(chunk)
                out.write(chunk)
                written += len(chunk)
        member = {"name": name, "size": written, "digest": hasher.hexdigest(), "kind": kind, **extra}
        self.members.append(member)
        return member

    def close(self) -> None:
        self.zip.close()


def _digest_of(file: BinaryIO, algorithm: str) -> tuple[str, int]:
    file.seek(0)
    hasher = ledger.new_hasher(algorithm)
    size = 0
    for chunk in iter(lambda: file.read(CHUNK_SIZE), b""):
        hasher.update(chunk)
        size += len(chunk)
    file.seek(0)
    return hasher.hexdigest(), size


def _write_documents(writer: _Writer, dossier: Dossier) -> tuple[list[dict], list[dict]]:
    written, skipped = [], []
    for item in dossier.documents:
        reason = item.reason
        if reason is None and item.build is not None:
            try:
                doc, filename = item.build()
            except dossier.document_errors as exc:
                reason = str(exc)
            else:
                data = doc if isinstance(doc, bytes) else doc.to_bytes()
                member = writer.add_bytes(
                    f"documents/{safe_name(filename)}", data, kind="document", document=item.key
                )
                written.append({"key": item.key, "title": str(item.title), "member": member["name"]})
                continue
        skipped.append({"key": item.key, "title": str(item.title), "reason": reason or ""})
    return written, skipped


def _write_files(writer: _Writer, group: FileGroup) -> tuple[list[dict], list[dict]]:
    written, missing = [], []
    for item in group.files:
        attachment = item.attachment
        facts = {
            **item.facts,
            "attachment_id": attachment.pk,
            "original_name": attachment.original_name,
            "algorithm": attachment.algorithm,
            "digest": attachment.digest,
        }
        try:
            stream = default_storage.open(attachment.storage_name, "rb")
        except (FileNotFoundError, OSError):
            missing.append({**facts, "reason": _("存储文件缺失")})
            continue
        with stream:
            member = writer.add_stream(
                item.name,
                stream,
                size=attachment.size,
                stored=attachment.content_type.startswith(_STORED_TYPES),
                kind=group.kind,
                attachment_id=attachment.pk,
            )
        written.append({**facts, "member": member["name"]})
    return written, missing


def _write_ledger(writer: _Writer, entries: Iterable) -> dict:
    lines = []
    for entry in entries:
        content = ledger.entry_content(entry)
        content["hash"] = entry.hash
        lines.append(json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    data = ("\n".join(lines) + "\n").encode() if lines else b""
    writer.add_bytes(LEDGER, data, kind="ledger")
    return {"member": LEDGER, "entries": len(lines)}


def readme(dossier: Dossier, algorithm: str) -> str:
    """README.txt: the dossier's own lines on its contents, then how to verify it."""
    name = {"sm3": "SM3（GB/T 32905-2016）", "sha256": "SHA-256"}.get(algorithm, algorithm)
    keys = "、".join(group.key for group in dossier.file_groups) or "files"
    return "\n".join(
        [
            dossier.heading or _("案卷：%(title)s") % {"title": dossier.title},
            "",
            _("一、内容"),
            *dossier.contents,
            "",
            _("二、摘要算法：%(name)s，摘要以十六进制小写表示。") % {"name": name},
            "",
            _("三、校验方法"),
            _("  1. 在装有本系统的计算机上执行（无需连接数据库）："),
            "       fazhi archive verify " + _("案卷文件.zip"),
            _("     逐项报告不符之处；全部相符时显示“案卷校验通过”。"),
            _("  2. 人工校验："),
            _(
                "     (1) 计算压缩包内每个文件（manifest.json 除外）的摘要和字节数，与 manifest.json 的 members 逐一比对；"
            ),
            _("         压缩包中不应有清单以外的文件。"),
            _(
                "     (2) 台账摘录的每一行是一条记录。取 id、hash、seq、prev_hash、chain_hash 以外的字段，按键名排序、"
            ),
            _(
                "         不加空格（分隔符为“,”和“:”）、中文不转义，编码为 UTF-8 的 JSON，用该行 algorithm 字段所示算法计算摘要，"
            ),
            _(
                "         应等于该行的 hash；已封存入链的记录（seq 不为空），以 chain、seq、prev_hash、hash 四个字段同样计算，"
            ),
            _(
                "         应等于该行的 chain_hash；同一条链中序号相邻的两条记录，后一条的 prev_hash 应等于前一条的 chain_hash。"
            ),
            _("     (3) 每个附件文件按 manifest.json 的 %(keys)s 所列算法计算摘要，该摘要应出现在台账摘录中")
            % {"keys": keys},
            _(
                "         对应附件（object_type 为 core.attachment，object_id 为附件编号）的记录的 digests 中。"
            ),
            "",
            _("四、与系统台账核对"),
            _(
                "  离线校验证明本案卷完整、自洽。要证明本案卷就是系统导出的那一份：在系统中查看该记录的“导出案卷”台账记录"
            ),
            _(
                "  （动作 %(action)s），其附件摘要应等于整个压缩包文件的摘要；台账摘录中每条记录的 hash 应与系统台账中"
            )
            % {"action": dossier.action},
            _("  同一编号记录的摘要相同（fazhi ledger verify 校验系统台账的完整哈希链）。"),
            "",
        ]
    )


# --- verifying ----------------------------------------------------------------------------------


@dataclass
class DossierCheck:
    problems: list[str] = field(default_factory=list)
    members: int = 0
    entries: int = 0
    files: int = 0
    title: str = ""
    file_label: str = "附件文件"

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            return [
                _(
                    "案卷校验通过：%(title)s，%(members)s 个文件与清单一致，%(entries)s 条台账记录摘要正确，%(files)s 个%(label)s与台账记录的摘要一致。"
                )
                % {
                    "title": self.title,
                    "members": self.members,
                    "entries": self.entries,
                    "files": self.files,
                    "label": self.file_label,
                }
            ]
        head = _("案卷校验失败：%(n)s 处不符。") % {"n": len(self.problems)}
        return [head, *(f"  - {problem}" for problem in self.problems)]


# Archives written before the manifest named its file groups (fazhi.case-archive/1).
_LEGACY_GROUPS = {"evidence_files": {"label": "证据文件", "missing": "missing_files"}}


def _describe(content: dict) -> str:
    return _("台账记录 #%(id)s（%(action)s，%(type)s:%(object)s）") % {
        "id": content.get("id"),
        "action": content.get("action", ""),
        "type": content.get("object_type", ""),
        "object": content.get("object_id", ""),
    }


def verify_dossier(file, check: DossierCheck | None = None) -> DossierCheck:
    """Check a dossier (a path, a file object or bytes) without the database."""
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    check = check if check is not None else DossierCheck()
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as exc:
        check.problems.append(_("不是有效的 ZIP 压缩包：%(error)s") % {"error": exc})
        return check
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
            members = {m["name"]: m for m in manifest["members"]}
            algorithm = manifest["algorithm"]
        except (KeyError, ValueError, TypeError) as exc:
            check.problems.append(_("清单 manifest.json 缺失或无法解析：%(error)s") % {"error": exc})
            return check
        check.title = manifest.get("title") or (manifest.get("case") or {}).get("number", "")
        groups = manifest.get("file_groups")
        if groups is None:
            groups = _LEGACY_GROUPS
        if len(groups) == 1:
            check.file_label = next(iter(groups.values())).get("label") or check.file_label
        actual = {
            name: _member_digest(archive, name, algorithm) for name in archive.namelist() if name != MANIFEST
        }
        _check_members(check, members, actual)
        entries = _check_ledger(check, archive, members)
        vouched: dict[str, set[str]] = defaultdict(set)
        for content in entries:
            if content.get("object_type") == ATTACHMENT_TYPE:
                vouched[str(content.get("object_id"))].update(content.get("digests") or ())
        for key, group in groups.items():
            label = group.get("label") or check.file_label
            _check_files(check, archive, manifest, manifest.get(key) or (), label, vouched)
            for item in manifest.get(group.get("missing") or "missing_files") or ():
                check.problems.append(
                    _("%(label)s“%(name)s”（附件 #%(id)s）导出时%(reason)s，未收入案卷")
                    % {
                        "label": label,
                        "name": item.get("original_name"),
                        "id": item.get("attachment_id"),
                        "reason": item.get("reason"),
                    }
                )
    return check


def _member_digest(archive: zipfile.ZipFile, name: str, algorithm: str) -> tuple[str, int] | str:
    """(digest, size) of a member, or the reason it cannot be read."""
    hasher = ledger.new_hasher(algorithm)
    size = 0
    try:
        with archive.open(name) as stream:
            for chunk in iter(lambda: stream.read(CHUNK_SIZE), b""):
                hasher.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # a corrupt member fails its CRC
        return str(exc)
    return hasher.hexdigest(), size


def _check_members(check: DossierCheck, members: dict[str, dict], actual: dict) -> None:
    for name, member in members.items():
        found = actual.get(name)
        if found is None:
            check.problems.append(_("清单中的文件“%(name)s”在压缩包中缺失") % {"name": name})
        elif isinstance(found, str):
            check.problems.append(
                _("文件“%(name)s”无法读取（压缩数据损坏）：%(error)s") % {"name": name, "error": found}
            )
        elif found[0] != member.get("digest"):
            check.problems.append(_("文件“%(name)s”的摘要与清单不符（文件被改动）") % {"name": name})
        elif found[1] != member.get("size"):
            check.problems.append(_("文件“%(name)s”的大小与清单不符") % {"name": name})
    for name in actual:
        if name not in members:
            check.problems.append(_("压缩包中的文件“%(name)s”不在清单中（文件被添加）") % {"name": name})
    check.members = len(members)


def _check_ledger(check: DossierCheck, archive: zipfile.ZipFile, members: dict) -> list[dict]:
    if LEDGER not in members:
        check.problems.append(_("清单中没有台账摘录 %(name)s") % {"name": LEDGER})
        return []
    try:
        text = archive.read(LEDGER).decode()
    except (KeyError, zipfile.BadZipFile, OSError, UnicodeDecodeError):
        return []  # reported as a member problem
    entries, previous = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            content = json.loads(line)
            recomputed = ledger.entry_hash(content)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            check.problems.append(
                _("台账摘录第 %(line)s 行无法解析或缺少字段：%(error)s") % {"line": number, "error": exc}
            )
            continue
        if recomputed != content.get("hash") or not ledger.seal_matches(content):
            check.problems.append(
                _("%(entry)s的内容与其摘要不符（记录被篡改）") % {"entry": _describe(content)}
            )
        elif previous is not None and ledger.breaks_link(previous, content):
            check.problems.append(
                _("%(entry)s的前序摘要与上一条不一致（链被截断或插入）") % {"entry": _describe(content)}
            )
        entries.append(content)
        previous = content
    check.entries = len(entries)
    return entries


def _check_files(
    check: DossierCheck,
    archive: zipfile.ZipFile,
    manifest: dict,
    items: Iterable[dict],
    label: str,
    vouched: dict[str, set[str]],
) -> None:
    for item in items:
        name, attachment_id = item.get("member", ""), str(item.get("attachment_id"))
        described = _("%(label)s“%(name)s”（附件 #%(id)s）") % {
            "label": label,
            "name": name,
            "id": attachment_id,
        }
        if attachment_id not in vouched:
            check.problems.append(_("%(file)s：台账摘录中没有该附件的记录") % {"file": described})
            continue
        found = _member_digest(archive, name, item.get("algorithm") or manifest["algorithm"])
        if not isinstance(found, tuple):
            continue  # missing or unreadable: reported as a member problem
        if found[0] not in vouched[attachment_id]:
            check.problems.append(
                _("%(file)s的摘要与台账记录的附件摘要不符（文件被替换或改动）") % {"file": described}
            )
        check.files += 1
