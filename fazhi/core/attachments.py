"""Attachments: evidence files kept content-addressed through Django's storage API.

`attach(file, owner=..., user=...)` checks the file (size limit, no executables, sniffed type
matching the extension), hashes it in chunks with the ledger's algorithm (SM3 by default),
stores it once per digest under a digest-derived name with `default_storage` (a local folder,
or S3-compatible object storage in production) and creates an `Attachment` row in the owner's
region. The ledger entry written for the row carries the digest (`LedgerEntry.digests`), so
`fazhi ledger verify --files` can show a stored file that was changed afterwards.

Forms use `AttachmentField` (phone-friendly: photos, video and audio straight from the camera
or recorder); it runs the same checks, so a refused file is reported against its form field.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.ledger import acting_as, current_actor, new_hasher
from fazhi.core.models import Attachment, LedgerEntry

CHUNK_SIZE = 64 * 1024
SNIFF_BYTES = 8192  # what filetype looks at
STORAGE_PREFIX = "attachments"


# --- what may be attached ---------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    content_type: str  # recorded and served
    sniffed: frozenset[str]  # what the content may sniff as (see _sniff)


def _kind(content_type: str, *sniffed: str) -> Kind:
    return Kind(content_type, frozenset(sniffed))


# Phones write MP4, MOV, 3GP and M4A as the same ISO base media container, with brands that vary
# by maker; any of them is accepted for any of these extensions.
_AV = "isobmff"

ALLOWED: dict[str, Kind] = {
    "jpg": _kind("image/jpeg", "image/jpeg"),
    "jpeg": _kind("image/jpeg", "image/jpeg"),
    "png": _kind("image/png", "image/png", "image/apng"),
    "gif": _kind("image/gif", "image/gif"),
    "webp": _kind("image/webp", "image/webp"),
    "heic": _kind("image/heic", "heic"),
    "heif": _kind("image/heif", "heic"),
    "mp4": _kind("video/mp4", _AV),
    "mov": _kind("video/quicktime", _AV),
    "3gp": _kind("video/3gpp", _AV),
    "avi": _kind("video/x-msvideo", "video/x-msvideo"),
    "mp3": _kind("audio/mpeg", "audio/mpeg"),
    "m4a": _kind("audio/mp4", _AV),
    "wav": _kind("audio/wav", "audio/x-wav"),
    "amr": _kind("audio/amr", "audio/amr"),
    "aac": _kind("audio/aac", "audio/aac"),
    "pdf": _kind("application/pdf", "application/pdf"),
    "docx": _kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": _kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "doc": _kind("application/msword", "ole", "ole-doc"),
    "xls": _kind("application/vnd.ms-excel", "ole", "ole-xls"),
    "txt": _kind("text/plain; charset=utf-8", "text"),
    "csv": _kind("text/csv; charset=utf-8", "text"),
}

# Programs and scripts: refused by name whatever they contain.
EXECUTABLE_EXTENSIONS = frozenset(
    """exe dll com scr pif cpl sys drv ocx msi msp mst bat cmd ps1 psm1 vb vbs vbe js jse mjs wsf wsh
    hta lnk reg inf sh bash zsh csh ksh fish py pyc pyw pl rb php phtml jsp asp aspx cgi jar class
    dex apk xapk apks aab ipa app dmg pkg deb rpm run bin elf so dylib ko out wasm""".split()
)

# Content of programs: refused by their first bytes whatever they are called.
_EXECUTABLE_MAGIC = (
    (b"MZ", "Windows 可执行程序（PE/MZ）"),
    (b"\x7fELF", "Linux 可执行程序（ELF）"),
    (b"\xfe\xed\xfa\xce", "macOS 可执行程序（Mach-O）"),
    (b"\xfe\xed\xfa\xcf", "macOS 可执行程序（Mach-O）"),
    (b"\xce\xfa\xed\xfe", "macOS 可执行程序（Mach-O）"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序（Mach-O）"),
    (b"\xca\xfe\xba\xbe", "macOS 通用程序或 Java 类文件"),
    (b"#!", "脚本（以 #! 开头）"),
    (b"dex\n", "Android 程序（DEX）"),
    (b"\x00asm", "WebAssembly 程序"),
)
# Zip members that make an archive a program (Android APK, Java JAR) or a macro carrier.
_ZIP_PROGRAM_MEMBERS = ("AndroidManifest.xml", "classes.dex", "META-INF/MANIFEST.MF")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Root-entry CLSIDs of Windows Installer packages (.msi, .msp, .mst) — OLE files that install programs.
_OLE_INSTALLER_CLSIDS = frozenset(
    bytes.fromhex(h)
    for h in (
        "84100c0000000000c000000000000046",  # {000C1084-0000-0000-C000-000000000046} msi
        "86100c0000000000c000000000000046",  # {000C1086-…} msp
        "82100c0000000000c000000000000046",  # {000C1082-…} mst
    )
)

# How sniffed contents are named in messages.
_SNIFFED_LABELS = {
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "image/apng": "PNG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
    "image/bmp": "BMP 图片",
    "image/tiff": "TIFF 图片",
    "heic": "HEIC 图片",
    _AV: "MP4/MOV 音视频",
    "video/x-msvideo": "AVI 视频",
    "audio/mpeg": "MP3 音频",
    "audio/x-wav": "WAV 音频",
    "audio/amr": "AMR 音频",
    "audio/aac": "AAC 音频",
    "application/pdf": "PDF 文档",
    "docx": "Word 文档（docx）",
    "xlsx": "Excel 表格（xlsx）",
    "pptx": "PowerPoint 演示文稿（pptx）",
    "ole": "Office 97-2003 文档",
    "ole-doc": "Word 97-2003 文档（doc）",
    "ole-xls": "Excel 97-2003 表格（xls）",
    "zip": "ZIP 压缩包",
    "text": "纯文本",
}


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def allowed_extensions() -> str:
    return "、".join(ALLOWED)


# --- checking a file --------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    name: str
    extension: str
    content_type: str


def _refuse(name: str, reason: str, code: str) -> ValidationError:
    return ValidationError(
        _("文件“%(name)s”不能上传：%(reason)s") % {"name": name, "reason": reason}, code=code
    )


def _as_file(file) -> File:
    if isinstance(file, File):
        return file
    return File(file, name=getattr(file, "name", None))


def _head(file: File) -> bytes:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 covers GBK, what Chinese Excel saves CSV in
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _ole_root_clsid(head: bytes) -> bytes | None:
    """The CLSID of a compound file's root directory entry, if it lies in the first bytes."""
    if len(head) < 0x50:
        return None
    sector_size = 1 << int.from_bytes(head[0x1E:0x20], "little")
    first_dir_sector = int.from_bytes(head[0x30:0x34], "little")
    root = (first_dir_sector + 1) * sector_size
    if sector_size not in (512, 4096) or root + 0x60 > len(head):
        return None
    return head[root + 0x50 : root + 0x60]


