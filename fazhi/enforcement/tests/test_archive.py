"""A case's full record as one archive (documents + evidence + ledger extract with digests),
re-verified offline: 行政处罚法 第四十七条 (全过程记录, archived) and the issue's archive."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from fazhi.core import ledger
from fazhi.core.attachments import attach, content_file
from fazhi.core.models import LedgerEntry
from fazhi.enforcement.archive import LEDGER, MANIFEST, build_archive, verify_archive
from fazhi.enforcement.models import Evidence
from fazhi.enforcement.tests.conftest import TO_ARCHIVE

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x11" * 300 + b"\xff\xd9"
OTHER_JPEG = JPEG.replace(b"\x11", b"\x22")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archived_case(media, make_case, walk, users):
    """A case taken from filing to archive, with a scene photo and a written statement."""
    case = walk(make_case(), "file", "investigate")
    photo = Evidence.objects.create(
        case=case,
        kind=Evidence.Kind.SCENE_RECORD,
        description="河道现场采砂照片",
        collected_by=users.officer,
        collected_at=timezone.now(),
        place="歇马村河段",
    )
    attach(content_file(JPEG, "现场照片.jpg"), owner=photo, user=users.officer)
    statement = Evidence.objects.create(
        case=case,
        kind=Evidence.Kind.PARTY_STATEMENT,
        description="询问笔录",
        collected_by=users.officer,
        collected_at=timezone.now(),
    )
    attach(content_file(PDF, "询问笔录.pdf"), owner=statement, user=users.officer)
    walk(case, *TO_ARCHIVE[2:])
    return case


def _rewrite(data: bytes, change) -> bytes:
    """The archive with `change(members)` applied to its {name: bytes}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _fix_manifest(members: dict, name: str) -> None:
    """What a careful forger does: make the manifest agree with a changed member."""
    manifest = json.loads(members[MANIFEST])
    for member in manifest["members"]:
        if member["name"] == name:
            member["digest"] = ledger.digest(members[name], manifest["algorithm"])
            member["size"] = len(members[name])
    members[MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()


def _evidence_member(data: bytes, original_name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    return next(f["member"] for f in manifest["evidence_files"] if f["original_name"] == original_name)


def test_it_exports_the_full_record_of_a_case_as_one_archive_that_verifies(archived_case, users):
    # given an archived case with two evidence files
    case = archived_case
    # when the officer exports it
    data = build_archive(case, users.officer)
    # then the archive holds the documents, the evidence as stored, the ledger and the manifest
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    manifest = json.loads(archive.read(MANIFEST))
    assert manifest["case"]["number"] == case.number == "石鼓执罚〔2021〕1号"
    assert manifest["exporter"]["username"] == "officer"
    assert {d["key"] for d in manifest["documents"]} == {"filing", "notice", "decision", "service", "closing"}
    # no hearing was held, the fine was paid (no 催告书), no evidence preserved
    assert [d["key"] for d in manifest["documents_not_applicable"]] == ["hearing", "reminder", "preservation"]
    assert "听证" in manifest["documents_not_applicable"][0]["reason"]
    decision = next(n for n in names if n.startswith("documents/") and "行政处罚决定书" in n)
    assert case.number in "".join(
        p.text for p in docx.Document(io.BytesIO(archive.read(decision))).paragraphs
    )
    photo = _evidence_member(data, "现场照片.jpg")
    assert photo.startswith("evidence/scene_record/") and archive.read(photo) == JPEG
    assert archive.read(_evidence_member(data, "询问笔录.pdf")) == PDF
    assert "README.txt" in names and "校验" in archive.read("README.txt").decode()
    # every member is in the manifest with its digest and size
    listed = {m["name"]: m for m in manifest["members"]}
    assert set(listed) == set(names) - {MANIFEST}
    assert listed[photo]["digest"] == ledger.digest(JPEG)
    # the ledger extract covers the case, its officers, evidence, files and deadlines
    lines = [json.loads(line) for line in archive.read(LEDGER).decode().splitlines()]
    types = {line["object_type"] for line in lines}
    assert {
        "enforcement.case",
        "enforcement.caseofficer",
        "enforcement.evidence",
        "core.attachment",
        "core.deadline",
        "enforcement.party",
    } <= types
    assert any(line["action"] == "transition:archive" for line in lines)
    # and the archive verifies
    check = verify_archive(data)
    assert check.ok, check.problems
    assert check.evidence_files == 2
    assert "案卷校验通过" in check.lines()[0]


def test_the_export_is_entered_in_the_ledger_with_the_archive_digest(archived_case, users):
    # when
    data = build_archive(archived_case, users.officer)
    # then
    entry = LedgerEntry.objects.filter(action="enforcement.archive").get()
    assert entry.object_id == str(archived_case.pk)
    assert entry.actor_id == users.officer.pk
    assert entry.digests == [ledger.digest(data)]
    assert ledger.verify().ok


def test_it_verifies_an_archive_offline_without_the_database(
    archived_case, users, tmp_path, django_assert_num_queries
):
    # given an archive saved to a file
    path = tmp_path / "案卷.zip"
    path.write_bytes(build_archive(archived_case, users.officer))
    out = io.StringIO()
    # when it is verified by the command
    with django_assert_num_queries(0):
        call_command("archive", "verify", str(path), stdout=out)
    # then
    assert "案卷校验通过" in out.getvalue()


def test_it_names_a_member_changed_by_one_byte(archived_case, users, tmp_path):
    # given an archive in which one byte of the decision was changed
    data = build_archive(archived_case, users.officer)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        decision = next(n for n in archive.namelist() if "行政处罚决定书" in n)

    def flip(members):
        content = bytearray(members[decision])
        content[100] ^= 0x01
        members[decision] = bytes(content)

    path = tmp_path / "改动.zip"
    path.write_bytes(_rewrite(data, flip))
    out = io.StringIO()
    # when
    with pytest.raises(CommandError) as refused:
        call_command("archive", "verify", str(path), stdout=out)
    # then the command fails (exit 1) and names the file
    assert refused.value.returncode == 1
    assert f"文件“{decision}”的摘要与清单不符" in out.getvalue()


def test_it_names_a_ledger_entry_whose_data_was_edited(archived_case, users):
    # given an archive whose ledger line of the decision says another fine, the manifest made to agree
    data = build_archive(archived_case, users.officer)
    edited = {}

    def edit(members):
        lines = members[LEDGER].decode().splitlines()
        for i, line in enumerate(lines):
            entry = json.loads(line)
            if entry["action"] == "transition:decide":
                entry["data"]["input"]["decided_fine"] = "50.00"
                edited.update(entry)
                lines[i] = json.dumps(entry, ensure_ascii=False)
        members[LEDGER] = ("\n".join(lines) + "\n").encode()
        _fix_manifest(members, LEDGER)

    # when
    check = verify_archive(_rewrite(data, edit))
    # then the entry is named
    assert not check.ok
    assert check.problems == [
        f"台账记录 #{edited['id']}（transition:decide，enforcement.case:{archived_case.pk}）的内容与其摘要不符（记录被篡改）"
    ]


def test_it_names_a_replaced_evidence_file(archived_case, users):
    # given an archive whose scene photo was replaced
    data = build_archive(archived_case, users.officer)
    photo = _evidence_member(data, "现场照片.jpg")

    def replace(members):
        members[photo] = OTHER_JPEG

    def replace_and_cover(members):
        replace(members)
        _fix_manifest(members, photo)

    # when it is replaced as is, the manifest catches it
    plain = verify_archive(_rewrite(data, replace))
    assert any(f"文件“{photo}”的摘要与清单不符" in p for p in plain.problems)
    # when the manifest is made to agree, the digest the ledger vouches for still catches it
    covered = verify_archive(_rewrite(data, replace_and_cover))
    assert len(covered.problems) == 1
    assert f"证据文件“{photo}”" in covered.problems[0]
    assert "与台账记录的附件摘要不符" in covered.problems[0]


def test_it_names_an_added_or_missing_member(archived_case, users):
    data = build_archive(archived_case, users.officer)

    def tamper(members):
        del members["README.txt"]
        members["evidence/scene_record/补充.jpg"] = JPEG

    check = verify_archive(_rewrite(data, tamper))
    assert "清单中的文件“README.txt”在压缩包中缺失" in check.problems
    assert "压缩包中的文件“evidence/scene_record/补充.jpg”不在清单中（文件被添加）" in check.problems


def test_a_reader_without_the_pii_permission_gets_no_party_entries(archived_case, users):
    # given the county supervisor, who may read cases but not full identity numbers
    data = build_archive(archived_case, users.county)
    # then the party's entries are left out, and said so; the rest verifies
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        lines = archive.read(LEDGER).decode()
    assert manifest["ledger"]["party_included"] is False
    assert manifest["ledger"]["omitted"]
    assert '"object_type":"enforcement.party"' not in lines
    assert archived_case.party.id_number not in lines
    assert verify_archive(data).ok


def test_the_case_page_offers_the_archive(archived_case, users, login):
    page = login(users.officer).get(reverse("enforcement:case_detail", args=[archived_case.pk]))
    assert reverse("enforcement:case_archive", args=[archived_case.pk]) in page.content.decode()
    assert "导出案卷" in page.content.decode()


def test_the_officer_downloads_the_archive(archived_case, users, login):
    # when the officer asks for the archive of the case
    client = login(users.officer)
    response = client.get(reverse("enforcement:case_archive", args=[archived_case.pk]))
    # then a zip named after the case comes back, and it verifies
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert verify_archive(data).ok
    assert LedgerEntry.objects.filter(action="enforcement.archive", digests=[ledger.digest(data)]).exists()


def test_an_officer_of_another_town_gets_404(archived_case, users, login):
    # when
    response = login(users.other_officer).get(reverse("enforcement:case_archive", args=[archived_case.pk]))
    # then nothing is exported
    assert response.status_code == 404
    assert not LedgerEntry.objects.filter(action="enforcement.archive").exists()


def test_a_user_without_case_permission_is_refused(archived_case, users, login):
    response = login(users.petition).get(reverse("enforcement:case_archive", args=[archived_case.pk]))
    assert response.status_code == 403
