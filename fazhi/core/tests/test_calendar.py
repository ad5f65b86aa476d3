"""Entering a year's statutory holidays: `fazhi holidays import FILE` and the calendar page check
every row first, name each bad row's number and column, write nothing if any row is bad, and
replace a year's entries as a whole, ledgered."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fazhi.core import deadlines
from fazhi.core.models import CalendarDay, CalendarYear, LedgerEntry

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "holidays-2027-sample.csv"

BAD_ROW_FILE = (
    "日期,类型,名称\n"
    "2027-10-01,休,国庆节\n"
    "2027-10-04,放,国庆节\n"  # row 3: 类型 must be 休 or 班
    "2027-10-09,班,国庆节调休上班\n"
)


def _write(tmp_path, content: str, name: str = "holidays.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("holidays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_the_sample_2027_file_marked_as_a_sample(db):
    # when
    out, _err = _run("import", str(SAMPLE))
    # then: 2027 is entered and every name and its basis say it is a sample
    year = CalendarYear.objects.get(year=2027)
    assert "已录入 2027 年" in out
    assert "示例" in year.source
    assert all("示例" in d.name for d in year.days.all())
    assert deadlines.day_info(dt.date(2027, 10, 1)) == (False, deadlines.ENTERED)
    assert deadlines.day_info(dt.date(2027, 10, 9)) == (True, deadlines.ENTERED)
    entry = LedgerEntry.objects.get(action="calendar:import")
    assert entry.source == "command" and entry.data["year"] == 2027 and entry.digests
    assert entry.data["added"] == year.days.count() and not entry.data["replaced"]
    assert (
        LedgerEntry.objects.filter(action="create", object_type="core.calendarday").count()
        == year.days.count()
    )


def test_it_refuses_a_file_with_one_bad_row_naming_row_and_column_and_writes_nothing(db, tmp_path):
    # given
    path = _write(tmp_path, BAD_ROW_FILE)
    ledger_before = LedgerEntry.objects.count()
    err = io.StringIO()
    # when
    with pytest.raises(CommandError) as excinfo:
        call_command("holidays", "import", str(path), stdout=io.StringIO(), stderr=err)
    # then
    assert "未写入任何数据" in str(excinfo.value)
    assert "第3行 “类型”列：“放”无法识别" in err.getvalue()
    assert CalendarYear.objects.count() == 0 and CalendarDay.objects.count() == 0
    assert LedgerEntry.objects.count() == ledger_before


def test_it_reports_every_bad_row_not_only_the_first(db, tmp_path):
    # given: a wrong date, a duplicate, a working day on a weekday, a missing type
    path = _write(
        tmp_path,
        "日期,类型,名称\n2027-02-30,休,春节\n2027-10-01,休,国庆节\n2027-10-01,休,国庆节\n2027-10-08,班,调休\n2027-10-04,,国庆节\n",
    )
    # when
    with pytest.raises(CommandError):
        call_command("holidays", "import", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    # then
    lines = err.getvalue().splitlines()
    assert lines == [
        "第2行 “日期”列：“2027-02-30”不是有效日期，应写作 2027-01-01",
        "第4行 “日期”列：与第3行日期重复",
        "第5行 “类型”列：2027-10-08是星期五，本就是工作日；“班”只用于调休上班的周六、周日",
        "第6行 “类型”列：不能为空，应为“休”（放假）或“班”（调休上班）",
    ]


def test_it_names_a_missing_column(db, tmp_path):
    path = _write(tmp_path, "日期,名称\n2027-10-01,国庆节\n")
    with pytest.raises(CommandError):
        call_command("holidays", "import", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "第1行 “类型”列：缺少此列" in err.getvalue()


def test_it_replaces_a_year_as_a_whole_and_keeps_it_when_a_new_file_is_bad(db, tmp_path):
    # given: 2027 entered from the sample
    _run("import", str(SAMPLE))
    sample_days = CalendarDay.objects.count()
    # when: a bad file for 2027 comes
    with pytest.raises(CommandError):
        call_command(
            "holidays",
            "import",
            str(_write(tmp_path, BAD_ROW_FILE)),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    # then: nothing changed
    assert CalendarDay.objects.count() == sample_days
    # when: a good file for 2027 with one day comes, with the notice as an option
    _run(
        "import",
        str(_write(tmp_path, "日期,类型,名称\n2027-10-01,休,国庆节\n")),
        "--source",
        "国办发明电〔2026〕99号（测试）",
    )
    # then: the year holds exactly that day, and the old days are gone
    year = CalendarYear.objects.get(year=2027)
    assert list(year.days.values_list("date", flat=True)) == [dt.date(2027, 10, 1)]
    assert year.source == "国办发明电〔2026〕99号（测试）"
    assert deadlines.day_info(dt.date(2027, 10, 4)) == (True, deadlines.ENTERED)
    replaced = LedgerEntry.objects.filter(action="calendar:import").latest("id")
    assert (
        replaced.data["replaced"]
        and replaced.data["removed"] == sample_days - 1
        and replaced.data["changed"] == 1
    )
    assert (
        LedgerEntry.objects.filter(action="delete", object_type="core.calendarday").count() == sample_days - 1
    )


def test_it_reads_an_xlsx_file_with_real_dates_and_a_basis_column(db, tmp_path):
    # given: Excel gives dates back as datetimes
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称", "依据"])
    sheet.append([dt.datetime(2029, 1, 1), "休", "元旦（测试）", "测试通知"])
    sheet.append(["2029年9月29日", "班", "国庆节调休上班（测试）", "测试通知"])
    path = tmp_path / "2029.xlsx"
    book.save(path)
    # when
    _run("import", str(path))
    # then
    year = CalendarYear.objects.get(year=2029)
    assert year.source == "测试通知"
    assert dict(year.days.values_list("date", "is_workday")) == {
        dt.date(2029, 1, 1): False,
        dt.date(2029, 9, 29): True,
    }


def test_it_lists_entered_years_and_a_years_days(db):
    # given
    _run("import", str(SAMPLE))
    # when
    overview, _err = _run("list")
    days, _err = _run("list", "2027")
    package, _err = _run("list", "2024")
    # then
    assert "2027  已录入" in overview and "内置日历" in overview
    assert "2027-10-09 星期六  班  国庆节调休上班（示例）" in days
    assert "2024-02-18 星期日  班  春节调休上班" in package


# --- the calendar page -------------------------------------------------------------------------


def test_it_shows_which_years_are_entered_built_in_or_falling_back(users, login):
    # when
    response = login(users.judicial).get(reverse("core:calendar") + "?year=2024")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "内置日历" in html and "春节调休上班" in html
    assert "未录入，按周一至周五计算" in html


def test_it_refuses_the_calendar_page_without_the_permission(users, login):
    assert login(users.grid_a).get(reverse("core:calendar")).status_code == 403


def test_it_shows_every_bad_row_of_an_upload_and_writes_nothing(users, login):
    # when
    upload = SimpleUploadedFile("2027.csv", BAD_ROW_FILE.encode())
    response = login(users.judicial).post(reverse("core:calendar"), {"action": "import", "file": upload})
    # then
    html = response.content.decode()
    assert "文件有 1 处错误，未写入任何数据" in html
    assert "<td>3</td><td>类型</td>" in html
    assert CalendarYear.objects.count() == 0


def test_it_uploads_a_year_and_deletes_it_ledgered(users, login):
    client = login(users.judicial)
    # when
    upload = SimpleUploadedFile("holidays-2027-sample.csv", SAMPLE.read_bytes())
    response = client.post(reverse("core:calendar"), {"action": "import", "file": upload}, follow=True)
    # then
    assert "已录入2027年的节假日安排" in response.content.decode()
    assert CalendarYear.objects.get(year=2027).entered_by == users.judicial
    assert LedgerEntry.objects.get(action="calendar:import").actor_name == "judicial"
    days = CalendarDay.objects.count()
    # when: the year is deleted
    response = client.post(reverse("core:calendar"), {"action": "delete", "year": "2027"}, follow=True)
    # then
    assert "已删除2027年的录入" in response.content.decode()
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    deleted = LedgerEntry.objects.get(action="delete", object_type="core.calendaryear")
    assert (
        deleted.actor_name == "judicial"
        and deleted.source == "web"
        and deleted.data["before"]["year"] == 2027
    )
    assert LedgerEntry.objects.filter(action="delete", object_type="core.calendarday").count() == days
    assert deadlines.year_source(2027) == deadlines.FALLBACK


def test_the_calendar_is_checked_for_changes_at_most_once_a_second(settings, db):
    # given a process that reads the calendar every second at most (production)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.core import deadlines

    settings.CALENDAR_RECHECK_SECONDS = 60
    deadlines.clear_cache()
    deadlines.calendar()
    # when many deadlines are computed in a row, then the calendar costs no query
    with CaptureQueriesContext(connection) as queries:
        for day in range(1, 20):
            deadlines.add_working_days(dt.date(2021, 9, day), 5)
    assert len(queries) == 0
    # and a change made in this process is seen at once (holidays entering a year clear it)
    deadlines.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        deadlines.calendar()
    assert len(queries) >= 1
