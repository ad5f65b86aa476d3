"""`fazhi dossier verify FILE`: a real case archive (the case-archive step) verifies offline,
and a tampered copy fails with a Chinese line naming each problem and exit code 1; `fazhi
archive verify` is the same command with the case's words."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fazhi.core.attachments import attach, content_file
from fazhi.core.dossier import LEDGER, MANIFEST
from fazhi.enforcement.archive import build_archive
from fazhi.enforcement.models import Evidence
from fazhi.enforcement.tests.conftest import TO_ARCHIVE

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def archive_file(settings, tmp_path, make_case, walk, users) -> Path:
    """The archive of a case taken from filing to 归档 with a written statement, on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    case = walk(make_case(), "file", "investigate")
    statement = Evidence.objects.create(
        case=case,
        kind=Evidence.Kind.PARTY_STATEMENT,
        description="询问笔录",
        collected_by=users.officer,
        collected_at=timezone.now(),
    )
    attach(content_file(PDF, "询问笔录.pdf"), owner=statement, user=users.officer)
    walk(case, *TO_ARCHIVE[2:])
    path = tmp_path / "案卷.zip"
    path.write_bytes(build_archive(case, users.officer))
    return path


def verify(command: str, path: Path) -> tuple[int, str]:
    """(exit code, output) of `fazhi <command> verify PATH`."""
    out = io.StringIO()
    try:
        call_command(command, "verify", str(path), stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def tampered(path: Path, change) -> Path:
    """A copy of the archive with `change(members)` applied to its {name: bytes}."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    copy = path.with_name("改动的案卷.zip")
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return copy


def test_a_real_archive_verifies_offline(archive_file, django_assert_num_queries):
    # when the archive is verified with the generic command, without touching the database
    with django_assert_num_queries(0):
        code, output = verify("dossier", archive_file)

    # then it passes and says what it checked
    assert code == 0
    assert "案卷校验通过" in output and "台账记录摘要正确" in output and "校验通过。" in output


def test_a_changed_document_is_named(archive_file):
    # given a copy whose first document has one byte changed
    def flip(members):
        name = next(n for n in members if n.startswith("documents/"))
        members[name] = members[name][:-1] + bytes([members[name][-1] ^ 1])
        flip.name = name

    copy = tampered(archive_file, flip)

    # then the command fails naming that member
    code, output = verify("dossier", copy)
    assert code == 1
    assert "案卷校验失败" in output
    assert f"文件“{flip.name}”的摘要与清单不符（文件被改动）" in output


def test_a_missing_and_an_added_file_are_named(archive_file):
    # given a copy without its README and with a file slipped in
    def swap(members):
        del members["README.txt"]
        members["补充材料.txt"] = "事后补入".encode()

    code, output = verify("dossier", tampered(archive_file, swap))

    # then both are named
    assert code == 1
    assert "清单中的文件“README.txt”在压缩包中缺失" in output
    assert "压缩包中的文件“补充材料.txt”不在清单中（文件被添加）" in output


def test_an_edited_ledger_entry_is_named_even_when_the_manifest_is_fixed(archive_file):
    # given a forger who edits an entry of the ledger extract and fixes the manifest's digest
    from fazhi.core import ledger

    def edit(members):
        lines = members[LEDGER].decode().splitlines()
        entry = json.loads(lines[0])
        entry["object_repr"] = "另一个案件"
        lines[0] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        members[LEDGER] = ("\n".join(lines) + "\n").encode()
        manifest = json.loads(members[MANIFEST])
        for member in manifest["members"]:
            if member["name"] == LEDGER:
                member["digest"] = ledger.digest(members[LEDGER], manifest["algorithm"])
                member["size"] = len(members[LEDGER])
        members[MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()
        edit.entry_id = entry["id"]

    code, output = verify("dossier", tampered(archive_file, edit))

    # then the entry is named as tampered
    assert code == 1
    assert f"台账记录 #{edit.entry_id}" in output and "的内容与其摘要不符（记录被篡改）" in output


def test_a_replaced_evidence_file_is_named_by_the_case_command_too(archive_file):
    # given a copy whose evidence file is replaced (manifest fixed to match)
    from fazhi.core import ledger

    def replace(members):
        manifest = json.loads(members[MANIFEST])
        name = manifest["evidence_files"][0]["member"]
        members[name] = PDF.replace(b"Catalog", b"Catalox")
        for member in manifest["members"]:
            if member["name"] == name:
                member["digest"] = ledger.digest(members[name], manifest["algorithm"])
                member["size"] = len(members[name])
        members[MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()

    copy = tampered(archive_file, replace)

    # then both commands fail on it; the case command calls it an evidence file
    for command in ("dossier", "archive"):
        code, output = verify(command, copy)
        assert code == 1
        assert "的摘要与台账记录的附件摘要不符（文件被替换或改动）" in output
    assert "证据文件“" in verify("archive", copy)[1]


def test_a_file_that_is_not_an_archive_or_not_there(tmp_path):
    # given a text file, and a path with nothing at it
    text = tmp_path / "不是案卷.zip"
    text.write_text("hello")

    # then each is refused with a reason and exit code 1
    code, output = verify("dossier", text)
    assert code == 1 and "不是有效的 ZIP 压缩包" in output
    code, output = verify("dossier", tmp_path / "没有.zip")
    assert code == 1 and "无法读取案卷文件" in output
