import io as _io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import ImportJob, Region
from fazhi.core.tests.importing import filled_template

NEW_VILLAGE = ["430321108203", "新桥村", "村", "430321108", 860, 3090]
NEW_GRID = ["430321108203001", "新桥村第1网格", "网格", "430321108203", 430, 1500]


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks run in the request, as with FAZHI_TASKS=immediate.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(client, code, rows, only_valid=False, name="区划.xlsx"):
    file = SimpleUploadedFile(name, filled_template(code, rows))
    data = {f"{code}-file": file}
    if only_valid:
        data[f"{code}-only_valid"] = "on"
    return client.post(reverse("core:import_upload", args=[code]), data, follow=True)


def test_it_lists_the_registers_the_user_may_import(users, login):
    # when
    page = login(users.governance).get(reverse("core:import_list")).content.decode()
    # then: 综治办 imports villages and grids, not accounts
    assert "村（社区）与网格" in page and "下载模板" in page and "上传并导入" in page
    assert "用户与任职" not in page
    # and the system administrator sees both
    page = login(users.sysadmin).get(reverse("core:import_list")).content.decode()
    assert "村（社区）与网格" in page and "用户与任职" in page


def test_it_offers_a_grid_worker_only_the_export_of_their_grid(users, login):
    page = login(users.grid_a).get(reverse("core:import_list")).content.decode()
    # the regions register: its export (their grid), no upload
    regions = page.split('id="register-regions"')[1].split("</section>")[0]
    assert "导出" in regions and "上传并导入" not in regions
    # the one register a grid worker fills in bulk is their screening register (排查, as on the form)
    uploads = [
        c.split('"')[0] for c in page.split('id="register-')[1:] if "上传并导入" in c.split("</section>")[0]
    ]
    assert uploads == ["mediation-screenings"]


def test_it_shows_each_bad_row_after_an_upload_and_writes_nothing(users, login):
    # given
    client = login(users.governance)
    before = Region.objects.count()
    # when: the grid row lacks its name
    response = upload(client, "regions", [NEW_VILLAGE, ["430321108203001", "", "网格", "430321108203"]])
    # then: the job page shows the error table: row 4, column 名称, the reason
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("core:job_detail", args=[ImportJob.objects.get().pk])
    assert "校验未通过，未写入" in page
    assert "<th>行号</th><th>列</th><th>原因</th>" in page
    assert "<td>4</td><td>名称</td><td>必填项为空</td>" in page
    assert Region.objects.count() == before


def test_it_imports_a_good_workbook_and_shows_the_summary(users, login):
    # when
    response = upload(login(users.governance), "regions", [NEW_VILLAGE, NEW_GRID])
    # then
    page = response.content.decode()
    assert "已完成" in page and "共2行，导入2行（新增2，更新0）" in page
    assert Region.objects.get(code="430321108203001").parent.name == "新桥村"
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.done_rows, job.imported_rows) == ("done", 2, 2, 2)


def test_it_imports_the_valid_rows_when_asked_and_lists_the_others(users, login):
    # when
    response = upload(
        login(users.governance),
        "regions",
        [NEW_VILLAGE, ["430321108299001", "无主网格", "网格", "430321108299"]],
        only_valid=True,
    )
    # then
    page = response.content.decode()
    assert "跳过有错误的1行" in page and "未导入的行" in page and "<td>4</td><td>上级区划代码</td>" in page
    assert Region.objects.filter(code="430321108203").exists()


def test_it_refuses_an_upload_to_a_user_without_permission(users, login):
    # given: a village cadre may export regions but not import them
    client = login(users.cadre)
    # when
    response = client.post(
        reverse("core:import_upload", args=["regions"]),
        {"regions-file": SimpleUploadedFile("x.xlsx", filled_template("regions", [NEW_VILLAGE]))},
    )
    # then
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_it_refuses_the_accounts_import_to_the_governance_office(users, login):
    client = login(users.governance)
    assert client.get(reverse("core:import_export", args=["users"])).status_code == 403
    response = client.post(
        reverse("core:import_upload", args=["users"]),
        {"users-file": SimpleUploadedFile("u.xlsx", filled_template("users", []))},
    )
    assert response.status_code == 403


def test_it_refuses_the_page_to_a_user_with_no_register(users, login):
    # the auditor neither imports nor exports any register
    assert login(users.auditor).get(reverse("core:import_list")).status_code == 403


def test_it_refuses_a_file_that_is_not_xlsx(users, login):
    # when
    client = login(users.governance)
    response = client.post(
        reverse("core:import_upload", args=["regions"]),
        {"regions-file": SimpleUploadedFile("区划.csv", b"code,name\n")},
    )
    # then
    assert response.status_code == 400
    assert "请上传 .xlsx 格式的 Excel 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_shows_a_job_only_to_its_owner(users, login):
    # given
    upload(login(users.governance), "regions", [NEW_VILLAGE])
    job = ImportJob.objects.get()
    # when / then
    client = login(users.sysadmin)
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_progress", args=[job.pk])).status_code == 404


def test_it_polls_the_progress_of_a_running_job_every_second(users, login):
    # given: a job the worker is checking
    job = ImportJob.objects.create(
        register="regions",
        user=users.governance,
        file_name="大文件.xlsx",
        storage_name="imports/x.xlsx",
        status=ImportJob.Status.VALIDATING,
        total_rows=200,
        done_rows=50,
    )
    client = login(users.governance)
    # when
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    # then: the progress part reloads itself every second while the job runs
    progress_url = reverse("core:job_progress", args=[job.pk])
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    assert "正在校验：50 / 200 行" in page and 'style="width: 25%"' in page
    # and stops polling once the job is over
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, message="共200行，导入200行")
    partial = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and "共200行，导入200行" in partial


def test_it_serves_the_template_and_a_scoped_export(users, login):
    client = login(users.cadre)
    # when
    template = client.get(reverse("core:import_template", args=["regions"]))
    export = client.get(reverse("core:import_export", args=["regions"]))
    # then
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in template["Content-Disposition"]
    header = next(
        openpyxl.load_workbook(_io.BytesIO(template.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert header[0] == "区划代码"
    codes = [
        r[0]
        for r in openpyxl.load_workbook(_io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    ]
    assert codes == ["区划代码", "430321108201", "430321108201001", "430321108201002"]
