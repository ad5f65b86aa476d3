"""Statutory time limits: working days on the Chinese statutory calendar (adjusted working
weekends included), natural days, an entered year overriding the package, and a year nobody
entered falling back to Monday–Friday and saying so."""

import datetime as dt

import chinese_calendar
import pytest

from fazhi.core import deadlines, holidays
from fazhi.core.models import CalendarDay, CalendarYear, Deadline
from fazhi.testing.sample.models import Matter

D = dt.date
SERVE_DAYS = 7  # 行政处罚法 第六十一条、第八十五条: 7 working days
PAY_DAYS = 15  # 行政处罚法 第六十七条: 15 days


def _enter(rows: list[str], name: str = "holidays.csv"):
    content = ("日期,类型,名称\n" + "\n".join(rows) + "\n").encode()
    parsed, saved = holidays.import_file(name, content)
    assert parsed.ok, [str(e) for e in parsed.errors]
    return saved


@pytest.fixture
def matter(regions):
    return Matter.objects.create(title="石鼓执罚〔2021〕19号", region=regions.grid_a)


def test_it_counts_working_days_across_national_day_2021(db):
    # given: the package knows 2021 — 1–7 October off, Sunday 26 September and Saturday
    # 9 October adjusted working days
    assert chinese_calendar.is_workday(D(2021, 9, 26)) and chinese_calendar.is_workday(D(2021, 10, 9))
    assert not any(chinese_calendar.is_workday(D(2021, 10, d)) for d in range(1, 8))
    # when / then: 7 working days from 29 September: 30 Sep, 8, 9 (Sat), 11, 12, 13, 14 Oct
    assert deadlines.add_working_days(D(2021, 9, 29), SERVE_DAYS) == deadlines.Due(D(2021, 10, 14))
    assert deadlines.add_working_days(D(2021, 9, 30), SERVE_DAYS).on == D(2021, 10, 15)
    # and the adjusted Sunday counts: one working day after Friday 24 September is Sunday 26th
    assert deadlines.add_working_days(D(2021, 9, 24), 1).on == D(2021, 9, 26)


def test_it_counts_working_days_across_the_spring_festival_2024(db):
    # given: 10–17 February 2024 off, Sundays 4 and 18 February adjusted working days
    assert chinese_calendar.is_workday(D(2024, 2, 4)) and chinese_calendar.is_workday(D(2024, 2, 18))
    # when / then: from Friday 2 February, 5 working days are 4 (Sun), 5, 6, 7, 8 February
    assert deadlines.add_working_days(D(2024, 2, 2), 5).on == D(2024, 2, 8)
    # from 8 February, 3 working days are 9 February, Sunday 18 February and 19 February
    assert deadlines.add_working_days(D(2024, 2, 8), 3).on == D(2024, 2, 19)
    assert deadlines.working_days_between(D(2024, 2, 9), D(2024, 2, 18)) == 1
    assert deadlines.day_info(D(2024, 2, 18)) == (True, deadlines.PACKAGE)


def test_it_counts_natural_days_through_holidays(db):
    # when: a 15-day period starting on National Day eve
    due = deadlines.compute_due(D(2021, 9, 30), PAY_DAYS, working=False)
    # then: every day counts, holidays and weekends included
    assert due == deadlines.Due(D(2021, 10, 15))
    assert deadlines.compute_due(D(2024, 2, 9), 0, working=False).on == D(2024, 2, 9)


def test_it_records_a_deadline_with_its_rule_and_due_day(matter):
    # when
    deadline = deadlines.start(
        matter,
        code="enforcement.serve",
        label="送达决定书",
        rule="行政处罚法第六十一条",
        days=SERVE_DAYS,
        working=True,
        starts_on=D(2021, 9, 29),
    )
    # then
    deadline.refresh_from_db()
    assert (deadline.object_repr, deadline.label, deadline.rule) == (
        "石鼓执罚〔2021〕19号",
        "送达决定书",
        "行政处罚法第六十一条",
    )
    assert deadline.due_on == D(2021, 10, 14) and deadline.calendar_note == ""
    assert deadline.region == matter.region and deadline.status == Deadline.Status.OPEN


