"""What is due: a board's quarterly update at its edge, the posts without an oath, and each
person's study hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fazhi.core import rules as core_rules
from fazhi.education import duties
from fazhi.education.testing import make_board, make_oath, make_session


def test_a_board_is_due_on_the_day_a_quarter_passes_without_an_update(regions, users):
    # given a board set up in March and last updated on 2 September 2026
    make_board(regions.town, since=dt.date(2026, 3, 1), updates=[dt.date(2026, 6, 1), dt.date(2026, 9, 2)])
    # when the office looks on 1 December, it is not yet due; on 2 December it is
    assert duties.boards_due(users.judicial, dt.date(2026, 12, 1)) == []
    due = duties.boards_due(users.judicial, dt.date(2026, 12, 2))
    assert [(d.last, d.due_on) for d in due] == [(dt.date(2026, 9, 2), dt.date(2026, 12, 2))]


def test_a_board_never_updated_counts_from_the_day_it_was_set_up(regions, users):
    make_board(regions.town, since=dt.date(2026, 8, 31))
    # 31 August + 3 months = 30 November (the month has no 31st)
    assert duties.boards_due(users.judicial, dt.date(2026, 11, 29)) == []
    assert len(duties.boards_due(users.judicial, dt.date(2026, 11, 30))) == 1


def test_the_county_may_set_another_period_and_other_towns_boards_are_not_shown(regions, users):
    from fazhi.core.models import Rule

    make_board(regions.town, since=dt.date(2026, 1, 1), updates=[dt.date(2026, 10, 1)])
    make_board(regions.other_town, since=dt.date(2020, 1, 1), name="易俗河宣传栏")
    Rule.objects.create(
        code="education.board.update_months",
        region=regions.county,
        label="法治宣传阵地内容更新周期",
        kind="number",
        value=1,
        effective_from=dt.date(2026, 1, 1),
        citation="县司法局通知（测试）",
    )
    assert core_rules.value("education.board.update_months", regions.town, on=dt.date(2026, 11, 2)) == 1
    due = duties.boards_due(users.judicial, dt.date(2026, 11, 2))
    assert [d.board.name for d in due] == ["镇政府法治宣传栏"]


def test_the_overdue_list_holds_elected_posts_without_an_oath_after_the_rule_days(regions, users, staff):
    # given the 镇长 and a 副镇长 elected on 20 August 2021 and a clerk engaged the same day
    day = staff.posts.mayor.since
    # when nobody has sworn: within 30 days nobody is overdue, then both elected posts are
    assert duties.posts_without_oath(users.gov_office, day + dt.timedelta(days=30)) == []
    late = duties.posts_without_oath(users.gov_office, day + dt.timedelta(days=31))
    assert sorted(p.title for p in late) == ["副镇长", "镇长"]  # not the engaged clerk, not 易俗河镇's
    # when the 镇长 swears, only the 副镇长 remains
    make_oath(regions.town, [staff.posts.mayor], sworn_on=day)
    late = duties.posts_without_oath(users.gov_office, day + dt.timedelta(days=31))
    assert [p.person.name for p in late] == ["罗副镇长"]
    # the page lists it too, with its due day
    assert late[0].due_on == day + dt.timedelta(days=30)


def test_hours_per_person_are_summed_over_the_year_only(regions, users, staff):
    make_session(regions.town, [staff.mayor, staff.deputy], held_on=dt.date(2021, 3, 5), hours=Decimal("2"))
    make_session(regions.town, [staff.mayor], held_on=dt.date(2021, 9, 9), hours=Decimal("1.5"))
    make_session(regions.town, [staff.mayor], held_on=dt.date(2020, 12, 31), hours=Decimal("4"))
    rows = {
        r["person__name"]: (r["total"], r["sessions"]) for r in duties.hours_by_person(users.leader, 2021)
    }
    assert rows == {"徐彬": (Decimal("3.5"), 2), "罗副镇长": (Decimal("2.0"), 1)}


def test_home_page_shows_the_due_board_to_the_office_and_the_overdue_oath_to_the_party_office(
    client, regions, users, staff
):
    today = timezone.localdate()
    make_board(regions.town, since=today - dt.timedelta(days=200))
    client.force_login(users.judicial)
    page = client.get("/").content.decode()
    assert "法治宣传阵地待更新" in page and "镇政府法治宣传栏" in page
    client.force_login(users.gov_office)
    page = client.get("/").content.decode()
    assert "任职后未进行宪法宣誓" in page and "徐彬 · 镇长" in page
