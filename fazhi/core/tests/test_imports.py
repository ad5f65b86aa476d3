import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from fazhi.core import io
from fazhi.core.models import LedgerEntry, Membership, Region, RegionKind, User
from fazhi.core.tests.importing import filled_template

NEW_VILLAGE = ["430321108203", "新桥村", "村", "430321108", 860, 3090]
NEW_GRID_1 = ["430321108203001", "新桥村第1网格", "网格", "430321108203", 430, 1500]
NEW_GRID_2 = ["430321108203002", "新桥村第2网格", "网格", "430321108203", 430, 1590]


def regions_import(user, rows, only_valid=False):
    return io.run_import(
        io.get_register("regions"), filled_template("regions", rows), user, only_valid, file_name="区划.xlsx"
    )


def errors_of(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


def test_it_writes_nothing_when_one_row_is_bad_and_names_its_row_and_column(users):
    # given: a village, a grid under it, and a grid whose type is not one of the choices
    before = Region.objects.count()
    bad_grid = ["430321108203002", "新桥村第2网格", "组", "430321108203", 430, 1590]
    # when
    result = regions_import(users.governance, [NEW_VILLAGE, NEW_GRID_1, bad_grid])
    # then: nothing is written, and the error names Excel row 5 (header, hints, two rows) and 类型
    assert not result.written
    assert Region.objects.count() == before
    assert list(errors_of(result)) == [(5, "类型")]
    assert "“组”不是可选值" in errors_of(result)[(5, "类型")]
    assert "未写入任何数据" in result.summary()


def test_it_reports_every_bad_cell_of_every_row(users):
    # given: a missing name, a negative population and letters in a code
    rows = [
        ["430321108203", "", "村", "430321108", 10, -5],
        ["4303211082A3", "某村", "村", "430321108", None, None],
    ]
    # when
    errors = errors_of(regions_import(users.governance, rows))
    # then
    assert errors[(3, "名称")] == "必填项为空"
    assert errors[(3, "人口")] == "不能小于0"
    assert "应为数字" in errors[(4, "区划代码")]


def test_it_imports_only_the_valid_rows_when_the_user_asks(users):
    # given: one good village, one grid with an 11-digit code
    bad_grid = ["43032110820", "短码网格", "网格", "430321108203", None, None]
    # when
    result = regions_import(users.governance, [NEW_VILLAGE, bad_grid], only_valid=True)
    # then: the village is in, the grid is reported and skipped
    assert result.written
    assert result.imported == 1 and result.created == 1
    assert Region.objects.get(code="430321108203").parent == users.governance.memberships.get().region
    assert not Region.objects.filter(code="43032110820").exists()
    assert "网格的区划代码应为15位数字" in errors_of(result)[(4, "区划代码")]
    assert "跳过有错误的1行" in result.summary()


def test_it_refuses_a_code_that_appears_twice_in_the_file(users):
    # when
    result = regions_import(users.governance, [NEW_VILLAGE, NEW_GRID_1, NEW_GRID_1])
    # then
    assert errors_of(result) == {(5, "区划代码"): "与第4行重复"}
    assert not Region.objects.filter(code="430321108203").exists()


def test_it_refuses_a_grid_under_an_unknown_village(users):
    # given: a grid under a village that is neither in the system nor earlier in the file
    orphan = ["430321108299001", "无主网格", "网格", "430321108299", None, None]
    # when
    result = regions_import(users.governance, [orphan])
    # then
    assert "上级区划“430321108299”不存在" in errors_of(result)[(3, "上级区划代码")]


def test_it_accepts_a_parent_only_from_an_earlier_row(users):
    # when: the grid comes before its village
    result = regions_import(users.governance, [NEW_GRID_1, NEW_VILLAGE])
    # then
    assert (3, "上级区划代码") in errors_of(result)
    assert not result.written


def test_it_refuses_grids_of_a_village_whose_row_is_bad(users):
    # given: the village row is bad, so its grid has no parent either
    bad_village = ["430321108203", "", "村", "430321108", None, None]
    # when
    result = regions_import(users.governance, [bad_village, NEW_GRID_1], only_valid=True)
    # then
    assert set(errors_of(result)) == {(3, "名称"), (4, "上级区划代码")}
    assert not result.written


def test_it_checks_codes_against_the_region_rules(users):
    # given: a village code that does not extend its town's code
    wrong_prefix = ["430321100203", "错码村", "村", "430321108", None, None]
    # when
    result = regions_import(users.governance, [wrong_prefix])
    # then
    assert errors_of(result) == {(3, "区划代码"): "区划代码应以上级代码 430321108 开头"}


def test_it_refuses_regions_outside_the_users_scope(users):
    # given: 综治办 of 石鼓镇 adds a village to 易俗河镇
    other = ["430321100203", "外镇村", "村", "430321100", None, None]
    # when
    result = regions_import(users.governance, [other])
    # then
    assert "不在您的管辖范围内" in errors_of(result)[(3, "上级区划代码")]


def test_it_refuses_to_move_an_existing_region(users, regions):
    # given: an existing grid of 歇马村 declared under 古塘村
    moved = ["430321108201001", "歇马村第1网格", "网格", "430321108202", None, None]
    # when
    result = regions_import(users.governance, [moved])
    # then
    assert "不能更改已有区划的类型或上级" in errors_of(result)[(3, "区划代码")]


def test_it_updates_households_and_population_of_existing_grids(users, regions):
    # when
    result = regions_import(
        users.governance, [["430321108201001", "歇马村第1网格", "网格", "430321108201", 150, 520]]
    )
    # then
    regions.grid_a.refresh_from_db()
    assert (regions.grid_a.households, regions.grid_a.population) == (150, 520)
    assert (result.created, result.updated) == (0, 1)


def test_it_ledgers_every_imported_row_and_the_file(users):
    # given
    data = filled_template("regions", [NEW_VILLAGE, NEW_GRID_1, NEW_GRID_2])
    last = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first()
    # when
    result = io.run_import(io.get_register("regions"), data, users.governance, file_name="新桥村.xlsx")
    # then: three creates with source "import", by the governance office, then one summary entry
    entries = list(LedgerEntry.objects.filter(id__gt=last).order_by("id"))
    creates = [e for e in entries if e.action == "create"]
    assert [e.object_repr for e in creates] == ["新桥村", "新桥村第1网格", "新桥村第2网格"]
    assert {(e.source, e.actor_name) for e in creates} == {("import", "governance")}
    summary = entries[-1]
    assert summary.action == "import" and summary.source == "import"
    assert summary.digests == [result.digest]
    assert summary.data["file"] == "新桥村.xlsx"
    assert (summary.data["rows"], summary.data["created"]) == (3, 3)


def test_it_refuses_an_import_to_a_user_without_the_permission(users):
    # a village cadre reads regions but does not manage them
    with pytest.raises(PermissionDenied):
        regions_import(users.cadre, [NEW_VILLAGE])
    assert not Region.objects.filter(code="430321108203").exists()


def test_it_reports_a_missing_required_column(users, tmp_path):
    # given: a workbook whose header lacks 上级区划代码
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["区划代码", "名称", "类型"])
    wb.active.append(["430321108203", "新桥村", "村"])
    path = tmp_path / "missing-column.xlsx"
    wb.save(path)
    # when
    result = io.run_import(io.get_register("regions"), path, users.governance)
    # then
    assert errors_of(result) == {(1, "上级区划代码"): "缺少必填列"}


