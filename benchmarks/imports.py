"""A large regions import, written in bulk (the register's plans) and row by row, on a fresh
SQLite file: how long the whole import takes, and how long its write transaction — the time
SQLite's write lock is held, while every other writer waits — lasts.

    .venv/bin/python benchmarks/imports.py                  # 20,000 rows each way
    .venv/bin/python benchmarks/imports.py --rows 5000

The database is a new one in a temporary directory (FAZHI_VAR_DIR), migrated here and removed
afterwards; the benchmark database of seed.py is not touched.

A run (2026-12, the project's 2-core machine, shared with other work, load about 2):

| path | rows | import (s) | write transaction (s) | ledger entries |
|---|---|---|---|---|
| bulk (plans) | 20,000 | 50.2 | 1.48 | 20,001 |
| row by row | 20,000 | 108.3 | 69.04 | 20,002 |

The rest of the import is reading and checking the rows (about 2 ms a row: the workbook, two
queries a row in `RegionRegister.clean_row`), outside any transaction: other writers go on.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWN = "430321108"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows of each workbook (about)")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="fazhi-import-bench-")
    os.environ["FAZHI_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    sys.path.insert(0, str(ROOT))
    try:
        run(args.rows, Path(var_dir))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def run(rows: int, var_dir: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fazhi.core import io, ledger
    from fazhi.core.imports import RegionRegister
    from fazhi.core.models import Membership, Region, RegionKind, User
    from fazhi.core.tests.large_imports import grid_rows, write_workbook

    call_command("migrate", verbosity=0)
    with ledger.acting_as(None, "command"):
        county = Region.objects.create(code="430321", name="湘潭县", kind=RegionKind.COUNTY)
        Region.objects.create(code=TOWN, name="石鼓镇", kind=RegionKind.TOWN, parent=county)
        admin = User.objects.create(username="sysadmin", full_name="系统管理员")
        Membership.objects.create(user=admin, role="sysadmin", region=county)

    class RowByRow(RegionRegister):
        plan_row = io.Register.plan_row

    grids = 999
    villages = max(1, round(rows / (grids + 1)))
    grids = max(1, rows // villages - 1)
    print(f"SQLite {connection.settings_dict['NAME']}; {villages} villages × {grids} grids per workbook")
    print("| path | rows | import (s) | write transaction (s) | ledger entries |")
    print("|---|---|---|---|---|")
    for label, register, first in (
        ("bulk (plans)", io.get_register("regions"), 201),
        ("row by row", RowByRow(), 201 + villages),
    ):
        path = write_workbook(
            var_dir / f"{first}.xlsx", grid_rows(TOWN, villages, grids, first_village=first)
        )
        admin = User.objects.get(username="sysadmin")
        before = ledger.LedgerEntry.objects.count()
        with write_transactions(io) as spent:
            start = time.perf_counter()
            result = io.run_import(register, path, admin, file_name=path.name)
            total = time.perf_counter() - start
        assert result.written, result.errors[:3]
        entries = ledger.LedgerEntry.objects.count() - before
        write = sum(spent)
        print(f"| {label} | {result.total:,} | {total:.1f} | {write:.2f} | {entries:,} |")
    verified = ledger.verify()
    print(verified)


@contextlib.contextmanager
def write_transactions(io):
    """Seconds each write transaction of an import lasted, while inside: row by row the whole
    of `_write_rows`; in bulk from the check that opens the transaction (`_check_unchanged`)
    to the end of `_write_planned` (the commit), the plans' preparation before it left out."""
    spent, opened = [], []
    originals = {name: getattr(io, name) for name in ("_write_rows", "_write_planned", "_check_unchanged")}

    def opening(*args, **kwargs):
        opened.append(time.perf_counter())
        return originals["_check_unchanged"](*args, **kwargs)

    def closing(name):
        def wrapper(*args, **kwargs):
            opened.clear()
            start = time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - (opened[0] if opened else start))

        return wrapper

    io._check_unchanged = opening
    io._write_rows, io._write_planned = closing("_write_rows"), closing("_write_planned")
    try:
        yield spent
    finally:
        for name, original in originals.items():
            setattr(io, name, original)


if __name__ == "__main__":
    main()
