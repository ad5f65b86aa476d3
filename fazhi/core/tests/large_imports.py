"""Large region workbooks for the import tests and benchmarks/imports.py: villages of a town,
each followed by its grids, as a county's 综治办 fills the regions template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fazhi.core import io


def grid_rows(town: str, villages: int, grids: int, *, first_village: int = 201) -> Iterator[list]:
    """Rows of the regions register: `villages` new villages of `town` (a 9-digit code), each
    followed by its `grids` grids (at most 999)."""
    for v in range(first_village, first_village + villages):
        village = f"{town}{v:03d}"
        yield [village, f"第{v}村", "村", town, 800, 3000]
        for g in range(1, grids + 1):
            yield [f"{village}{g:03d}", f"第{v}村第{g}网格", "网格", village, 40, 150]


def write_workbook(path: Path, rows) -> Path:
    """A workbook of the regions register (its headers, then `rows`), written streaming."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([str(column.header) for column in io.get_register("regions").columns])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
