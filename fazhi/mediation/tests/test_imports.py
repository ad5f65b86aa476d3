"""The 矛盾纠纷排查 register in Excel (core's import pages): a filled template registers each
screening of a village or grid with who screened; a file with one bad row reports the row, the
column and the reason in Chinese and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.core.tests.importing import filled_template
from fazhi.mediation.models import Screening

pytestmark = pytest.mark.django_db

CODE = "mediation-screenings"


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(client, rows):
    file = SimpleUploadedFile("排查.xlsx", filled_template(CODE, rows))
    return client.post(reverse("core:import_upload", args=[CODE]), {f"{CODE}-file": file}, follow=True)


def test_it_registers_the_screenings_of_a_good_file(users, regions, login):
    response = upload(
        login(users.governance),
        [
            ["430321108201", "2021-03-15", "", "两户因宅基地界址发生争执", 1],
            ["430321108201001", "2021-03-16", "grid_a", "未发现矛盾纠纷", 0],
        ],
    )
    assert "共2行，导入2行（新增2，更新0）" in response.content.decode()
    first, second = Screening.objects.order_by("screened_on")
    assert (first.region, first.screened_by, first.disputes_found) == (regions.village_a, users.governance, 1)
    assert (second.region, second.screened_by, second.screened_on) == (
        regions.grid_a,
        users.grid_a,
        dt.date(2021, 3, 16),
    )
    listed = login(users.governance).get(reverse("mediation:screening_list")).content.decode()
    assert "两户因宅基地界址发生争执" in listed


def test_each_bad_row_names_its_row_column_and_reason_and_nothing_is_written(users, regions, login):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = upload(
        login(users.governance),
        [
            ["430321108201", "2021-03-15", "", "两户因宅基地界址发生争执", 1],
            ["430321108299", "2021-03-15", "", "不存在的村", 0],
            ["430321100201", "2021-03-15", "", "易俗河镇的村", 0],
            ["430321108201", tomorrow, "", "明天的排查", 0],
            ["430321108201", "2021-03-15", "不存在的人", "排查", 0],
            ["430321108201", "2021-03-15", "", "", 0],
        ],
    )
    page = response.content.decode()
    assert "校验未通过，未写入" in page
    assert "<td>4</td><td>排查区域代码</td><td>没有这个代码的村（社区）或网格</td>" in page
    assert "<td>5</td><td>排查区域代码</td><td>“城东村”不在您可登记排查的区域内</td>" in page
    assert "<td>6</td><td>排查日期</td><td>排查日期不能晚于今天</td>" in page
    assert "<td>7</td><td>排查人</td><td>本镇没有名为“不存在的人”的账号</td>" in page
    assert "<td>8</td><td>排查发现的矛盾纠纷</td><td>必填项为空</td>" in page
    assert not Screening.objects.exists()


def test_a_grid_worker_may_not_register_another_grids_screening(users, regions, login):
    response = upload(login(users.grid_a), [["430321108201002", "2021-03-15", "", "排查", 0]])
    assert "不在您可登记排查的区域内" in response.content.decode()
    assert not Screening.objects.exists()