def test_it_refuses_a_file_that_is_not_a_workbook(users):
    with pytest.raises(io.ImportFileError) as excinfo:
        io.run_import(io.get_register("regions"), b"not a workbook", users.governance)
    assert ".xlsx" in str(excinfo.value)


def test_it_reads_dates_as_excel_and_people_write_them():
    date = io.Date()
    assert date.parse(dt.datetime(2021, 3, 5), None) == dt.date(2021, 3, 5)  # what openpyxl returns
    assert date.parse("2021年3月5日", None) == dt.date(2021, 3, 5)
    assert date.parse(44260, None) == dt.date(2021, 3, 5)  # a serial number in a text-formatted cell
    with pytest.raises(ValidationError):
        date.parse("3/5/21", None)


# --- users and memberships --------------------------------------------------------------------


def users_import(user, rows, only_valid=False):
    return io.run_import(
        io.get_register("users"), filled_template("users", rows), user, only_valid, file_name="人员.xlsx"
    )


def test_it_creates_accounts_and_their_memberships(users, regions):
    # given: a new grid worker with two memberships, and a new membership for an existing user
    rows = [
        ["liming", "李明", "+86 138-1234-5678", "网格员", "430321108201002"],
        ["liming", "李明", "", "grid_worker", "430321108202001"],
        ["grid_a", "grid_a", "", "村（居）委会干部", "430321108201"],
    ]
    # when
    result = users_import(users.sysadmin, rows)
    # then
    assert result.written and result.created == 3
    liming = User.objects.get(username="liming")
    assert (liming.full_name, liming.mobile) == ("李明", "13812345678")
    assert not liming.has_usable_password()  # the system administrator sets the first password
    assert {m.region.code for m in liming.memberships.all()} == {"430321108201002", "430321108202001"}
    assert Membership.objects.filter(
        user=users.grid_a, role="village_cadre", region=regions.village_a
    ).exists()
    assert "新建账户1个（liming）" in result.summary()
    assert (
        LedgerEntry.objects.filter(object_type="core.membership", action="create", source="import").count()
        == 3
    )


