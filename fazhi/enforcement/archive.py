"""A case's full record as one archive (案卷), and its offline verification.

`write_archive(case, user, file)` (or `build_archive(case, user) -> bytes`) writes a .zip with:

- `documents/…docx` — every document of the case that exists at this stage (GB/T 9704 layout,
  from fazhi.enforcement.documents); the others are listed in the manifest with the reason;
- `evidence/<kind>/<name>` — every stored file of the case's evidence, as stored;
- `ledger.jsonl` — every ledger entry about the case and its related records (officers on the
  case, evidence and its files, legal reviews, hearings, deadlines, rectification orders and
  the party), one JSON object a line, with every field its hash covers
  (fazhi.core.ledger.entry_content) and the hash;
- `README.txt` — how to verify, in Chinese;
- `manifest.json` — the digest (SM3 unless LEDGER_HASH says otherwise) and size of every other
  member, which attachment each evidence file is, the case number, the export time and the
  exporter.

The export itself is entered in the ledger ("enforcement.archive") with the digest of the
archive, so a copy can later be matched against what the system issued.

`verify_archive(file)` checks an archive without the database: every member against the
manifest, every ledger entry's hash recomputed from its content (and the chain between
consecutive entries), and every evidence file against the digests the ledger entries of its
attachment vouch for. `fazhi archive verify FILE` runs it.

What offline checking proves: the archive is whole and consistent with itself. That it is the
archive the system issued is proven against the live ledger: its digest is in the
"enforcement.archive" entry, and every extracted entry's hash is in the chain.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core import ledger, pii
from fazhi.core.models import Attachment, Deadline, LedgerEntry
from fazhi.enforcement import documents
from fazhi.enforcement.models import (
    Case,
    CaseOfficer,
    Evidence,
    Hearing,
    LegalReview,
    Party,
    RectificationOrder,
)

FORMAT = "fazhi.case-archive/1"
MANIFEST = "manifest.json"
README = "README.txt"
LEDGER = "ledger.jsonl"
ACTION = "enforcement.archive"
CHUNK_SIZE = 64 * 1024
ARCHIVE_LANGUAGE = "zh-hans"  # the case file is a legal record in the national language
# Already compressed media are stored as they are; everything else is deflated.
_STORED_TYPES = ("image/", "video/", "audio/", "application/pdf")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

# Records whose ledger entries belong to a case, found by their `case` foreign key.
_CASE_CHILDREN = (CaseOfficer, Evidence, LegalReview, Hearing, RectificationOrder)


@dataclass
class ArchiveInfo:
    filename: str
    digest: str
    size: int
    manifest: dict
    ledger_entry: LedgerEntry | None = None


# --- building ---------------------------------------------------------------------------------


def archive_filename(case: Case) -> str:
    return f"{case.number or _('未立案案件%(pk)s') % {'pk': case.pk}} {_('案卷')}.zip"


def build_archive(case: Case, user) -> bytes:
    """The case's archive as bytes (the export is entered in the ledger)."""
    buffer = io.BytesIO()
    write_archive(case, user, buffer)
    return buffer.getvalue()


def write_archive(case: Case, user, file: BinaryIO) -> ArchiveInfo:
    """Write the archive of `case` as `user` sees it into `file` (readable and seekable: the
    archive's digest is read back from it) and enter the export in the ledger."""
    if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        raise PermissionDenied(_("您无权导出此案件的案卷。"))
    algorithm = settings.LEDGER_HASH
    now = timezone.now()
    with translation.override(ARCHIVE_LANGUAGE):
        writer = _Writer(file, algorithm, timezone.localtime(now))
        manifest = {
            "format": FORMAT,
            "algorithm": algorithm,
            "case": {
                "id": case.pk,
                "number": case.number,
                "cause": case.cause,
                "body": case.body.name,
                "state": case.state,
                "state_label": case.get_state_display(),
            },
            "exported_at": timezone.localtime(now).isoformat(),
            "exporter": {
                "id": user.pk,
                "username": user.get_username(),
                "name": getattr(user, "full_name", "") or "",
            },
        }
        writer.add_bytes(README, _readme(case, algorithm).encode(), kind="readme")
        manifest["documents"], manifest["documents_not_applicable"] = _write_documents(writer, case, user)
        manifest["evidence_files"], manifest["missing_files"] = _write_evidence(writer, case, user)
        manifest["ledger"] = _write_ledger(writer, case, user)
        manifest["members"] = writer.members
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        writer.add_bytes(MANIFEST, manifest_bytes, listed=False)
        writer.close()
        filename = archive_filename(case)
    archive_digest, size = _digest_of(file, algorithm)
    entry = ledger.record(
        ACTION,
        case,
        actor=user,
        data={
            "filename": filename,
            "size": size,
            "algorithm": algorithm,
            "manifest_digest": ledger.digest(manifest_bytes, algorithm),
            "members": len(manifest["members"]) + 1,
            "documents": [d["key"] for d in manifest["documents"]],
            "evidence_files": len(manifest["evidence_files"]),
            "ledger_entries": manifest["ledger"]["entries"],
            "party_entries_included": manifest["ledger"]["party_included"],
            "pii": "full" if manifest["ledger"]["party_included"] else "masked",
        },
        digests=[archive_digest],
    )
    if manifest["ledger"]["party_included"]:
        pii.record_full_view(user, case.party, via="archive", archive=filename)
    return ArchiveInfo(filename, archive_digest, size, manifest, entry)


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


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip(" .") or "_"


