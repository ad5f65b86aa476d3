import io as _io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from fazhi.core import io
from fazhi.core.models import LedgerEntry, Region
from fazhi.core.tests.importing import sheet_rows


def test_it_makes_a_template_with_headers_hints_and_a_type_list():
    # when
    data = io.template(io.get_register("regions"))
    # then: it opens with openpyxl, row 1 holds the headers, row 2 the hints
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["区划代码", "名称", "类型", "上级区划代码", "户数", "人口"]
    assert ws["A2"].value.startswith("必填")
    assert "例：430321108210" in ws["A2"].value
    assert ws["E2"].value.startswith("选填")
    # the 类型 column offers its choices as a drop-down
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert [(v.formula1, str(v.sqref)) for v in lists] == [('"村,网格"', "C3:C1002")]
    assert wb.sheetnames[1] == "填写说明"


def test_it_makes_the_accounts_template_with_role_names():
    ws = openpyxl.load_workbook(_io.BytesIO(io.template(io.get_register("users")))).worksheets[0]
    assert [c.value for c in ws[1]] == [
        "用户名",
        "姓名",
        "手机号",
        "角色",
        "所属区划代码",
        "起始日期",
        "截止日期",
    ]
    assert "网格员" in ws["D2"].value and "系统管理员" not in ws["D2"].value


def test_it_exports_only_the_village_cadres_own_village(users):
    # when
    data, count = io.export_for(io.get_register("regions"), users.cadre)
    # then: 歇马村 and its two grids, nothing of 古塘村 or the other town
    rows = sheet_rows(data)
    assert rows[0] == ("区划代码", "名称", "类型", "上级区划代码", "户数", "人口")
    assert [r[:4] for r in rows[1:]] == [
        ("430321108201", "歇马村", "村", "430321108"),
        ("430321108201001", "歇马村第1网格", "网格", "430321108201"),
        ("430321108201002", "歇马村第2网格", "网格", "430321108201"),
    ]
    assert count == 3


def test_it_exports_a_grid_workers_own_grid_only(users):
    rows = sheet_rows(io.export_for(io.get_register("regions"), users.grid_a)[0])
    assert [r[0] for r in rows[1:]] == ["430321108201001"]


def test_it_exports_the_whole_county_to_the_system_administrator_who_manages_it(users):
    rows = sheet_rows(io.export_for(io.get_register("regions"), users.sysadmin)[0])
    assert len(rows) - 1 == Region.objects.filter(kind__in=["village", "grid"]).count() == 7


def test_it_records_an_export_in_the_ledger(users):
    # when
    data, _count = io.export_for(io.get_register("regions"), users.cadre)
    # then
    entry = LedgerEntry.objects.filter(action="export").get()
    assert entry.actor_name == "cadre"
    assert entry.data == {"register": "regions", "rows": 3}
    assert entry.digests == [io.ledger.digest(data)]


def test_it_exports_accounts_only_to_the_system_administrator(users):
    # when
    rows = sheet_rows(io.export_for(io.get_register("users"), users.sysadmin)[0])
    # then: one row per membership, roles by their Chinese names
    assert ("cadre", "cadre", None, "村（居）委会干部", "430321108201", None, None) in [r[:7] for r in rows]
    assert len(rows) - 1 == 17
    with pytest.raises(PermissionDenied):
        io.export_for(io.get_register("users"), users.governance)


def test_it_masks_mobile_numbers_for_a_user_without_the_pii_permission(users):
    # given: grid_a has a mobile number; the system administrator does not hold VIEW_PII
    users.grid_a.mobile = "13812345678"
    users.grid_a.save()
    # when
    rows = sheet_rows(io.export_for(io.get_register("users"), users.sysadmin)[0])
    # then
    assert ("grid_a", "grid_a", "138****5678", "网格员", "430321108201001", None, None) in [
        r[:7] for r in rows
    ]
    assert LedgerEntry.objects.filter(action="export").get().data["pii"] == "masked"


def test_it_imports_back_what_it_exported_with_changes(users, regions, tmp_path):
    # given: the cadre's export, with households of grid 1 changed, imported by the governance office
    data, _count = io.export_for(io.get_register("regions"), users.cadre)
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    wb.worksheets[0]["E3"] = 321
    path = tmp_path / "歇马村.xlsx"
    wb.save(path)
    # when
    result = io.run_import(io.get_register("regions"), path, users.governance)
    # then
    assert result.written and (result.updated, result.imported) == (1, 3)
    regions.grid_a.refresh_from_db()
    assert regions.grid_a.households == 321


def test_it_exports_from_the_command_line(users, tmp_path):
    # when
    path = tmp_path / "区划.xlsx"
    call_command("export", "regions", str(path), "--user", "cadre")
    # then
    assert [r[0] for r in sheet_rows(path.read_bytes())[1:]] == [
        "430321108201",
        "430321108201001",
        "430321108201002",
    ]


def test_it_keeps_the_register_in_chinese_for_a_user_reading_english():
    # given: a user who chose English for the pages
    from django.utils import translation

    with translation.override("en"):
        # when
        content = io.template(io.get_register("regions"))
    # then: the headers are the register's Chinese ones, so the file imports for anyone
    header = sheet_rows(content)[0]
    assert "区划代码" in header and "上级区划代码" in header