def _zip_members(file: File) -> list[str] | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def _sniff(name: str, file: File, head: bytes) -> str | None:
    """What the content is: a MIME type from filetype, or one of our family tokens."""
    for magic, label in _EXECUTABLE_MAGIC:
        if head.startswith(magic):
            raise _refuse(name, _("文件内容是%(what)s，不允许上传") % {"what": label}, "executable")
    if head.startswith(_OLE_MAGIC):
        if _ole_root_clsid(head) in _OLE_INSTALLER_CLSIDS:
            raise _refuse(name, _("文件内容是 Windows 安装程序（MSI），不允许上传"), "executable")
        guessed = filetype.guess_mime(head)
        return {"application/msword": "ole-doc", "application/vnd.ms-excel": "ole-xls"}.get(guessed, "ole")
    if head.startswith(b"PK\x03\x04"):
        members = _zip_members(file)
        if members is None:
            return "zip"
        if any(m in _ZIP_PROGRAM_MEMBERS or m.endswith((".class", ".dex")) for m in members):
            raise _refuse(name, _("压缩包中含有可执行程序（APK/JAR），不允许上传"), "executable")
        if any(m.lower().endswith("vbaproject.bin") for m in members):
            raise _refuse(name, _("文档含有宏代码，请另存为不含宏的文档后上传"), "macro")
        if "[Content_Types].xml" in members:
            if "word/document.xml" in members:
                return "docx"
            if "xl/workbook.xml" in members:
                return "xlsx"
            if "ppt/presentation.xml" in members:
                return "pptx"
        return "zip"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        guessed = filetype.guess_mime(head)
        if guessed in ("image/heic", "image/avif") or brand in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
            return "heic"
        return _AV
    guessed = filetype.guess_mime(head)
    if guessed:
        return guessed
    return "text" if head and _is_text(head) else None


