"""A record's dossier (fazhi.core.dossier): documents, attached files, a ledger extract and a
manifest of digests in one zip, verified offline. Tested on the sample app's Matter, apart from
any real app (the case archive, fazhi/enforcement/tests/test_archive.py, is declared on it)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from fazhi.core import dossier, ledger
from fazhi.core.attachments import attach, content_file
from fazhi.core.documents import OfficialDocument
from fazhi.core.models import LedgerEntry
from fazhi.testing.sample.models import Matter

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class NotYet(ValueError):
    pass


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def matter(media, regions, users):
    """A matter of 歇马村 with a signed scan attached and a few changes in the ledger."""
    matter = Matter.objects.create(region=regions.village_a, title="歇马村土地纠纷（初报）")
    matter.title = "歇马村土地纠纷"  # a change in the ledger (its state moves only through a workflow)
    matter.save()
    attach(content_file(PDF, "受理告知书（签收）.pdf"), owner=matter, user=users.governance)
    return matter


def _dossier(matter, user) -> dossier.Dossier:
    """What an app declares: the record as the user reads it, its documents, files and entries."""
    from fazhi.core.models import Attachment

    attachments = Attachment.objects.visible_to(user).filter(owner_id=str(matter.pk))

    def notice():
        doc = OfficialDocument(title="受理告知书", number="石鼓信受〔2021〕3号", authority="石鼓镇人民政府")
        doc.paragraph(f"你反映的{matter.title}一事，本机关决定受理。")
        return doc, "受理告知书.docx"

    def refused():
        raise NotYet("尚未答复")

    entries = LedgerEntry.objects.filter(
        Q(object_type="sample.matter", object_id=str(matter.pk))
        | Q(object_type="core.attachment", object_id__in=[str(a.pk) for a in attachments])
    ).order_by("id")
    return dossier.Dossier(
        record=matter,
        user=user,
        title="石鼓信受〔2021〕3号",
        summary={"id": matter.pk, "title": matter.title, "state": matter.state},
        documents=[
            dossier.Document("notice", "受理告知书", build=notice),
            dossier.Document("reply", "答复意见书", build=refused),
            dossier.Document("review", "复查意见书", reason="未申请复查"),
        ],
        document_errors=(NotYet,),
        file_groups=[
            dossier.FileGroup(
                key="signed_files",
                label="签收文书",
                files=[
                    dossier.File(a, f"signed/{a.pk}-{dossier.safe_name(a.original_name)}")
                    for a in attachments
                ],
            )
        ],
        ledger_entries=entries,
        contents=["  documents/ 文书", "  signed/ 签收文书扫描件"],
        action="sample.dossier",
    )


def _rewrite(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_it_writes_a_records_documents_files_and_ledger_into_one_verified_archive(matter, users):
    # when the governance office exports the matter's dossier
    buffer = io.BytesIO()
    info = dossier.write_dossier(_dossier(matter, users.governance), buffer)
    data = buffer.getvalue()
    # then the archive holds the document, the signed scan as stored, the ledger and the manifest
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read(dossier.MANIFEST))
    assert manifest["format"] == dossier.FORMAT
    assert manifest["record"] == {"id": matter.pk, "title": "歇马村土地纠纷", "state": "open"}
    assert [d["key"] for d in manifest["documents"]] == ["notice"]
    assert {d["key"]: d["reason"] for d in manifest["documents_not_applicable"]} == {
        "reply": "尚未答复",
        "review": "未申请复查",
    }
    (scan,) = manifest["signed_files"]
    assert archive.read(scan["member"]) == PDF and scan["original_name"] == "受理告知书（签收）.pdf"
    lines = [json.loads(line) for line in archive.read(dossier.LEDGER).decode().splitlines()]
    assert {line["object_type"] for line in lines} == {"sample.matter", "core.attachment"}
    assert "fazhi archive verify" in archive.read(dossier.README).decode()
    assert set(m["name"] for m in manifest["members"]) == set(archive.namelist()) - {dossier.MANIFEST}
    # the export is in the ledger with the archive's digest
    entry = LedgerEntry.objects.get(action="sample.dossier")
    assert entry.digests == [ledger.digest(data)] == [info.digest]
    assert entry.data["signed_files"] == 1 and entry.data["documents"] == ["notice"]
    # and it verifies
    check = dossier.verify_dossier(data)
    assert check.ok, check.problems
    assert check.files == 1 and check.entries == len(lines)
    assert check.lines()[0].startswith("案卷校验通过：石鼓信受〔2021〕3号")
    assert "1 个签收文书与台账记录的摘要一致" in check.lines()[0]


def test_it_verifies_without_the_database(matter, users, django_assert_num_queries):
    data = dossier.build_dossier(_dossier(matter, users.governance))
    with django_assert_num_queries(0):
        assert dossier.verify_dossier(io.BytesIO(data)).ok


def test_it_names_a_replaced_file_by_its_groups_label(matter, users):
    # given a dossier whose scan was replaced and the manifest made to agree
    data = dossier.build_dossier(_dossier(matter, users.governance))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = json.loads(archive.read(dossier.MANIFEST))["signed_files"][0]["member"]

    def replace(members):
        members[member] = PDF.replace(b"Catalog", b"Catalox")
        manifest = json.loads(members[dossier.MANIFEST])
        for item in manifest["members"]:
            if item["name"] == member:
                item["digest"] = ledger.digest(members[member], manifest["algorithm"])
        members[dossier.MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()

    # when
    check = dossier.verify_dossier(_rewrite(data, replace))
    # then the digest the ledger vouches for catches it
    assert len(check.problems) == 1
    assert check.problems[0].startswith(f"签收文书“{member}”")
    assert "与台账记录的附件摘要不符" in check.problems[0]


def test_it_names_an_edited_ledger_line_and_a_missing_manifest(matter, users):
    data = dossier.build_dossier(_dossier(matter, users.governance))

    def edit(members):
        lines = members[dossier.LEDGER].decode().splitlines()
        entry = json.loads(lines[0])
        entry["data"] = {"after": {"title": "别的事项"}}
        lines[0] = json.dumps(entry, ensure_ascii=False)
        members[dossier.LEDGER] = ("\n".join(lines) + "\n").encode()

    edited = dossier.verify_dossier(_rewrite(data, edit))
    assert any("的摘要与清单不符" in p for p in edited.problems)
    assert any("的内容与其摘要不符（记录被篡改）" in p for p in edited.problems)

    no_manifest = dossier.verify_dossier(_rewrite(data, lambda members: members.pop(dossier.MANIFEST)))
    assert not no_manifest.ok and "manifest.json" in no_manifest.problems[0]
    assert not dossier.verify_dossier(b"not a zip").ok


def test_a_user_who_cannot_read_the_record_gets_nothing(matter, users):
    # given an officer of another town
    with pytest.raises(PermissionDenied):
        dossier.build_dossier(_dossier(matter, users.other_officer))
    # then nothing was exported
    assert not LedgerEntry.objects.filter(action="sample.dossier").exists()
