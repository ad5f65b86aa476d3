"""A workbook is read in bounded memory: blank rows formatted down the sheet stop the reading
(and the user is told), cells past the header's width are not read, a long text repeated in a
thousand cells does not make a large error report, and the row cap is a rule a county may set."""

from __future__ import annotations

import datetime as dt
import io as _io
import json

import openpyxl
import pytest
from openpyxl.styles import Font

from fazhi.core import io, rules
from fazhi.core.models import Region
from fazhi.core.tests.importing import filled_template
from fazhi.core.tests.test_imports import NEW_GRID_1, NEW_VILLAGE, regions_import


def _with_rows_below(data: bytes, first_blank: int, blank_rows: int, then: list) -> bytes:
    """The workbook with `blank_rows` formatted but empty rows from `first_blank`, then a row."""
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    ws = wb.worksheets[0]
    for row in range(first_blank, first_blank + blank_rows):
        ws.cell(row=row, column=1).font = Font(bold=True)  # a styled, empty cell
    for col, value in enumerate(then, start=1):
        ws.cell(row=first_blank + blank_rows, column=col, value=value)
    buffer = _io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_it_stops_at_a_long_run_of_blank_rows_and_says_so(users):
    # given a village row, then 1,200 formatted empty rows, then a grid row far below
    data = _with_rows_below(filled_template("regions", [NEW_VILLAGE]), 4, 1_200, NEW_GRID_1)
    # when the file is imported
    result = io.run_import(io.get_register("regions"), data, users.governance, file_name="区划.xlsx")
    # then the village is in, the grid below the blank run is not read, and the summary says why
    assert result.written and result.created == 1
    assert Region.objects.filter(code=NEW_VILLAGE[0]).exists()
    assert not Region.objects.filter(code=NEW_GRID_1[0]).exists()
    assert "第4行起连续1000行为空，其后的内容未读取" in result.summary()


def test_a_short_blank_gap_does_not_stop_the_reading(users):
    data = _with_rows_below(filled_template("regions", [NEW_VILLAGE]), 4, 50, NEW_GRID_1)
    result = io.run_import(io.get_register("regions"), data, users.governance, file_name="区划.xlsx")
    assert result.written and result.created == 2


def test_a_long_text_in_many_header_cells_makes_a_small_error_report(users):
    # given a sheet whose first row repeats one 5,000-character text in 300 cells
    wb = openpyxl.Workbook()
    text = "某" * 5_000
    for col in range(1, 301):
        wb.active.cell(row=1, column=col, value=text)
    buffer = _io.BytesIO()
    wb.save(buffer)
    # when it is imported
    result = io.run_import(io.get_register("regions"), buffer.getvalue(), users.governance)
    # then it is refused, the report names unknown columns, and stays small
    assert not result.written and result.error_count
    assert all(e["message"] for e in result.errors)
    assert len(json.dumps(result.errors, ensure_ascii=False)) < 100_000


def test_the_row_cap_is_a_rule_the_county_sets(users, regions):
    # given the county allows 1 row per file
    rules.add_version(
        code=io.MAX_ROWS_RULE,
        region=regions.county,
        value=1,
        effective_from=dt.date(2020, 1, 1),
        citation="湘潭县司法局测试规则",
        user=users.county,
    )
    # when a town's user imports two rows, then the file is refused naming the cap, nothing written
    with pytest.raises(io.ImportFileError, match="文件超过1行，请分批导入"):
        regions_import(users.governance, [NEW_VILLAGE, NEW_GRID_1])
    assert not Region.objects.filter(code=NEW_VILLAGE[0]).exists()
    # and one row goes in
    assert regions_import(users.governance, [NEW_VILLAGE]).written
