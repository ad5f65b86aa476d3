"""Helpers for the import/export tests: workbooks filled in as a user fills the template."""

from __future__ import annotations

import io as _io

import openpyxl

from fazhi.core import io


def filled_template(code: str, rows: list[list]) -> bytes:
    """The register's template with `rows` typed in below the hint row."""
    wb = openpyxl.load_workbook(_io.BytesIO(io.template(io.get_register(code))))
    ws = wb.worksheets[0]
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            ws.cell(row=io.HINT_ROW + 1 + offset, column=col, value=value)
    buffer = _io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_rows(data: bytes) -> list[tuple]:
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    return [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
