"""`fazhi backup` and `fazhi restore`: a backup restores into an emptied database with the same
rows, files and an intact ledger; a changed archive, a database that holds records and an archive
from a newer version are refused before anything is written."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import tarfile
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.core import backup as backup_module
from fazhi.core import ledger
from fazhi.core.attachments import attach, content_file, storage_name_for
from fazhi.core.models import Attachment, LedgerEntry, Membership, Region, RegionKind, User
from fazhi.testing.sample.models import Person

# --- helpers ------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def records(users, regions, media):
    """Regions and users (conftest), a party with personal information, a record of questioning attached to it;
    the ledger records each of them."""
    person = Person.objects.create(region=regions.grid_a, name="张三", id_number="430321199001011234")
    record_file = attach(content_file(PDF, "询问笔录.pdf"), owner=person, user=users.grid_a)
    return person, record_file


def backup(path) -> dict:
    call_command("backup", str(path), stdout=StringIO())
    with tarfile.open(path) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def empty_database() -> None:
    """Flush every table; the ledger's append-only triggers are lifted for it and put back
    (the same SQL as migration 0010)."""
    migration = importlib.import_module("fazhi.core.migrations.0010_ledger_chains")
    migration.drop_triggers(connection)
    call_command("flush", interactive=False, verbosity=0)
    migration.install_triggers(connection)


def counts(manifest) -> dict[str, int]:
    return {label: apps.get_model(label)._base_manager.count() for label in manifest["counts"]}


def tampered(path, tmp_path, member: str):
    """A copy of the archive with one byte of `member` changed."""
    copy = tmp_path / "tampered.tar.gz"
    with tarfile.open(path) as src, tarfile.open(copy, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == member:
                data = data[:10] + bytes([data[10] ^ 1]) + data[11:]
            dst.addfile(info, io.BytesIO(data))
    return copy


# --- restoring ----------------------------------------------------------------------------------


def test_it_restores_a_backup_into_an_emptied_database(
    transactional_db, records, regions, users, media, tmp_path
):
    # given a backup of regions, users, a party with personal information and an attached file
    person, record_file = records
    archive = tmp_path / "fazhi.tar.gz"
    manifest = backup(archive)
    # (the backup itself is ledgered, after its snapshot)
    backup_entry = LedgerEntry.objects.last()
    assert backup_entry.action == "backup"
    assert LedgerEntry.objects.count() == manifest["ledger"]["entries"] + 1
    # and a database and a media folder emptied since
    empty_database()
    shutil.rmtree(media)
    assert not Region.objects.exists() and not LedgerEntry.objects.exists()

    # when the backup is restored
    out = StringIO()
    call_command("restore", str(archive), stdout=out)

    # then every table has its rows back (and the ledger one entry more: the restore's own)
    restored_counts = counts(manifest)
    assert restored_counts.pop("core.ledgerentry") == manifest["counts"].pop("core.ledgerentry") + 1
    assert restored_counts == manifest["counts"]
    assert Region.objects.get(code="430321108201001").path == regions.grid_a.path
    officer = User.objects.get(username="officer")
    assert officer.full_name == "王强" and officer.check_password("test-pass-2021!")
    assert [(m.role, m.region.code) for m in Membership.objects.filter(user=officer)] == [
        ("enforcement_officer", "430321108")
    ]
    assert Person.objects.get(pk=person.pk).id_number == "430321199001011234"
    # and the file is back in storage, byte for byte
    restored = Attachment.objects.get(pk=record_file.pk)
    assert (restored.owner_type.model, restored.owner_id, restored.digest) == (
        "person",
        str(person.pk),
        record_file.digest,
    )
    assert (media / storage_name_for(record_file.digest, record_file.algorithm)).read_bytes() == PDF
    # and the restored rows wrote no entries: one entry names the archive restored, after the
    # backup's chain, and the chain verifies
    assert LedgerEntry.objects.count() == manifest["ledger"]["entries"] + 1
    restore_entry = LedgerEntry.objects.last()
    assert (restore_entry.action, restore_entry.object_id) == ("restore", "fazhi.tar.gz")
    assert restore_entry.data["manifest_digest"] == backup_entry.data["manifest_digest"]
    assert ledger.verify().ok
    assert "台账校验通过" in out.getvalue() and "附件校验通过：1 个" in out.getvalue()
    # and the archive's manifest digest is shown, the one the source's ledger recorded for it
    assert backup_entry.data["manifest_digest"] in out.getvalue()
    # and new records get fresh ids after the restored ones
    town = Region(code="430321109", name="新镇", kind=RegionKind.TOWN, parent=regions.county)
    town.save()
    assert town.pk > max(Region.objects.exclude(pk=town.pk).values_list("pk", flat=True))
    assert ledger.verify().ok


def test_it_refuses_a_tampered_archive_naming_the_member_and_writes_nothing(
    transactional_db, records, media, tmp_path
):
    # given a backup whose regions member had one byte changed afterwards, and an emptied database
    archive = tmp_path / "fazhi.tar.gz"
    manifest = backup(archive)
    member = next(m["member"] for m in manifest["models"] if m["model"] == "core.region")
    bad = tampered(archive, tmp_path, member)
    empty_database()
    shutil.rmtree(media)

    # when it is restored
    with pytest.raises(CommandError) as excinfo:
        call_command("restore", str(bad), stdout=StringIO())

    # then it is refused naming the member, and nothing was written
    assert member in str(excinfo.value) and "摘要不符" in str(excinfo.value)
    assert all(n == 0 for n in counts(manifest).values())
    assert not media.exists()


def resigned(path, tmp_path, member: str, *, key: bytes | None = None):
    """A copy of the archive with one byte of `member` changed and its digest recomputed in the
    manifest — what someone with the archive but without the backup key can do — signed with
    `key` when one is given, else carrying the original signature."""
    copy = tmp_path / "resigned.tar.gz"
    with tarfile.open(path) as src:
        members = [(info, src.extractfile(info).read()) for info in src.getmembers()]
    manifest = json.loads(next(data for info, data in members if info.name == "manifest.json"))
    out = []
    for info, data in members:
        if info.name == member:
            data = data[:10] + bytes([data[10] ^ 1]) + data[11:]
            manifest["members"][member] = ledger.digest(data, manifest["algorithm"])
        out.append((info, data))
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    with tarfile.open(copy, "w:gz") as dst:
        for info, data in out:
            if info.name == "manifest.json":
                data = body
            elif info.name == "manifest.sig" and key is not None:
                data = backup_module.sign(body, manifest["algorithm"], key).encode()
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return copy


def test_it_refuses_an_edited_archive_whose_digests_were_recomputed(
    transactional_db, records, media, tmp_path
):
    # given a backup whose regions member was edited and its digest recomputed in the manifest
    archive = tmp_path / "fazhi.tar.gz"
    manifest = backup(archive)
    member = next(m["member"] for m in manifest["models"] if m["model"] == "core.region")
    for bad in (resigned(archive, tmp_path, member), resigned(archive, tmp_path, member, key=b"guessed")):
        # when it is checked for restoring
        with pytest.raises(CommandError) as excinfo:
            call_command("restore", str(bad), stdout=StringIO())
        # then it is refused: the manifest's signature does not match
        assert "签名不符" in str(excinfo.value)


def test_another_servers_key_does_not_sign_for_this_one(transactional_db, records, settings, tmp_path):
    # given a backup made by a server with another backup key
    settings.BACKUP_KEY = "县数据中心备份密钥"
    archive = tmp_path / "fazhi.tar.gz"
    backup(archive)
    # when this server (its own key) checks it, then it is refused; with the same key it passes
    settings.BACKUP_KEY = "另一台服务器"
    with pytest.raises(backup_module.BackupError, match="FAZHI_BACKUP_KEY"):
        backup_module.check(archive)
    settings.BACKUP_KEY = "县数据中心备份密钥"
    assert backup_module.check(archive)["format_version"] == backup_module.FORMAT_VERSION


@pytest.mark.parametrize("algorithm", ["sha256", "sm3"])
def test_the_signature_is_standard_hmac(algorithm):
    # HMAC-SHA-256 as Python's hmac computes it; HMAC-SM3 where OpenSSL has SM3
    import hashlib
    import hmac

    if algorithm not in hashlib.algorithms_available:
        pytest.skip("OpenSSL without SM3 here")
    key, data = b"k" * 70, "备份清单".encode()
    assert backup_module.sign(data, algorithm, key) == hmac.new(key, data, algorithm).hexdigest()
    assert backup_module.sign(data, algorithm, b"short") == hmac.new(b"short", data, algorithm).hexdigest()


def test_it_refuses_a_database_that_holds_records(records, tmp_path):
    # given a backup of this database
    archive = tmp_path / "fazhi.tar.gz"
    backup(archive)
    regions_before, entries_before = Region.objects.count(), LedgerEntry.objects.count()

    # when it is restored over the same, non-empty database, even with --force
    for force in (False, True):
        with pytest.raises(CommandError) as excinfo:
            call_command("restore", str(archive), force=force, stdout=StringIO())
        # then it is refused, naming the tables that hold rows; nothing changes
        assert "目标数据库不是空库" in str(excinfo.value) and "区划（core.region）10 行" in str(excinfo.value)
    assert (Region.objects.count(), LedgerEntry.objects.count()) == (regions_before, entries_before)


def test_it_refuses_an_archive_from_a_newer_version(records, tmp_path):
    # given a backup whose manifest names a migration this program does not have
    archive = tmp_path / "fazhi.tar.gz"
    backup(archive)
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(newer, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["core"].append("9999_from_the_future")
                data = json.dumps(manifest).encode()
                info.size = len(data)
                signature = backup_module.sign(data, manifest["algorithm"]).encode()  # a real newer server's
            if info.name == "manifest.sig":
                data = signature
            dst.addfile(info, io.BytesIO(data))

    # when it is restored, then the migration is named
    with pytest.raises(CommandError, match="core.9999_from_the_future"):
        call_command("restore", str(newer), stdout=StringIO())
