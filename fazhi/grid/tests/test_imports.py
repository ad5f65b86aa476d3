"""The grids' register in Excel (core's import pages): a filled template updates each grid's
households and population and writes its profile (level label, drawn and revoked days); a file
with one bad row reports the row, the column and the reason in Chinese and writes nothing; the
export opens again as the same layout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core import io
from fazhi.core.models import Region
from fazhi.core.tests.importing import filled_template, sheet_rows
from fazhi.grid.models import GridProfile

pytestmark = pytest.mark.django_db

CODE = "grid-profiles"


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(client, rows):
    file = SimpleUploadedFile("网格信息.xlsx", filled_template(CODE, rows))
    return client.post(reverse("core:import_upload", args=[CODE]), {f"{CODE}-file": file}, follow=True)


def test_it_writes_the_profiles_and_the_households_of_a_good_file(users, regions, login):
    response = upload(
        login(users.governance),
        [
            ["430321108201001", "歇马村第1网格", 120, 430, "三级网格", "2016-03-01", None],
            ["430321108202001", "", 98, 351, "三级网格", "2016-03-01", "2021-06-30"],
        ],
    )
    page = response.content.decode()
    assert "共2行，导入2行（新增2，更新0）" in page
    grid = Region.objects.get(pk=regions.grid_a.pk)
    assert (grid.households, grid.population, grid.grid_profile.level_label) == (120, 430, "三级网格")
    revoked = GridProfile.objects.get(region=regions.grid_c)
    assert (revoked.established_on, revoked.dissolved_on) == (dt.date(2016, 3, 1), dt.date(2021, 6, 30))
    # the same file again changes nothing
    again = upload(
        login(users.governance),
        [["430321108201001", "歇马村第1网格", 120, 430, "三级网格", "2016-03-01", None]],
    )
    assert "更新0" in again.content.decode()


def test_each_bad_row_names_its_row_column_and_reason_and_nothing_is_written(users, regions, login):
    response = upload(
        login(users.governance),
        [
            ["430321108201001", "歇马村第1网格", 120, 430, "三级网格", "2016-03-01", None],
            ["430321108299001", "", 1, 1, "", None, None],
            ["430321100201001", "", 1, 1, "", None, None],
            ["430321108201002", "古塘村第1网格", 1, 1, "", None, None],
            ["430321108202001", "", -3, 1, "", "2021-01-01", "2020-12-31"],
        ],
    )
    page = response.content.decode()
    assert "校验未通过，未写入" in page
    assert (
        "<td>4</td><td>网格代码</td><td>没有代码为430321108299001的网格，请先导入村（社区）与网格</td>"
        in page
    )
    assert "<td>5</td><td>网格代码</td><td>网格430321100201001不在您管辖的乡镇内</td>" in page
    assert "<td>6</td><td>网格名称</td>" in page and "歇马村第2网格" in page
    assert "<td>7</td><td>户数</td>" in page
    assert not GridProfile.objects.exists()
    assert Region.objects.get(pk=regions.grid_a.pk).households != 120


def test_a_grid_worker_exports_their_grid_only_and_may_not_import(users, regions, login):
    GridProfile.objects.create(region=regions.grid_a, level_label="三级网格")
    GridProfile.objects.create(region=regions.grid_b, level_label="三级网格")
    register = io.get_register(CODE)
    assert not register.can_import(users.grid_a) and register.can_import(users.governance)
    data, count = io.export_for(register, users.grid_a)
    rows = sheet_rows(data)
    assert count == 1 and any(row[0] == "430321108201001" for row in rows)
    assert not any(row[0] == "430321108201002" for row in rows)


CATEGORIES = "grid-categories"


def upload_categories(client, rows):
    file = SimpleUploadedFile("事件类别.xlsx", filled_template(CATEGORIES, rows))
    return client.post(
        reverse("core:import_upload", args=[CATEGORIES]), {f"{CATEGORIES}-file": file}, follow=True
    )


def test_imported_categories_carry_their_own_time_limits_into_the_clocks(users, regions, login, walk):
    from fazhi.core.models import Deadline
    from fazhi.grid import workflow
    from fazhi.grid.models import EventCategory
    from fazhi.grid.seed import ensure_categories

    ensure_categories()
    response = upload_categories(
        login(users.governance),
        [
            ["20", "防汛抗旱", "", "应急管理办", "是", "是", 20, 2, 1, None],
            ["2001", "山洪地质灾害隐患", "20", "应急管理办", "否", "", 21, 1, 3, 1],
        ],
    )
    assert "共2行，导入2行（新增2，更新0）" in response.content.decode()
    hazard = EventCategory.objects.get(code="2001")
    assert (hazard.parent.code, hazard.is_public, hazard.is_active) == ("20", False, True)
    # an event of the new 小类: its 受理 clock runs 1 working hour, its 办理 clock 3 working days
    event = workflow.report(
        users.grid_a, {"region": regions.grid_a, "category": hazard, "description": "屋后山体裂缝"}
    )
    walk(event, "accept", "dispatch")
    clocks = dict(Deadline.objects.filter(object_id=str(event.pk)).values_list("code", "days"))
    assert (clocks["grid.accept"], clocks["grid.handle"]) == (1, 3)


def test_a_bad_category_row_names_its_column_and_nothing_is_written(users, login):
    from fazhi.grid.models import EventCategory
    from fazhi.grid.seed import ensure_categories

    ensure_categories()
    before = EventCategory.objects.count()
    response = upload_categories(
        login(users.governance),
        [
            ["21", "护林防火", "", "", "是", "是", 22, None, None, None],
            ["2101", "野外用火", "0101", "", "是", "是", 1, None, None, None],
            ["2102", "焚烧秸秆", "77", "", "是", "是", 1, None, None, None],
            ["2103", "烧荒", "21", "", "也许", "是", 1, None, 0, None],
        ],
    )
    page = response.content.decode()
    assert "校验未通过，未写入" in page
    assert "<td>4</td><td>所属大类代码</td><td>0101是小类，事件类别只分大类和小类两级</td>" in page
    assert "<td>5</td><td>所属大类代码</td><td>没有代码为77的大类</td>" in page
    assert "<td>6</td><td>可公开</td>" in page and "<td>6</td><td>办理时限（工作日）</td>" in page
    assert EventCategory.objects.count() == before