def test_it_marks_a_deadline_met_on_time_or_late(matter):
    # given
    deadlines.start(matter, code="a", label="甲", rule="规则", days=3, working=False, starts_on=D(2021, 3, 1))
    deadlines.start(matter, code="b", label="乙", rule="规则", days=3, working=False, starts_on=D(2021, 3, 1))
    # when
    (on_time,) = deadlines.meet(matter, "a", when=dt.datetime(2021, 3, 4, 10, tzinfo=dt.UTC))
    (late,) = deadlines.meet(matter, "b", when=dt.datetime(2021, 3, 6, 10, tzinfo=dt.UTC))
    # then
    assert on_time.status == Deadline.Status.MET and not on_time.met_late
    assert late.met_late
    assert deadlines.standing(late).text == "逾期完成"


def test_it_lets_an_entered_year_override_the_package(matter):
    # given: an administrator entered 2021 with only 1 October off and no adjusted weekends
    _enter(["2021-10-01,休,国庆节"])
    # when
    deadline = deadlines.start(
        matter,
        code="serve",
        label="送达",
        rule="行政处罚法第六十一条",
        days=SERVE_DAYS,
        working=True,
        starts_on=D(2021, 9, 30),
    )
    # then: 4–8, 11, 12 October are counted (the package would say 15 October)
    assert deadline.due_on == D(2021, 10, 12)
    assert deadlines.day_info(D(2021, 10, 9)) == (False, deadlines.ENTERED)
    assert deadlines.year_source(2021) == deadlines.ENTERED


def test_it_falls_back_to_monday_to_friday_for_a_year_nobody_entered_and_says_so(matter):
    # when: a 3-working-day period from 31 December 2030 (neither the package nor anybody knows 2031)
    deadline = deadlines.start(
        matter, code="notify", label="告知", rule="示例规定", days=3, working=True, starts_on=D(2030, 12, 31)
    )
    # then: 1 January 2031 counts as a plain Wednesday, and the record says why
    deadline.refresh_from_db()
    assert deadline.due_on == D(2031, 1, 3)
    assert deadline.calendar_note == "2031年的法定节假日安排尚未录入，按周一至周五计算工作日"
    assert deadlines.year_source(2031) == deadlines.FALLBACK


def test_it_recounts_open_deadlines_when_their_year_is_entered(matter, regions):
    # given: a 7-working-day period over National Day 2027, counted Monday–Friday for want of a calendar
    deadline = deadlines.start(
        matter,
        code="serve",
        label="送达",
        rule="行政处罚法第六十一条",
        days=SERVE_DAYS,
        working=True,
        starts_on=D(2027, 9, 30),
    )
    assert deadline.due_on == D(2027, 10, 11) and "2027年" in deadline.calendar_note
    # when: the (sample) 2027 arrangement is entered: 1 and 4–7 October off, 9 October worked
    _enter(
        [
            "2027-10-01,休,国庆节（示例）",
            "2027-10-04,休,国庆节（示例）",
            "2027-10-05,休,国庆节（示例）",
            "2027-10-06,休,国庆节（示例）",
            "2027-10-07,休,国庆节（示例）",
            "2027-10-09,班,国庆节调休上班（示例）",
        ]
    )
    # then: the open deadline follows the calendar and no longer carries the note
    deadline.refresh_from_db()
    assert deadline.due_on == D(2027, 10, 15) and deadline.calendar_note == ""
    # and when the entry is deleted again, it falls back again
    holidays.delete_year(CalendarYear.objects.get(year=2027))
    deadline.refresh_from_db()
    assert deadline.due_on == D(2027, 10, 11) and "2027年" in deadline.calendar_note


def test_it_sees_a_year_entered_by_another_process(matter):
    # given: this process has read the calendar
    assert deadlines.year_source(2028) == deadlines.FALLBACK
    # when: the year is written straight to the database (as another server process would)
    year = CalendarYear.objects.create(year=2028, source="另一进程")
    CalendarDay.objects.create(year=year, date=D(2028, 1, 3), is_workday=False, name="示例")
    # then: without anybody clearing this process's cache, the entry applies
    assert deadlines.day_info(D(2028, 1, 3)) == (False, deadlines.ENTERED)