# --- documents ---


def _not_yet(case: Case, key: str) -> str | None:
    """Why a document does not belong to the case at its present stage (None: it does)."""
    if key == "filing" and not case.filed_on:
        return _("尚未立案")
    if key == "notice":
        if case.procedure == Case.Procedure.SIMPLE:
            return _("简易程序当场告知，不制作事先告知书")
        if not case.notified_on:
            return _("尚未事先告知")
    if key in ("decision", "service") and not case.decided_on:
        return _("尚未作出决定")
    if key == "service" and case.decision_kind == Case.DecisionKind.TRANSFERRED:
        return _("本案已移送司法机关，无须送达处罚决定书")
    if key == "closing" and not case.is_closed:
        return _("尚未结案")
    return None


def _write_documents(writer: _Writer, case: Case, user) -> tuple[list[dict], list[dict]]:
    written, skipped = [], []
    for key, (title, _builder) in documents.CASE_DOCUMENTS.items():
        reason = _not_yet(case, key)
        if reason is None:
            try:
                doc, filename = documents.case_document(case, key, user)
            except documents.DocumentError as exc:
                reason = str(exc)
            else:
                member = writer.add_bytes(
                    f"documents/{_safe(filename)}", doc.to_bytes(), kind="document", document=key
                )
                written.append({"key": key, "title": str(title), "member": member["name"]})
                continue
        skipped.append({"key": key, "title": str(title), "reason": reason})
    return written, skipped


# --- evidence ---


def _evidence_attachments(case: Case, user) -> list[tuple[Evidence, Attachment]]:
    evidence = list(Evidence.objects.visible_to(user).filter(case=case).order_by("collected_at", "pk"))
    by_id = {str(item.pk): item for item in evidence}
    files = Attachment.objects.visible_to(user).filter(
        owner_type=ContentType.objects.get_for_model(Evidence), owner_id__in=list(by_id)
    )
    pairs = [(by_id[a.owner_id], a) for a in files]
    pairs.sort(key=lambda pair: (pair[0].collected_at, pair[0].pk, pair[1].pk))
    return pairs