def check(file) -> Checked:
    """Refuse a file that is too large, empty, a program, of a type not allowed, or whose content
    does not match its extension; return its canonical content type otherwise."""
    file = _as_file(file)
    name = PurePath(file.name or "").name
    if not name:
        raise ValidationError(_("文件没有文件名，无法判断类型。"), code="no_name")
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension in EXECUTABLE_EXTENSIONS:
        raise _refuse(name, _("可执行程序或脚本（.%(ext)s）不允许上传") % {"ext": extension}, "executable")
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        raise _too_large(name)
    head = _head(file)
    if not head:
        raise _refuse(name, _("文件是空的"), "empty")
    sniffed = _sniff(name, file, head)
    kind = ALLOWED.get(extension)
    if kind is None:
        reason = _("不支持此类型（%(ext)s）。可上传：%(allowed)s") % {
            "ext": f".{extension}" if extension else _("无扩展名"),
            "allowed": allowed_extensions(),
        }
        raise _refuse(name, reason, "type")
    if sniffed not in kind.sniffed:
        what = _SNIFFED_LABELS.get(sniffed) if sniffed else _("无法识别的内容")
        if what is None:
            what = _("%(ext)s 格式") % {"ext": (filetype.get_type(mime=sniffed).extension or sniffed).upper()}
        raise _refuse(
            name,
            _("文件内容为%(what)s，与扩展名 .%(ext)s 不符") % {"what": what, "ext": extension},
            "mismatch",
        )
    return Checked(name=name, extension=extension, content_type=kind.content_type)


def _too_large(name: str) -> ValidationError:
    return _refuse(name, _("超过大小上限（%(mb)s MB）") % {"mb": settings.ATTACHMENT_MAX_MB}, "too_large")


# --- storing ----------------------------------------------------------------------------------


def storage_name_for(digest: str, algorithm: str) -> str:
    """Content-addressed: the same bytes always land under the same name, stored once."""
    return f"{STORAGE_PREFIX}/{algorithm}/{digest[:2]}/{digest[2:4]}/{digest}"


def hash_file(file, algorithm: str, *, limit: int | None = None, name: str = "") -> tuple[str, int]:
    """(digest, size) of a file read in chunks; refuses past `limit` bytes."""
    hasher = new_hasher(algorithm)
    size = 0
    chunks = file.chunks(CHUNK_SIZE) if hasattr(file, "chunks") else iter(lambda: file.read(CHUNK_SIZE), b"")
    for chunk in chunks:
        size += len(chunk)
        if limit is not None and size > limit:
            raise _too_large(name)
        hasher.update(chunk)
    return hasher.hexdigest(), size