def test_it_refuses_bad_account_rows_with_reasons(users):
    rows = [
        ["wangwu", "王五", "1381234", "网格员", "430321108201001"],  # mobile too short
        ["zhaoliu", "赵六", "", "系统管理员", "430321"],  # 三员 are not imported
        ["grid_a", "另一个人", "", "网格员", "430321108201002"],  # existing username, other person
        ["grid_a", "grid_a", "", "网格员", "430321108201001"],  # membership exists
        ["sunqi", "孙七", "", "网格员", "430321999"],  # unknown region
        ["zhouba", "周八", "138****5678", "网格员", "430321108201001"],  # masked, from an export
    ]
    # when
    errors = errors_of(users_import(users.sysadmin, rows))
    # then
    assert "手机号码应为以1开头的11位数字" in errors[(3, "手机号")]
    assert "“系统管理员”不是可选值" in errors[(4, "角色")]
    assert "用户名已存在，其姓名为“grid_a”" in errors[(5, "用户名")]
    assert errors[(6, "角色")] == "该用户已在此区划担任此角色（已存在）"
    assert errors[(7, "所属区划代码")] == "区划“430321999”不存在"
    assert "不能是打码的值" in errors[(8, "手机号")]
    assert not User.objects.filter(username__in=["wangwu", "zhaoliu", "sunqi", "zhouba"]).exists()


def test_it_refuses_an_accounts_import_to_the_governance_office(users):
    with pytest.raises(PermissionDenied):
        users_import(users.governance, [["liming", "李明", "", "网格员", "430321108201002"]])


# --- the command line ------------------------------------------------------------------------


def test_it_imports_from_the_command_line(users, tmp_path):
    # given
    path = tmp_path / "新桥村.xlsx"
    path.write_bytes(filled_template("regions", [NEW_VILLAGE, NEW_GRID_1]))
    # when
    call_command("import", "regions", str(path), "--user", "governance")
    # then
    assert Region.objects.get(code="430321108203001").kind == RegionKind.GRID


def test_it_prints_each_bad_row_and_fails_from_the_command_line(users, tmp_path, capsys):
    # given
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        filled_template("regions", [NEW_VILLAGE, ["430321108203001", "", "网格", "430321108203"]])
    )
    # when
    with pytest.raises(CommandError) as excinfo:
        call_command("import", "regions", str(path), "--user", "governance")
    # then: the bad row is printed, the command fails (exit status 1) and nothing is written
    assert "第4行，列“名称”：必填项为空" in capsys.readouterr().err
    assert excinfo.value.returncode == 1
    assert not Region.objects.filter(code="430321108203").exists()