def _write_evidence(writer: _Writer, case: Case, user) -> tuple[list[dict], list[dict]]:
    written, missing = [], []
    for item, attachment in _evidence_attachments(case, user):
        name = f"evidence/{item.kind}/{item.pk}-{attachment.pk}-{_safe(attachment.original_name)}"
        facts = {
            "evidence_id": item.pk,
            "evidence_kind": item.kind,
            "evidence_kind_label": item.get_kind_display(),
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
            stored = attachment.content_type.startswith(_STORED_TYPES)
            member = writer.add_stream(
                name,
                stream,
                size=attachment.size,
                stored=stored,
                kind="evidence",
                attachment_id=attachment.pk,
            )
        written.append({**facts, "member": member["name"]})
    return written, missing


# --- ledger extract ---


def _ids(model, case: Case, user) -> set[str]:
    """Records of `model` belonging to the case: those that exist, and those whose creation
    the ledger shows under the case (deleted since)."""
    ids = {str(pk) for pk in model.objects.visible_to(user).filter(case=case).values_list("pk", flat=True)}
    created = LedgerEntry.objects.filter(
        object_type=model._meta.label_lower, action="create", data__after__case_id=case.pk
    ).values_list("object_id", flat=True)
    return ids | set(created)


def _objects(case: Case, user) -> tuple[dict[str, set[str]], bool]:
    """object_type → ids of the records whose entries go into the extract, and whether the
    party's entries (full identity number and phone) are among them."""
    objects: dict[str, set[str]] = defaultdict(set)
    objects[Case._meta.label_lower].add(str(case.pk))
    for model in _CASE_CHILDREN:
        objects[model._meta.label_lower] |= _ids(model, case, user)
    evidence_ids = sorted(objects[Evidence._meta.label_lower])
    evidence_type = ContentType.objects.get_for_model(Evidence)
    attachment_type = Attachment._meta.label_lower
    objects[attachment_type] |= {
        str(pk)
        for pk in Attachment.objects.visible_to(user)
        .filter(owner_type=evidence_type, owner_id__in=evidence_ids)
        .values_list("pk", flat=True)
    }
    objects[attachment_type] |= set(
        LedgerEntry.objects.filter(
            object_type=attachment_type,
            action="create",
            data__after__owner_type_id=evidence_type.pk,
            data__after__owner_id__in=evidence_ids,
        ).values_list("object_id", flat=True)
    )
    objects[Deadline._meta.label_lower] |= {
        str(pk)
        for pk in Deadline.objects.visible_to(user)
        .filter(content_type=ContentType.objects.get_for_model(Case), object_id=str(case.pk))
        .values_list("pk", flat=True)
    }
    # The party's entries carry the full identity number and phone: only for those who may see
    # them (the PII rule of 个人信息保护法; their hashes cannot be checked once masked).
    party_included = pii.may_see_full(user, case.party)
    if party_included:
        objects[Party._meta.label_lower].add(str(case.party_id))
    return objects, party_included


def ledger_entries(case: Case, user):
    """The ledger entries about the case and its related records, oldest first (see `_objects`)."""
    objects, _party = _objects(case, user)
    return _entries_of(objects)


def _entries_of(objects: dict[str, set[str]]):
    query = Q()
    for object_type, ids in objects.items():
        if ids:
            query |= Q(object_type=object_type, object_id__in=sorted(ids))
    return LedgerEntry.objects.filter(query).order_by("id")


def _write_ledger(writer: _Writer, case: Case, user) -> dict:
    objects, party_included = _objects(case, user)
    lines, count = [], 0
    for entry in _entries_of(objects).iterator():
        content = ledger.entry_content(entry)
        content["hash"] = entry.hash
        lines.append(json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        count += 1
    data = ("\n".join(lines) + "\n").encode() if lines else b""
    writer.add_bytes(LEDGER, data, kind="ledger")
    return {
        "member": LEDGER,
        "entries": count,
        "objects": {object_type: sorted(ids, key=_numeric) for object_type, ids in objects.items() if ids},
        "party_included": party_included,
        "omitted": []
        if party_included
        else [
            _("当事人记录的台账条目（含完整身份证号码、手机号码）：导出人无查看完整个人信息的权限，未导出")
        ],
    }


def _numeric(value: str):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


# --- the README ---


def _readme(case: Case, algorithm: str) -> str:
    name = {"sm3": "SM3（GB/T 32905-2016）", "sha256": "SHA-256"}.get(algorithm, algorithm)
    return "\n".join(
        [
            _("行政处罚案卷：%(number)s %(cause)s") % {"number": case.number or "", "cause": case.cause},
            "",
            _("一、内容"),
            _(
                "  documents/   案件文书（.docx，GB/T 9704-2012 公文格式）。尚未形成的文书在 manifest.json 的 documents_not_applicable 中列明原因。"
            ),
            _(
                "  evidence/    证据文件，按证据种类分目录，文件名为“证据编号-附件编号-原文件名”，内容与系统存储的原件一致。"
            ),
            _(
                "  ledger.jsonl 台账摘录：本案及其办案人员、证据及附件、法制审核、听证、期限、责令改正、当事人的全部台账记录，每行一条。"
            ),
            _("  manifest.json 清单：每个文件的大小和摘要、每个证据文件对应的附件、案号、导出时间和导出人。"),
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
                "     (2) 台账摘录的每一行是一条记录。去掉 hash 字段后，将其余字段按键名排序、不加空格（分隔符为“,”和“:”）、"
            ),
            _(
                "         中文不转义，编码为 UTF-8 的 JSON，用该行 algorithm 字段所示算法计算摘要，应等于该行的 hash；"
            ),
            _("         相邻编号的两条记录，后一条的 prev_hash 应等于前一条的 hash。"),
            _(
                "     (3) 每个证据文件按 manifest.json 的 evidence_files 所列算法计算摘要，该摘要应出现在台账摘录中"
            ),
            _(
                "         对应附件（object_type 为 core.attachment，object_id 为附件编号）的记录的 digests 中。"
            ),
            "",
            _("四、与系统台账核对"),
            _(
                "  离线校验证明本案卷完整、自洽。要证明本案卷就是系统导出的那一份：在系统中查看本案的“导出案卷”台账记录"
            ),
            _(
                "  （动作 enforcement.archive），其附件摘要应等于整个压缩包文件的摘要；台账摘录中每条记录的 hash 应与系统台账中"
            ),
            _("  同一编号记录的摘要相同（fazhi ledger verify 校验系统台账的完整哈希链）。"),
            "",
        ]
    )


# --- verifying --------------------------------------------------------------------------------


@dataclass
class ArchiveCheck:
    problems: list[str] = field(default_factory=list)
    members: int = 0
    entries: int = 0
    evidence_files: int = 0
    case_number: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            return [
                _(
                    "案卷校验通过：%(number)s，%(members)s 个文件与清单一致，%(entries)s 条台账记录摘要正确，%(files)s 个证据文件与台账记录的摘要一致。"
                )
                % {
                    "number": self.case_number,
                    "members": self.members,
                    "entries": self.entries,
                    "files": self.evidence_files,
                }
            ]
        head = _("案卷校验失败：%(n)s 处不符。") % {"n": len(self.problems)}
        return [head, *(f"  - {problem}" for problem in self.problems)]


def _describe(content: dict) -> str:
    return _("台账记录 #%(id)s（%(action)s，%(type)s:%(object)s）") % {
        "id": content.get("id"),
        "action": content.get("action", ""),
        "type": content.get("object_type", ""),
        "object": content.get("object_id", ""),
    }


def verify_archive(file) -> ArchiveCheck:
    """Check an archive (a path, a file object or bytes) without the database."""
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    check = ArchiveCheck()
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
        check.case_number = (manifest.get("case") or {}).get("number", "")
        actual = {
            name: _member_digest(archive, name, algorithm) for name in archive.namelist() if name != MANIFEST
        }
        _check_members(check, members, actual)
        entries = _check_ledger(check, archive, members)
        _check_evidence(check, archive, manifest, entries)
        for item in manifest.get("missing_files") or ():
            check.problems.append(
                _("证据文件“%(name)s”（附件 #%(id)s）导出时%(reason)s，未收入案卷")
                % {
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


def _check_members(check: ArchiveCheck, members: dict[str, dict], actual: dict) -> None:
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


def _check_ledger(check: ArchiveCheck, archive: zipfile.ZipFile, members: dict) -> list[dict]:
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
        if recomputed != content.get("hash"):
            check.problems.append(
                _("%(entry)s的内容与其摘要不符（记录被篡改）") % {"entry": _describe(content)}
            )
        elif (
            previous is not None
            and isinstance(content.get("id"), int)
            and content["id"] == previous.get("id", 0) + 1
            and content.get("prev_hash") != previous.get("hash")
        ):
            check.problems.append(
                _("%(entry)s的前序摘要与上一条不一致（链被截断或插入）") % {"entry": _describe(content)}
            )
        entries.append(content)
        previous = content
    check.entries = len(entries)
    return entries


def _check_evidence(
    check: ArchiveCheck, archive: zipfile.ZipFile, manifest: dict, entries: list[dict]
) -> None:
    vouched: dict[str, set[str]] = defaultdict(set)
    for content in entries:
        if content.get("object_type") == Attachment._meta.label_lower:
            vouched[str(content.get("object_id"))].update(content.get("digests") or ())
    for item in manifest.get("evidence_files") or ():
        name, attachment_id = item.get("member", ""), str(item.get("attachment_id"))
        label = _("证据文件“%(name)s”（附件 #%(id)s）") % {"name": name, "id": attachment_id}
        if attachment_id not in vouched:
            check.problems.append(_("%(file)s：台账摘录中没有该附件的记录") % {"file": label})
            continue
        found = _member_digest(archive, name, item.get("algorithm") or manifest["algorithm"])
        if not isinstance(found, tuple):
            continue  # missing or unreadable: reported as a member problem
        if found[0] not in vouched[attachment_id]:
            check.problems.append(
                _("%(file)s的摘要与台账记录的附件摘要不符（文件被替换或改动）") % {"file": label}
            )
        check.evidence_files += 1
