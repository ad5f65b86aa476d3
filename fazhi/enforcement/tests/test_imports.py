"""The powers list and its discretion standards, imported from Excel (权责清单、裁量基准)."""

from decimal import Decimal

import pytest

from fazhi.core import io
from fazhi.core.tests.importing import filled_template, sheet_rows
from fazhi.enforcement.models import DiscretionLevel, Power

BODY = "湘潭县石鼓镇人民政府"
SAND = [
    BODY,
    "XZCF-SL-010",
    "对未经许可在河道管理范围内采砂的处罚",
    "《湖南省河道采砂管理条例》",
    "第三十条",
    "",
    "罚款",
    "否",
    "是",
    "是",
]
LAND = [
    BODY,
    "XZCF-TD-003",
    "对非法占用土地建住宅的处罚",
    "《中华人民共和国土地管理法》",
    "第七十八条",
    "",
    "责令退还、拆除",
    "是",
    "是",
    "",
]


def _import(code, user, rows, only_valid=False):
    return io.run_import(
        io.get_register(code), filled_template(code, rows), user, only_valid, file_name="清单.xlsx"
    )


def test_it_imports_the_powers_list_with_the_review_catalogue_flag(enf, users):
    # when
    result = _import("enforcement-powers", users.officer, [SAND, LAND])
    # then
    assert result.written and result.created == 2, result.errors
    land = Power.objects.get(code="XZCF-TD-003")
    assert land.in_review_catalogue and land.active and land.region == enf.body.region
    assert land.basis == "《中华人民共和国土地管理法》第七十八条"


def test_it_updates_a_power_of_the_same_body_and_code(enf, users):
    _import("enforcement-powers", users.officer, [SAND])
    renamed = [*SAND[:2], "对非法采砂的处罚", *SAND[3:]]
    result = _import("enforcement-powers", users.officer, [renamed])
    assert result.updated == 1 and Power.objects.get(code="XZCF-SL-010").name == "对非法采砂的处罚"


def test_it_reports_bad_rows_by_row_and_column_and_writes_nothing(enf, users):
    no_article = [*SAND[:4], "", *SAND[5:]]
    other_town = ["湘潭县易俗河镇人民政府", *SAND[1:]]
    result = _import("enforcement-powers", users.officer, [LAND, no_article, other_town])
    assert not result.written and not Power.objects.filter(code__startswith="XZCF-TD").exists()
    assert {(e["row"], e["column"]) for e in result.errors} == {(4, "条款"), (5, "执法主体")}
    assert "不在您的管辖范围内" in next(e["message"] for e in result.errors if e["row"] == 5)


def test_it_imports_discretion_levels_with_their_fine_ranges(enf, users):
    _import("enforcement-powers", users.officer, [SAND])
    rows = [
        [BODY, "XZCF-SL-010", "轻微", "0", "1000", "采砂量10立方米以下", ""],
        [BODY, "XZCF-SL-010", "一般", "1000", "10,000元", "", ""],
    ]
    result = _import("enforcement-discretion", users.officer, rows)
    assert result.written, result.errors
    levels = DiscretionLevel.objects.filter(power__code="XZCF-SL-010").order_by("fine_min")
    assert [(lv.level, lv.fine_min, lv.fine_max) for lv in levels] == [
        ("minor", Decimal("0.00"), Decimal("1000.00")),
        ("general", Decimal("1000.00"), Decimal("10000.00")),
    ]


def test_it_refuses_a_level_whose_range_is_upside_down_or_whose_power_is_unknown(enf, users):
    rows = [
        [BODY, "XZCF-ZRZY-001", "较重", "5000", "1000", "", ""],
        [BODY, "NO-SUCH", "一般", "0", "100", "", ""],
        [BODY, "XZCF-ZRZY-001", "特别严重", "0", "100", "", ""],
    ]
    result = _import("enforcement-discretion", users.officer, rows)
    assert not result.written
    messages = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert "不能低于下限" in messages[(3, "罚款上限（元）")]
    assert "请先导入权责清单" in messages[(4, "事项编码")]
    assert (5, "裁量等级") in messages


