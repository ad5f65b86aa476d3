"""The staff register as an Excel register (fazhi.core.imports.StaffRegister): 党政办 downloads
the template, exports the persons and posts it reads, and imports them back through the staff
pages' forms: every bad row reported with its row, column and reason, nothing written unless all
rows pass, each saved person and post ledgered, only in the importer's regions."""

from __future__ import annotations

import datetime as dt
import io as _io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from fazhi.core.models import ImportJob, LedgerEntry, Person, Post
from fazhi.core.tests.importing import filled_template, sheet_rows

# 人员编号, 姓名, 性别, 工作单位区划代码, 办公电话, 系统账户, 备注,
# 职务, 类别, 部门, 任职区划代码, 任职日期, 离任日期, 产生方式, 任职文件, 排序
LI_HUA_HEAD = [None, "李华", "女", "430321108", "0731-57800001", None, None]
LI_HUA_POST = [
    "司法所所长",
    "领导职务",
    "司法所",
    None,
    "2021-03-01",
    None,
    "任命",
    "湘潭县委〔2021〕3号",
    10,
]
LI_HUA_GRID = ["网格长", "网格长", None, "430321108201001", "2021-04-01", None, "聘用", None, None]


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(client, rows, only_valid=False):
    data = {"staff-file": SimpleUploadedFile("名册.xlsx", filled_template("staff", rows))}
    if only_valid:
        data["staff-only_valid"] = "on"
    return client.post(reverse("core:import_upload", args=["staff"]), data, follow=True)


@pytest.fixture
def cadre(regions):
    """A town cadre of 石鼓镇 with a post since 2021."""
    person = Person.objects.create(region=regions.town, name="王明", sex="male")
    Post.objects.create(
        person=person,
        region=regions.town,
        title="党政办主任",
        kind="leader",
        department="党政办",
        since=dt.date(2021, 1, 1),
        taken_by="appointment",
    )
    return person


def test_the_office_finds_the_register_on_the_import_page_and_the_staff_list(users, login):
    # when 党政办 opens the import page and the staff list
    client = login(users.gov_office)
    imports = client.get(reverse("core:import_list")).content.decode()
    staff_list = client.get(reverse("core:staff_list")).content.decode()

    # then the register is offered for import and export, and the list links to both
    assert "工作人员名册" in imports and 'name="staff-file"' in imports
    assert reverse("core:import_export", args=["staff"]) in staff_list
    assert reverse("core:import_list") in staff_list
    # and a grid worker may export what they read, not import
    worker = login(users.grid_a).get(reverse("core:import_list")).content.decode()
    assert reverse("core:import_export", args=["staff"]) in worker
    assert 'name="staff-file"' not in worker


