"""The three clocks of a grid event — 受理 (working hours), 办理 and 核查 (working days) — at their
yellow and red edges, across a weekend, and from the county's rule when it sets one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import deadlines, rules
from fazhi.core.models import Deadline
from fazhi.grid import rules as grid_rules
from fazhi.grid.workflow import EVENT, HANDLE

pytestmark = pytest.mark.django_db


def at(*parts) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*parts))


def clock(event, code) -> Deadline:
    return Deadline.objects.filter(object_id=str(event.pk), code=code).latest("id")


def level(deadline, moment) -> str:
    """ok / warning (yellow) / overdue (red) at a moment (or on a day)."""
    if isinstance(moment, dt.datetime):
        return deadlines.standing(deadline, now=moment).level
    return deadlines.standing(deadline, moment).level


def test_the_accept_clock_runs_in_office_hours_across_a_weekend(make_event):
    # given: an event reported on Friday 3 September 2021 at 16:30 (4 working hours to accept)
    event = make_event(reported_at=at(2021, 9, 3, 16, 30))
    accept = clock(event, "grid.accept")
    # then: one hour on Friday, three on Monday morning: due Monday 6 September at 11:30
    assert timezone.localtime(accept.due_at) == at(2021, 9, 6, 11, 30)
    # and yellow one working hour before, red after the due moment
    assert level(accept, at(2021, 9, 5, 20, 0)) == "ok"  # Sunday evening: nothing counted
    assert level(accept, at(2021, 9, 6, 10, 29)) == "ok"
    assert level(accept, at(2021, 9, 6, 10, 30)) == "warning"
    assert level(accept, at(2021, 9, 6, 11, 29)) == "warning"
    assert level(accept, at(2021, 9, 6, 11, 31)) == "overdue"


def test_accepting_meets_the_clock(make_event, users):
    event = make_event()
    EVENT.fire(event, "accept", users.governance, {})
    assert clock(event, "grid.accept").status == Deadline.Status.MET


def test_the_handling_clock_starts_on_dispatch_in_working_days(make_event, walk):
    # given: an accepted event, dispatched today
    event = walk(make_event(), "accept", "dispatch")
    handle = clock(event, "grid.handle")
    # then: due five working days after today, yellow on its last working day, red the day after
    today = timezone.localdate()
    assert handle.due_on == deadlines.add_working_days(today, grid_rules.HANDLE_WORKING_DAYS).on
    assert handle.unit == deadlines.WORKING_DAYS and handle.warn_before == 1
    assert level(handle, today) == "ok"
    assert level(handle, handle.due_on) == "warning"
    assert level(handle, handle.due_on + dt.timedelta(days=1)) == "overdue"


def test_a_handling_period_from_friday_skips_the_weekend():
    # given: the 办理 rule (5 working days) counted from Friday 3 September 2021
    result = deadlines.compute(
        dt.datetime(2021, 9, 3),
        grid_rules.HANDLE_WORKING_DAYS,
        deadlines.WORKING_DAYS,
        warn_before=1,
        cal=deadlines.Calendar({}),
    )
    # then: Monday 6 to Friday 10 count; yellow from the start of Friday 10
    assert result.due_on == dt.date(2021, 9, 10)
    assert result.warn_at == dt.datetime(2021, 9, 10)
    assert HANDLE.period == grid_rules.HANDLE_WORKING_DAYS


def test_the_check_clock_starts_on_resolution_and_is_met_by_the_check(make_event, walk):
    event = walk(make_event(), "accept", "dispatch", "start_handling", "resolve")
    check = clock(event, "grid.check")
    assert check.status == "open" and check.days == grid_rules.CHECK_WORKING_DAYS
    assert clock(event, "grid.handle").status == "met"
    walk(event, "check_pass")
    assert clock(event, "grid.check").status == "met"


def test_the_county_sets_its_own_accept_period(make_event, users, regions):
    # given: the county sets 2 working hours from 2021-01-01
    rules.add_version(
        code=grid_rules.ACCEPT_RULE,
        region=regions.county,
        value={"length": 2, "unit": "working_hours"},
        effective_from=dt.date(2021, 1, 1),
        citation="湘潭县网格事件办理规定（示例）",
        user=users.county,
    )
    # when: an event is reported on a Tuesday at 09:00
    event = make_event(reported_at=at(2021, 9, 7, 9, 0))
    # then: it is due at 11:00 the same morning
    assert timezone.localtime(clock(event, "grid.accept").due_at) == at(2021, 9, 7, 11, 0)


def test_the_default_periods_say_where_they_come_from():
    for code in (grid_rules.ACCEPT_RULE, grid_rules.HANDLE_RULE, grid_rules.CHECK_RULE):
        assert str(rules.declared(code).citation) == "本系统默认（县规则未定）"
