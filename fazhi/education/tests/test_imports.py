"""The Excel registers: activities and study sessions (attendees by name from the staff
register) and the work plan's tasks, through core's import; a place outside the importer's
town or an unknown person refuses the row."""

from __future__ import annotations

import datetime as dt

from fazhi.core import io
from fazhi.core.tests.importing import filled_template
from fazhi.education.models import Activity, Attendance, StudySession
from fazhi.planning.models import Task
from fazhi.planning.testing import make_plan


def _import(code, user, rows):
    return io.run_import(io.get_register(code), filled_template(code, rows), user, file_name="台账.xlsx")


def test_activities_are_imported_in_the_importer_s_town_only(regions, users):
    ok = [
        "430321108",
        "2021-06-26",
        "禁毒宣传",
        "禁毒",
        "派出所",
        "石鼓中学",
        400,
        1300,
        1,
        4,
        20,
        "",
        "",
        "",
    ]
    result = _import("education-activities", users.judicial, [ok])
    assert result.written and result.created == 1, result.errors
    assert Activity.objects.get().materials == 1300
    outside = ["430321100", *ok[1:]]
    result = _import("education-activities", users.judicial, [outside])
    assert not result.written and "不在您的管辖范围内" in result.errors[0]["message"]


def test_study_sessions_take_their_attendees_by_name(regions, users, staff):
    row = [
        "430321108",
        "党委理论学习中心组集体学法",
        "2021-03-18",
        "学习习近平法治思想",
        "2",
        "会议室",
        "徐彬、罗副镇长",
    ]
    result = _import("education-study", users.gov_office, [row])
    assert result.written, result.errors
    session = StudySession.objects.get()
    assert sorted(a.person.name for a in Attendance.objects.filter(session=session)) == ["徐彬", "罗副镇长"]
    bad = [*row[:3], "另一次", *row[4:6], "徐彬、易镇长"]
    result = _import("education-study", users.gov_office, [bad])
    assert not result.written and "易镇长" in result.errors[0]["message"]


def test_plan_tasks_are_imported_into_a_registered_plan(regions, users, staff):
    make_plan(regions.town)
    result = _import(
        "planning-tasks",
        users.gov_office,
        [["430321108", 2021, 1, "开展宪法宣传周活动", "司法所", "徐彬", "2021-12-10"]],
    )
    assert result.written, result.errors
    task = Task.objects.get()
    assert (task.leader.name, task.deadline, task.region) == ("徐彬", dt.date(2021, 12, 10), regions.town)
    result = _import(
        "planning-tasks", users.gov_office, [["430321108", 2020, 1, "x", "司法所", "", "2020-12-10"]]
    )
    assert not result.written