def attach(file, *, owner, user, caption: str = "", permission: str = "") -> Attachment:
    """Check, hash and store `file` and attach it to `owner` (any RegionScoped record).

    Raises ValidationError (Chinese, naming the file) and stores nothing when the file is
    refused; PermissionDenied when `user` cannot see the owner or, given a `permission` (the
    API's upload passes its viewset's write permission), cannot change the owner with it.
    """
    file = _as_file(file)
    checked = check(file)
    if getattr(owner, "region_id", None) is None or owner.pk is None:
        raise ValueError("an attachment's owner must be a saved RegionScoped record")
    if user is not None and hasattr(owner, "is_visible_to"):
        allowed = owner.is_writable_by(user, permission) if permission else owner.is_visible_to(user)
        if not allowed:
            raise PermissionDenied(_("您无权为此记录上传附件。"))
    from fazhi.core import frozen

    frozen.check(owner)  # no file is added to a closed record
    algorithm = settings.LEDGER_HASH
    file.seek(0)
    digest, size = hash_file(file, algorithm, limit=max_bytes(), name=checked.name)
    storage_name = storage_name_for(digest, algorithm)
    if not default_storage.exists(storage_name):
        file.seek(0)
        saved = default_storage.save(storage_name, file)
        if saved != storage_name:  # an identical upload stored it meanwhile: keep one copy
            default_storage.delete(saved)
    attachment = Attachment(
        region_id=owner.region_id,
        digest=digest,
        algorithm=algorithm,
        storage_name=storage_name,
        size=size,
        content_type=checked.content_type,
        original_name=checked.name[:255],
        caption=caption[:200],
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=str(owner.pk),
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    with acting_as(user, current_actor()[1]), transaction.atomic():
        attachment.save()  # the ledger's "create" entry carries the digest (Attachment.ledger_digests)
    return attachment


def for_owner(owner, user):
    """The attachments of `owner` that `user` may see."""
    return Attachment.objects.visible_to(user).filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=str(owner.pk)
    )


def for_owners(owners, user) -> dict[str, list[Attachment]]:
    """The attachments `user` may see of each of `owners` (records of one model), in one query,
    keyed by the owner's pk as a string: a page of records without one query per record."""
    owners = list(owners)
    found: dict[str, list[Attachment]] = {}
    if owners:
        for attachment in Attachment.objects.visible_to(user).filter(
            owner_type=ContentType.objects.get_for_model(owners[0]), owner_id__in=[str(o.pk) for o in owners]
        ):
            found.setdefault(attachment.owner_id, []).append(attachment)
    return found


# Shown in the browser (photos, video, audio, PDF, text); anything else is downloaded.
INLINE_PREFIXES = ("image/", "video/", "audio/", "application/pdf", "text/plain")


def serve(attachment: Attachment, *, download: bool = False) -> FileResponse:
    """The stored file of `attachment` as a response: shown inline when a browser can show it
    (unless `download`), sandboxed so that uploaded content never runs as part of the site.
    Raises Http404 when the stored file is missing. The caller has found `attachment` through
    `Attachment.objects.visible_to(user)`."""
    try:
        handle = default_storage.open(attachment.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("附件的存储文件缺失，请联系审计管理员校验附件。")) from exc
    inline = attachment.content_type.startswith(INLINE_PREFIXES) and not download
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not inline,
        filename=attachment.original_name,
    )
    response["Content-Security-Policy"] = "sandbox"
    response["ETag"] = f'"{attachment.digest}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- verifying stored files -------------------------------------------------------------------


@dataclass
class FileProblem:
    storage_name: str
    reason: str
    attachments: list[tuple[int, str]] = field(default_factory=list)  # (id, original name)

    def __str__(self) -> str:
        named = "、".join(f"#{pk}“{name}”" for pk, name in self.attachments)
        return _("附件 %(named)s（存储名 %(storage)s）：%(reason)s") % {
            "named": named,
            "storage": self.storage_name,
            "reason": self.reason,
        }


