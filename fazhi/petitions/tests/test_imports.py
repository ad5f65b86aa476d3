"""The Excel register of matters: the county's transferred list imported (each registered with
its clocks), refused rows named, the export masked by role."""

from __future__ import annotations

import io

import openpyxl
import pytest

from fazhi.core import io as core_io
from fazhi.petitions.imports import MatterRegister
from fazhi.petitions.models import Matter

pytestmark = pytest.mark.django_db
REGISTER = MatterRegister()


def _workbook(*rows) -> io.BytesIO:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in REGISTER.columns])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


ROW = [
    "湘县信转〔2021〕118号",
    "",
    "上级转送",
    "湘潭县信访局",
    None,
    "2021-09-01",
    "430321108201",
    "刘德华",
    "43032119690101123X",
    "13907321234",
    "信息网络",
    "反映征地补偿款未发放",
    "修路征收承包地补偿款未发放。",
    "要求发放",
    "申诉求决类",
    "土地征收",
]


def test_the_county_list_is_registered_with_its_clocks(users, regions):
    result = core_io.run_import(REGISTER, _workbook(ROW), users.petition)
    assert result.created == 1, result.errors
    matter = Matter.objects.get(sender_reference="湘县信转〔2021〕118号")
    assert matter.number == "石鼓信〔2021〕1号"
    assert str(matter.object_due_on) == "2021-09-08" and str(matter.accept_due_on) == "2021-09-16"
    # the same list again is refused row by row, nothing written
    again = core_io.run_import(REGISTER, _workbook(ROW), users.petition)
    assert again.created == 0 and "已登记" in str(again.errors)
    outside = list(ROW)
    outside[0], outside[6] = "湘县信转〔2021〕119号", "430321100201"
    refused = core_io.run_import(REGISTER, _workbook(outside), users.petition)
    assert refused.created == 0 and "管辖范围" in str(refused.errors)


def test_the_export_masks_the_petitioner_for_the_county(users, make_matter):
    make_matter()
    data, count = core_io.export_for(REGISTER, users.county)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert count == 1 and "刘德华" not in cells and "43032119690101123X" not in cells
    full, _ = core_io.export_for(REGISTER, users.petition)
    assert "刘德华" in [
        c for row in openpyxl.load_workbook(io.BytesIO(full)).active.iter_rows(values_only=True) for c in row
    ]
