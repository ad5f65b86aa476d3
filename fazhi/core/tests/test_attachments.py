"""Attachments: type sniffing and refusals, the size limit, content-addressed storage, the digest
in the ledger, scoped downloads, the upload field, and `ledger verify --files`."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from io import StringIO

import docx
import openpyxl
import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from fazhi.core import ledger
from fazhi.core.attachments import AttachmentField, attach, content_file, for_owner
from fazhi.core.models import Attachment, Deadline, LedgerEntry, Region

# --- sample files -------------------------------------------------------------------------------


def png(rgb: bytes = b"\xff\x00\x00") -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + rgb))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
MP4 = (
    struct.pack(">I", 24)
    + b"ftypisom"
    + struct.pack(">I", 0x200)
    + b"isommp41"
    + b"\x00\x00\x00\x08free" * 20
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00" + b"\x00" * 100


def word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("询问笔录")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "金额"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zipped_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("说明.txt", "材料".encode())
    return buffer.getvalue()


def android_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00")
        archive.writestr("classes.dex", b"dex\n035\x00")
    return buffer.getvalue()


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def owner(regions):
    """A record in 歇马村第1网格 (any RegionScoped record can own attachments)."""
    today = timezone.localdate()
    return Deadline.objects.create(
        region=regions.grid_a,
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(regions.grid_a.pk),
        object_repr="歇马村第1网格 核查",
        code="test.check",
        label="现场核查",
        rule="测试",
        starts_on=today,
        days=5,
        due_on=today,
    )


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "what"), [(ELF, "ELF"), (MZ, "PE/MZ")])
def test_it_refuses_a_program_renamed_as_a_photo(media, owner, users, content, what):
    # when
    with pytest.raises(ValidationError) as excinfo:
        attach(content_file(content, "现场照片.jpg"), owner=owner, user=users.grid_a)
    # then the message names the file and says why; nothing is stored
    message = excinfo.value.messages[0]
    assert "现场照片.jpg" in message and "可执行程序" in message and what in message
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_it_refuses_a_photo_named_as_a_pdf(media, owner, users):
    with pytest.raises(ValidationError) as excinfo:
        attach(content_file(png(), "处罚决定书.pdf"), owner=owner, user=users.grid_a)
    assert excinfo.value.messages == ["文件“处罚决定书.pdf”不能上传：文件内容为PNG 图片，与扩展名 .pdf 不符"]
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("安装包.apk", android_package(), "可执行程序或脚本（.apk）"),
        ("清理.sh", b"rm -rf /\n", "可执行程序或脚本（.sh）"),
        ("说明.txt", b"#!/bin/sh\nrm -rf /\n", "脚本（以 #! 开头）"),
        ("笔录.docx", android_package(), "压缩包中含有可执行程序"),
        ("资料.zip", zipped_text(), "不支持此类型（.zip）"),
        ("照片.jpg", b"", "文件是空的"),
        ("笔录.docx", zipped_text(), "文件内容为ZIP 压缩包，与扩展名 .docx 不符"),
        ("报表.xlsx", word_document(), "文件内容为Word 文档（docx），与扩展名 .xlsx 不符"),
    ],
)
def test_it_refuses_programs_and_unsupported_files(media, owner, users, name, content, reason):
    with pytest.raises(ValidationError) as excinfo:
        attach(content_file(content, name), owner=owner, user=users.grid_a)
    assert name in excinfo.value.messages[0] and reason in excinfo.value.messages[0]


def test_it_refuses_a_file_over_the_size_limit(media, owner, users, settings):
    # given a limit of 1 MB
    settings.ATTACHMENT_MAX_MB = 1
    # when a text file just over it is attached
    with pytest.raises(ValidationError) as excinfo:
        attach(content_file(b"a" * (1024 * 1024 + 1), "记录.txt"), owner=owner, user=users.grid_a)
    # then
    assert "超过大小上限（1 MB）" in excinfo.value.messages[0]
    assert stored_files(media) == []


# --- accepted evidence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("现场照片.PNG", png(), "image/png"),
        ("照片.jpg", JPEG, "image/jpeg"),
        ("执法记录仪.mp4", MP4, "video/mp4"),
        ("录像.mov", MP4, "video/quicktime"),
        ("处罚决定书.pdf", PDF, "application/pdf"),
        (
            "询问笔录.docx",
            word_document(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("罚没台账.xlsx", workbook(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("名单.csv", "姓名,电话\n张三,13812345678\n".encode("gb18030"), "text/csv; charset=utf-8"),
    ],
)
def test_it_accepts_common_evidence(media, owner, users, name, content, content_type):
    # when
    attachment = attach(content_file(content, name), owner=owner, user=users.grid_a, caption="现场")
    # then it is kept in the owner's region with its sniffed type, size and digest
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert attachment.region == owner.region
    assert attachment.original_name == name
    assert attachment.digest == ledger.digest(content)
    assert (media / attachment.storage_name).read_bytes() == content


def test_it_stores_the_same_content_once(media, owner, users, regions):
    # given the same photo attached twice, under two names, to two records
    other = Deadline.objects.create(
        region=regions.grid_b,
        content_type=owner.content_type,
        object_id="2",
        object_repr="第2网格",
        code="t",
        label="t",
        rule="t",
        starts_on=owner.starts_on,
        days=1,
        due_on=owner.due_on,
    )
    first = attach(content_file(png(), "a.png"), owner=owner, user=users.grid_a)
    second = attach(content_file(png(), "b.png"), owner=other, user=users.grid_b)
    # then two attachments share one stored file, named by its digest
    assert first.pk != second.pk
    assert first.storage_name == second.storage_name
    assert first.digest in first.storage_name
    assert len(stored_files(media)) == 1


def test_it_writes_the_digest_into_the_ledger(media, owner, users):
    # when
    attachment = attach(content_file(png(), "photo.png"), owner=owner, user=users.grid_a)
    # then one ledger entry records the attachment, vouches for its digest and names the uploader
    entries = LedgerEntry.objects.filter(object_type="core.attachment", object_id=str(attachment.pk))
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == "create"
    assert entry.digests == [ledger.digest(png())]
    assert entry.actor_name == "grid_a"
    assert ledger.verify().ok


def test_it_hashes_with_sha256_when_selected(media, owner, users, settings):
    settings.LEDGER_HASH = "sha256"
    attachment = attach(content_file(png(), "photo.png"), owner=owner, user=users.grid_a)
    assert attachment.algorithm == "sha256"
    assert attachment.digest == ledger.digest(png(), "sha256")
    assert "/sha256/" in attachment.storage_name


def test_it_refuses_to_attach_to_a_record_the_user_cannot_see(media, owner, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        attach(content_file(png(), "photo.png"), owner=owner, user=users.other_officer)
    assert not Attachment.objects.exists()


# --- downloads ----------------------------------------------------------------------------------


def test_it_serves_the_file_to_those_who_see_its_record_only(media, owner, users, login):
    attachment = attach(content_file(png(), "现场照片.png"), owner=owner, user=users.grid_a)
    url = reverse("core:attachment", args=[attachment.pk])
    # when the grid worker of that grid opens it
    response = login(users.grid_a).get(url)
    # then the photo comes back as a photo
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()
    assert response["Content-Security-Policy"] == "sandbox"
    # and the town's officer sees it too, through the town's scope
    assert login(users.officer).get(url).status_code == 200
    # but not the other grid's worker, another town's officer, or the auditor
    for outsider in (users.grid_b, users.other_officer, users.auditor):
        assert login(outsider).get(url).status_code == 404
    assert list(for_owner(owner, users.grid_b)) == []
    assert list(for_owner(owner, users.grid_a)) == [attachment]


def test_it_offers_a_download_with_the_original_name(media, owner, users, login):
    attachment = attach(content_file(PDF, "处罚决定书.pdf"), owner=owner, user=users.grid_a)
    response = login(users.grid_a).get(reverse("core:attachment", args=[attachment.pk]) + "?download=1")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "%E5%A4%84%E7%BD%9A" in response["Content-Disposition"]  # 处罚, UTF-8 encoded


# --- verification of stored files ---------------------------------------------------------------


def test_it_finds_a_stored_file_changed_on_disk(media, owner, users):
    # given an attachment whose stored file someone replaced afterwards
    attachment = attach(content_file(png(), "现场照片.png"), owner=owner, user=users.grid_a)
    out = StringIO()
    call_command("ledger", "verify", "--files", stdout=out)
    assert "附件校验通过" in out.getvalue()
    (media / attachment.storage_name).write_bytes(png(b"\x00\xff\x00"))
    # when
    with pytest.raises(CommandError) as excinfo:
        call_command("ledger", "verify", "--files", stdout=(out := StringIO()))
    # then the attachment is named, and the verification itself is in the ledger
    assert excinfo.value.returncode == 1
    assert f"#{attachment.pk}“现场照片.png”" in out.getvalue()
    assert "文件内容与记录的摘要不符" in out.getvalue()
    run = LedgerEntry.objects.filter(action="ledger.verify").order_by("-id").first()
    assert run.data["ok"] is False and run.data["file_problems"]


def test_it_finds_a_stored_file_missing(media, owner, users):
    attachment = attach(content_file(png(), "现场照片.png"), owner=owner, user=users.grid_a)
    (media / attachment.storage_name).unlink()
    with pytest.raises(CommandError):
        call_command("ledger", "verify", "--files", stdout=(out := StringIO()))
    assert "存储文件缺失" in out.getvalue()


# --- the upload field ---------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    evidence = AttachmentField(label="现场证据")


class EvidenceBatchForm(forms.Form):
    evidence = AttachmentField(label="现场证据", multiple=True, capture="environment")


def test_it_reports_a_refused_file_against_the_form_field(media):
    # when a program renamed as a photo is uploaded through a form
    form = EvidenceForm(files={"evidence": SimpleUploadedFile("现场照片.jpg", ELF)})
    # then the form names the field and the reason
    assert not form.is_valid()
    assert "现场照片.jpg" in form.errors["evidence"][0] and "可执行程序" in form.errors["evidence"][0]
    # and a good photo passes
    assert EvidenceForm(files={"evidence": SimpleUploadedFile("现场照片.png", png())}).is_valid()


def test_it_renders_an_input_phones_open_the_camera_with():
    html = str(EvidenceBatchForm()["evidence"])
    assert 'accept="image/*,video/*,audio/*"' in html
    assert 'capture="environment"' in html and "multiple" in html
    assert "MB" in str(EvidenceForm()["evidence"].help_text)


def test_it_takes_several_files_from_one_field(media, owner, users):
    from django.utils.datastructures import MultiValueDict

    files = MultiValueDict(
        {"evidence": [SimpleUploadedFile("1.png", png()), SimpleUploadedFile("2.jpg", JPEG)]}
    )
    form = EvidenceBatchForm(files=files)
    assert form.is_valid(), form.errors
    stored = [attach(f, owner=owner, user=users.grid_a) for f in form.cleaned_data["evidence"]]
    assert [a.original_name for a in stored] == ["1.png", "2.jpg"]