def test_a_reviewer_cannot_import_the_powers_list(enf, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import("enforcement-powers", users.reviewer, [SAND])


def test_the_export_imports_back_unchanged(enf, users):
    # given the powers list exported in the import layout
    data, count = io.export_for(io.get_register("enforcement-powers"), users.officer)
    rows = sheet_rows(data)
    assert count == 2 and rows[1][1] == "XZCF-ZRZY-001" and rows[1][7] == "否"
    # when it is imported back
    result = io.run_import(io.get_register("enforcement-powers"), data, users.officer, file_name="导出.xlsx")
    # then nothing changes
    assert result.written and (result.created, result.updated) == (0, 0), result.errors


# --- basis versions with the powers list (行政处罚法 第三十七条) -----------------------------------


def _version_row(code, label, day, kinds, fine_max, no_offence="否"):
    return [BODY, code, label, day, "", "", "", kinds, "0", fine_max, no_offence]


def test_it_imports_the_versions_of_a_powers_basis_art37(enf, users):
    from fazhi.enforcement.models import BasisVersion

    _import("enforcement-powers", users.officer, [SAND])
    result = _import(
        "enforcement-basis-versions",
        users.officer,
        [
            _version_row("XZCF-SL-010", "2015年版", "2015-01-01", "警告、罚款", "100000"),
            _version_row("XZCF-SL-010", "2021年修订", "2021-09-14", "警告、罚款", "50000"),
        ],
    )
    assert result.written and result.created == 2, result.errors
    versions = list(BasisVersion.objects.filter(power__code="XZCF-SL-010"))
    assert [(v.label, v.effective_from.isoformat(), v.fine_max) for v in versions] == [
        ("2015年版", "2015-01-01", Decimal("100000.00")),
        ("2021年修订", "2021-09-14", Decimal("50000.00")),
    ]
    assert versions[0].penalty_kinds == ["warning", "fine"]
    # a row of the same power and day updates its version
    again = _import(
        "enforcement-basis-versions",
        users.officer,
        [_version_row("XZCF-SL-010", "2015年修正", "2015-01-01", "警告、罚款", "100000")],
    )
    assert again.updated == 1 and BasisVersion.objects.get(effective_from="2015-01-01").label == "2015年修正"


def test_a_version_of_an_unknown_power_is_refused_on_its_column(enf, users):
    from fazhi.enforcement.models import BasisVersion

    result = _import(
        "enforcement-basis-versions",
        users.officer,
        [_version_row("XZCF-NONE-001", "2015年版", "2015-01-01", "罚款", "1000")],
    )
    assert not result.written and not BasisVersion.objects.exists()
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "事项编码")]


def test_a_version_a_decision_applies_is_not_changed_by_an_import_art37(enf, users, make_case, walk):
    import datetime as dt

    from fazhi.enforcement.models import BasisVersion

    version = BasisVersion.objects.create(
        power=enf.power,
        label="2015年版",
        effective_from=dt.date(2015, 1, 1),
        penalty_kinds=["warning", "fine", "confiscation"],
        fine_max=100000,
    )
    case = walk(make_case(), "file", "investigate", "notify", "record_statement", "decide")
    assert case.basis_version == version
    result = _import(
        "enforcement-basis-versions",
        users.officer,
        [_version_row("XZCF-ZRZY-001", "2015年版", "2015-01-01", "罚款", "200")],
    )
    assert not result.written
    assert [e["column"] for e in result.errors] == ["施行日期"]
    assert "第三十七条" in result.errors[0]["message"]
    version.refresh_from_db()
    assert version.fine_max == 100000


def test_the_versions_export_reads_back_as_it_was_imported(enf, users):
    import datetime as dt

    from fazhi.enforcement.models import BasisVersion

    BasisVersion.objects.create(
        power=enf.power,
        label="2015年版",
        effective_from=dt.date(2015, 1, 1),
        penalty_kinds=["warning", "fine"],
    )
    data, _count = io.export_for(io.get_register("enforcement-basis-versions"), users.officer)
    rows = sheet_rows(data)
    assert any("2015年版" in row and "警告、罚款" in row for row in rows), rows
