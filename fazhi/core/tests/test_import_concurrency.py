"""A large import does not stall other writers (issue 8: a 14,000-row import held SQLite's write
lock for about 30 s and another writer got "database is locked").

Real processes on a real SQLite file, as in production (the test database is in memory, shared
cache, where locking differs): `fazhi import` of ten thousand villages and grids while another
process renames a village over and over, every write of either waiting at most 2 seconds for the
lock (SQLITE_TIMEOUT). Every rename must succeed, with its ledger entry sealed, before, during
and after the import's write, and the import must write every row.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from fazhi.core.tests.large_imports import grid_rows, write_workbook

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's write lock is the whole database's; run with the SQLite suite",
)

TOWN = "430321108"
OLD_VILLAGE = f"{TOWN}101"
VILLAGES, GRIDS = 10, 999  # 10,000 rows

SETUP = f"""
from fazhi.core import ledger
from fazhi.core.models import Membership, Region, User
with ledger.acting_as(None, "command"):
    county = Region.objects.create(code="430321", name="湘潭县", kind="county")
    town = Region.objects.create(code="{TOWN}", name="石鼓镇", kind="town", parent=county)
    Region.objects.create(code="{OLD_VILLAGE}", name="老村", kind="village", parent=town)
    admin = User.objects.create(username="sysadmin", full_name="系统管理员")
    Membership.objects.create(user=admin, role="sysadmin", region=county)
"""

# Renames the village until the stop file appears (and a few times more), each rename a ledgered
# save of its own; prints what happened as JSON on its last line.
WRITER = """
import json, pathlib, sys, time
from django.db import OperationalError
from fazhi.core import ledger
from fazhi.core.models import LedgerEntry, Region
stop, written, failed, regions_seen, after_stop = pathlib.Path(STOP), 0, [], set(), 0
with ledger.acting_as(None, "command"):
    while after_stop < 5:
        after_stop += stop.exists()
        village = Region.objects.get(code=CODE)
        village.name = f"老村{written}"
        try:
            village.save()
        except OperationalError as exc:
            failed.append(str(exc))
        else:
            written += 1
            unsealed = LedgerEntry.objects.filter(object_id=str(village.pk), seq__isnull=True).count()
            if unsealed:
                failed.append(f"{unsealed} entries left unsealed")
        regions_seen.add(Region.objects.count())
        time.sleep(0.02)
print(json.dumps({"written": written, "failed": failed, "regions_seen": sorted(regions_seen)}))
"""


def _fazhi(env, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fazhi.cli", *args], env=env, capture_output=True, text=True, **kwargs
    )


def test_a_writer_goes_on_while_ten_thousand_regions_are_imported(tmp_path):
    # given: a fresh installation on a SQLite file, every writer waiting at most 2 s for the lock
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FAZHI_TEST_DB")}
    env |= {"FAZHI_VAR_DIR": str(tmp_path), "SQLITE_TIMEOUT": "2", "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    for step in (("migrate", "--noinput", "-v0"), ("shell", "-c", SETUP)):
        done = _fazhi(env, *step, timeout=300)
        assert done.returncode == 0, done.stderr
    workbook = write_workbook(tmp_path / "网格.xlsx", grid_rows(TOWN, VILLAGES, GRIDS))
    stop = tmp_path / "stop"
    program = f"STOP, CODE = {str(stop)!r}, {OLD_VILLAGE!r}\n" + textwrap.dedent(WRITER)
    writer = subprocess.Popen(
        [sys.executable, "-m", "fazhi.cli", "shell", "-c", program],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # when: the county's system administrator imports the workbook meanwhile
        imported = _fazhi(env, "import", "regions", str(workbook), "--user", "sysadmin", timeout=600)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    # then: the import wrote every row
    assert imported.returncode == 0, imported.stderr
    rows = VILLAGES * (GRIDS + 1)
    assert f"导入{rows}行（新增{rows}" in imported.stdout
    with sqlite3.connect(tmp_path / "fazhi.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM core_region").fetchone()[0] == 3 + rows
    # and every rename succeeded, with its entry sealed, before the import's commit and after it
    assert writer.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report["failed"] == []
    assert report["written"] > 5
    assert report["regions_seen"][0] == 3 and report["regions_seen"][-1] == 3 + rows
    # and the ledger holds both, every chain whole
    verified = _fazhi(env, "ledger", "verify", timeout=300)
    assert verified.returncode == 0, verified.stdout + verified.stderr