def test_the_template_has_every_column_and_its_instructions(users, login):
    # when 党政办 downloads the template
    response = login(users.gov_office).get(reverse("core:import_template", args=["staff"]))

    # then its header row names the person's and the post's columns, with the instructions sheet
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(_io.BytesIO(response.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header[:4] == ["人员编号", "姓名", "性别", "工作单位区划代码"]
    assert {"职务", "类别", "任职区划代码", "任职日期", "离任日期", "产生方式"} <= set(header)
    assert workbook.sheetnames[1] == "填写说明"


def test_it_imports_a_new_person_with_two_posts_and_ledgers_them(users, regions, login):
    # when 党政办 uploads one new person holding two posts (two rows)
    response = upload(login(users.gov_office), [LI_HUA_HEAD + LI_HUA_POST, LI_HUA_HEAD + LI_HUA_GRID])

    # then one person with both posts is registered, the summary says so, each save is ledgered
    page = response.content.decode()
    assert "共2行，导入2行（新增2，更新0）" in page
    person = Person.objects.get(name="李华")
    assert (person.region, person.sex, person.phone) == (regions.town, "female", "0731-57800001")
    posts = {p.title: p for p in person.posts.all()}
    assert posts["司法所所长"].region == regions.town  # 任职区划 left empty: the person's region
    assert posts["网格长"].region == regions.grid_a and posts["网格长"].kind == "grid_head"
    assert (
        LedgerEntry.objects.filter(object_type="core.person", action="create", source="import").count() == 1
    )
    assert LedgerEntry.objects.filter(object_type="core.post", action="create", source="import").count() == 2
    assert LedgerEntry.objects.filter(action="import", data__register="staff").exists()
    # and the staff page shows them
    detail = login(users.grid_a).get(reverse("core:staff_detail", args=[person.pk])).content.decode()
    assert "司法所所长" in detail and "网格长" in detail


def test_it_reports_every_bad_row_with_its_column_and_writes_nothing(users, cadre, login):
    # given rows that are each wrong in one way
    rows = [
        LI_HUA_HEAD + LI_HUA_POST,  # good
        [None, "赵六", "男", "430321100", None, None, None, *LI_HUA_POST],  # another town
        [
            None,
            "孙七",
            None,
            "430321108",
            None,
            None,
            None,
            "副所长",
            None,
            None,
            None,
            "2021-05-01",
            "2021-04-30",
            "任命",
            None,
            None,
        ],  # 离任 before 任职
        [None, "周八", None, "430321108", None, "nosuchuser", None],  # unknown account
        [
            None,
            "吴九",
            None,
            "430321108",
            None,
            None,
            None,
            "干事",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],  # a post without its day and how it was taken
        [None, "王明", None, "430321108", None, None, None],  # a person already registered, no 编号
        [999999, "郑十", None, "430321108", None, None, None],  # no such person
        [None, "钱一", "未知", "430321108", None, None, None],  # not a sex
    ]

    # when 党政办 uploads them
    response = upload(login(users.gov_office), rows)

    # then the job page lists each row's column and reason, and nothing is written
    job = ImportJob.objects.get()
    errors = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert errors[(4, "工作单位区划代码")] == "区划“430321100”不在您的管辖范围内"
    assert errors[(5, "离任日期")] == "离任日期不能早于任职日期"
    assert errors[(6, "系统账户")] == "账户“nosuchuser”不存在或不在您的管辖范围内"
    assert (7, "任职日期") in errors and (7, "产生方式") in errors
    assert "已登记同名人员（人员编号" in errors[(8, "人员编号")]
    assert errors[(9, "人员编号")] == "人员编号999999不存在或不在您有权修改的区划范围内"
    assert "“未知”不是可选值" in errors[(10, "性别")]
    assert not any(row == 3 for row, _column in errors)
    assert "校验未通过，未写入" in response.content.decode()
    assert not Person.objects.exclude(pk=cadre.pk).exists()


def test_the_export_imports_back_and_a_departure_date_ends_the_post(users, cadre, login):
    # given 党政办's export of the register
    client = login(users.gov_office)
    response = client.get(reverse("core:import_export", args=["staff"]))
    header, *rows = sheet_rows(response.content)
    row = next(r for r in rows if r[header.index("姓名")] == "王明")
    assert row[header.index("人员编号")] == cadre.pk and row[header.index("职务")] == "党政办主任"
    assert LedgerEntry.objects.filter(action="export", data__register="staff").exists()

    # when the post is given a 离任日期 and the sheet imported back
    edited = list(row)
    edited[header.index("离任日期")] = "2023-06-30"
    upload(client, [edited])

    # then the same post is ended, none is added, and the change is ledgered
    post = cadre.posts.get()
    assert post.until == dt.date(2023, 6, 30)
    assert Post.objects.count() == 1 and Person.objects.count() == 1
    assert "新增0，更新1" in ImportJob.objects.get().message
    assert LedgerEntry.objects.filter(
        object_type="core.post", object_id=str(post.pk), action="update", source="import"
    ).exists()


def test_the_export_holds_what_the_reader_reads(users, cadre, regions):
    # given a cadre of the other town
    other = Person.objects.create(region=regions.other_town, name="易俗干部")

    # when 石鼓镇's grid worker exports the register
    from fazhi.core import io

    data, _count = io.export_for(io.get_register("staff"), users.grid_a)

    # then their town's cadre is in it (the regions above theirs), the other town's is not
    names = [r[1] for r in sheet_rows(data)[1:]]
    assert "王明" in names and other.name not in names


def test_other_towns_and_other_roles_cannot_import_it(users, login):
    # when an enforcement officer uploads the register
    response = login(users.officer).post(
        reverse("core:import_upload", args=["staff"]),
        {"staff-file": SimpleUploadedFile("名册.xlsx", filled_template("staff", [LI_HUA_HEAD]))},
    )

    # then it is refused and nothing is written
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_it_imports_from_the_command_line_as_a_named_user(users, tmp_path):
    # given a filled template on disk
    path = tmp_path / "名册.xlsx"
    path.write_bytes(filled_template("staff", [LI_HUA_HEAD + LI_HUA_POST]))

    # when it is imported with the command as 党政办
    call_command("import", "staff", str(path), "--user", users.gov_office.username, stdout=_io.StringIO())

    # then the person and the post are registered and ledgered as that user
    person = Person.objects.get(name="李华")
    assert person.posts.get().title == "司法所所长"
    entry = LedgerEntry.objects.get(object_type="core.person", object_id=str(person.pk), action="create")
    assert entry.actor_id == users.gov_office.pk