@dataclass
class FilesResult:
    checked: int
    problems: list[FileProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            return _("附件校验通过：%(n)s 个存储文件与记录的摘要一致。") % {"n": self.checked}
        return _("附件校验失败：%(bad)s 处不符（共校验 %(n)s 个存储文件）。") % {
            "bad": len(self.problems),
            "n": self.checked,
        }


def verify_files() -> FilesResult:
    """Re-hash every stored file against its recorded digest, and check that the ledger vouches
    for each attachment's digest (a row edited to match a changed file shows there)."""
    vouched: dict[str, set[str]] = defaultdict(set)
    entries = LedgerEntry.objects.filter(object_type=Attachment._meta.label_lower)
    for object_id, digests in entries.values_list("object_id", "digests").iterator():
        vouched[object_id].update(digests or ())
    groups: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    rows = Attachment.objects.order_by("pk").values_list(
        "pk", "original_name", "storage_name", "digest", "algorithm"
    )
    problems = []
    for pk, name, storage_name, digest, algorithm in rows.iterator():
        groups[(storage_name, digest, algorithm)].append((pk, name))
        if digest not in vouched.get(str(pk), ()):
            problems.append(
                FileProblem(storage_name, _("记录的摘要未见于台账（附件记录被改动）"), [(pk, name)])
            )
    for (storage_name, digest, algorithm), attachments in groups.items():
        try:
            with default_storage.open(storage_name, "rb") as fh:
                actual, _size = hash_file(File(fh), algorithm)
        except (FileNotFoundError, OSError):
            problems.append(FileProblem(storage_name, _("存储文件缺失"), attachments))
            continue
        if actual != digest:
            problems.append(
                FileProblem(storage_name, _("文件内容与记录的摘要不符（文件被改动或损坏）"), attachments)
            )
    return FilesResult(checked=len(groups), problems=problems)


# --- the upload field -------------------------------------------------------------------------

# Phones offer the camera, the video camera and the sound recorder for these.
ACCEPT_MEDIA = "image/*,video/*,audio/*"
ACCEPT_ALL = ACCEPT_MEDIA + ",.pdf,.doc,.docx,.xls,.xlsx,.txt,.csv"


_help_text = lazy(
    lambda: (
        _("可直接拍照、录像、录音或选择文件；单个文件不超过 %(mb)s MB。") % {"mb": settings.ATTACHMENT_MAX_MB}
    ),
    str,
)


class AttachmentInput(forms.FileInput):
    """A file input phones understand: `accept` lists media types (camera, recorder);
    `capture="environment"` opens the rear camera directly; `multiple` picks several files."""

    def __init__(self, attrs=None, *, accept: str = ACCEPT_MEDIA, capture: str | None = None, multiple=False):
        self.allow_multiple_selected = multiple
        attrs = {"accept": accept, **(attrs or {})}
        if capture:
            attrs["capture"] = capture
        super().__init__(attrs)


class AttachmentField(forms.FileField):
    """A form field for evidence files: runs `check()` so a refused file is reported against
    the field; with `multiple=True` its cleaned value is a list of files. Store the cleaned
    files with `attach()` once the form is valid."""

    def __init__(
        self, *, multiple: bool = False, accept: str = ACCEPT_MEDIA, capture: str | None = None, **kw
    ):
        self.multiple = multiple
        kw.setdefault("widget", AttachmentInput(accept=accept, capture=capture, multiple=multiple))
        kw.setdefault("label", gettext_lazy("附件"))
        kw.setdefault("help_text", _help_text())
        super().__init__(**kw)

    def _check(self, file):
        if file:
            check(file)
        return file

    def clean(self, data, initial=None):
        if not self.multiple:
            return self._check(super().clean(data, initial))
        files = list(data) if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not files:
            super().clean(None, initial)  # "required" when nothing was chosen
            return []
        return [self._check(super(AttachmentField, self).clean(f, initial)) for f in files]


def content_file(data: bytes, name: str) -> File:
    """A named in-memory file (imports, generated documents, tests)."""
    return File(io.BytesIO(data), name=name)
