"""`fazhi backup --native` / `fazhi restore --native`: PostgreSQL's own dump, for PostgreSQL to
PostgreSQL only, signed beside it (FILE.sig); refused on SQLite, refused when the dump or its
seal was changed, and restored whole into an emptied database with the ledger intact."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, Region
from fazhi.core.tests.test_backup import empty_database, media, records  # noqa: F401 (fixtures)
from fazhi.testing.sample.models import Person

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


def test_a_native_backup_is_refused_on_sqlite(db, tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's refusal")
    with pytest.raises(CommandError, match="--native 只用于 PostgreSQL"):
        call_command("backup", str(tmp_path / "fazhi.dump"), "--native", stdout=StringIO())
    assert not (tmp_path / "fazhi.dump").exists()


@postgres_only
def test_it_dumps_and_restores_postgresql_natively(transactional_db, records, tmp_path):  # noqa: F811
    # given records and a native backup of them, signed beside the dump
    person, _file = records
    dump = tmp_path / "fazhi.dump"
    call_command("backup", str(dump), "--native", stdout=StringIO())
    seal = json.loads((tmp_path / "fazhi.dump.sig").read_text(encoding="utf-8"))
    assert seal["digest"] == ledger.digest(dump.read_bytes(), seal["algorithm"])
    regions = Region.objects.count()
    # and a database emptied since
    empty_database()
    assert not Region.objects.exists()
    # when it is restored natively
    out = StringIO()
    call_command("restore", str(dump), "--native", stdout=out)
    # then the rows are back, the ledger verifies, and the restore is entered in it
    assert Region.objects.count() == regions
    assert Person.objects.get(pk=person.pk).id_number == "430321199001011234"
    assert ledger.verify().ok and "恢复完成" in out.getvalue()
    assert LedgerEntry.objects.filter(action="restore", object_id="fazhi.dump").exists()


@postgres_only
def test_a_changed_dump_or_seal_is_refused(transactional_db, records, tmp_path):  # noqa: F811
    dump = tmp_path / "fazhi.dump"
    call_command("backup", str(dump), "--native", stdout=StringIO())
    sig = tmp_path / "fazhi.dump.sig"
    original = sig.read_text(encoding="utf-8")
    # a seal whose digest was edited to match another file
    seal = json.loads(original)
    seal["digest"] = "0" * 64
    sig.write_text(json.dumps(seal), encoding="utf-8")
    with pytest.raises(CommandError, match="签名不符"):
        call_command("restore", str(dump), "--native", stdout=StringIO())
    # a dump changed after it was signed
    sig.write_text(original, encoding="utf-8")
    data = bytearray(dump.read_bytes())
    data[-10] ^= 1
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="摘要不符"):
        call_command("restore", str(dump), "--native", stdout=StringIO())
    # and nothing was touched: the ledger still holds its entries
    assert LedgerEntry.objects.exists()
