"""The holiday calendar is cached per process: a request reads its version once (one cheap
query), and a change made in any process is seen by the next request in every process."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import deadlines, holidays

NATIONAL_DAY_2027 = (
    "日期,类型,名称\n2027-10-01,休,国庆节\n2027-10-04,休,国庆节\n2027-10-09,班,国庆节调休上班\n"
)
ONE_MORE_DAY = NATIONAL_DAY_2027 + "2027-10-05,休,国庆节\n"


@pytest.fixture(autouse=True)
def _as_in_production(settings):
    # the test settings check the calendar on every call (CALENDAR_RECHECK_SECONDS = 0); a
    # server checks it once per request
    settings.CALENDAR_RECHECK_SECONDS = 60
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()


def _calendar_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    reads = [s for s in sql if "core_calendar" in s]
    versions = [s for s in sql if "core_ledgerentry" in s and "core.calendarday" in s]
    return reads, versions


def _working_day_deadlines(regions, n=3):
    from fazhi.testing.sample.models import Matter

    for i in range(n):
        matter = Matter.objects.create(title=f"事项{i}", region=regions.grid_a)
        deadlines.start(matter, code="sample.reply", label="答复", rule="示例规则", days=15, working=True)


def _enter(content: str) -> None:
    parsed, saved = holidays.import_file("holidays.csv", content.encode())
    assert parsed.ok and saved, parsed.errors


def test_the_leaders_home_page_reads_the_calendar_version_once_and_the_calendar_not_at_all(login, users):
    # given a leader whose home page has been shown once (the calendar loaded in this process)
    client = login(users.leader)
    client.get("/")
    client.get("/core/deadlines/?show=all")
    # when the home page is shown again, then the calendar costs one version read and no
    # read of the holiday table
    reads, versions = _calendar_queries(client, "/")
    assert reads == []
    assert len(versions) <= 1
    # and the deadlines page too, however many deadlines it computes
    reads, versions = _calendar_queries(client, "/core/deadlines/?show=all")
    assert reads == [] and len(versions) <= 1


def test_a_change_made_in_another_process_is_seen_by_the_next_request(login, users, regions):
    # given two processes that both hold the calendar with 2027's National Day entered
    _working_day_deadlines(regions)
    _enter(NATIONAL_DAY_2027)
    client = login(users.leader)
    client.get("/")
    assert deadlines.day_info(dt.date(2027, 10, 5)) == (True, deadlines.ENTERED)
    other_process = dict(deadlines._cache)  # what the other process keeps in its memory
    # when this process enters one more holiday (it clears its own cache, not the other's)
    _enter(ONE_MORE_DAY)
    deadlines._cache.update(other_process)  # now "be" the other process, with its stale cache
    assert deadlines._cache["calendar"].info(dt.date(2027, 10, 5))[0] is True
    # then the other process's next request reads the shared version, sees it changed, and
    # counts on the new calendar
    reads, versions = _calendar_queries(client, "/core/deadlines/?show=all")
    assert len(versions) == 1 and reads, "the calendar was read again"
    assert deadlines._cache["calendar"].info(dt.date(2027, 10, 5)) == (False, deadlines.ENTERED)


def test_a_day_changed_without_clearing_any_cache_is_seen_by_the_next_request(login, users, regions):
    # given a process holding the calendar
    from fazhi.core.models import CalendarDay

    _working_day_deadlines(regions)
    _enter(NATIONAL_DAY_2027)
    client = login(users.leader)
    client.get("/core/deadlines/?show=all")
    assert deadlines._cache["calendar"] is not None
    # when a day is changed through the model (the admin, another process): ledgered, no
    # cache cleared here
    day = CalendarDay.objects.get(date=dt.date(2027, 10, 4))
    day.is_workday, day.name = True, "改为上班"
    day.save()
    # then the next request sees it
    client.get("/core/deadlines/?show=all")
    assert deadlines.calendar().info(dt.date(2027, 10, 4)) == (True, deadlines.ENTERED)
