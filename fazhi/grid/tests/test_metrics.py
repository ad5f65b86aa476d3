"""The grid figures from their records: a cohort of events reported in 2021, each numerator a
subset of its denominator; 程序性办结 does not count as solved; open items past due count
against the on-time rate; a reader's figures are those of the grids they read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.figures import Period, evaluate
from fazhi.core.models import Deadline
from fazhi.grid import metrics as m
from fazhi.grid.workflow import EVENT

pytestmark = pytest.mark.django_db

Y2021 = Period.year(2021)
REPORTED = timezone.make_aware(dt.datetime(2021, 9, 3, 10, 0))
TO_CHECK = ["accept", "dispatch", "start_handling", "resolve", "check_pass"]


@pytest.fixture
def cohort(make_event, walk, users):
    # given: five events reported on 3 September 2021 and one in 2020
    solved = walk(make_event(reported_at=REPORTED, description="A"), *TO_CHECK)
    procedural = walk(
        make_event(reported_at=REPORTED, description="B"),
        *TO_CHECK,
        resolve={"resolution_kind": "procedural"},
    )
    late = walk(make_event(reported_at=REPORTED, description="C"), "accept", "dispatch")
    # its 办理 clock ran out in 2021 (the clock as the bulk path of past years would hold it)
    Deadline.objects.filter(object_id=str(late.pk), code="grid.handle").update(due_on=dt.date(2021, 9, 10))
    walk(late, "start_handling", "resolve", "check_pass")
    waiting = make_event(reported_at=REPORTED, description="D")  # never accepted: overdue now
    rejected = make_event(reported_at=REPORTED, description="E")
    EVENT.fire(rejected, "reject", users.governance, {"dismiss_reason": "not_grid"})
    make_event(reported_at=REPORTED.replace(year=2020), description="F")
    return {"solved": solved, "procedural": procedural, "late": late, "waiting": waiting}


def test_the_figures_of_a_cohort(cohort, users):
    expected = {
        m.REPORTED: 5,
        m.DUE_EVENTS: 4,
        m.CLOSED: 3,
        m.SOLVED: 2,  # the procedural closing is not solved
        m.ON_TIME: 2,  # the late 办理 is not on time
        m.CLOSED_OR_LATE: 4,  # the three closed and the one waiting past its 受理 time
    }
    values = evaluate(expected, users.governance, [Y2021])
    assert {code: values[code].value for code in expected} == expected


def test_the_rates(cohort, users):
    values = evaluate([m.CLOSING_RATE, m.ON_TIME_RATE, m.SOLVED_RATE], users.governance, [Y2021])
    assert values[m.CLOSING_RATE].value == Decimal(3) / Decimal(4)
    assert values[m.ON_TIME_RATE].display == "50.0%"
    assert values[m.SOLVED_RATE].display == "50.0%"


def test_each_figure_opens_its_events(cohort, users, login):
    values = evaluate([m.ON_TIME, m.CLOSED_OR_LATE], users.governance, [Y2021])
    client = login(users.governance)
    on_time = client.get(values[m.ON_TIME].url)
    assert {e.description for e in on_time.context["object_list"]} == {"A", "B"}
    base = client.get(values[m.CLOSED_OR_LATE].url)
    assert {e.description for e in base.context["object_list"]} == {"A", "B", "C", "D"}
    assert values[m.ON_TIME].url.startswith(reverse("grid:event_list"))


def test_another_grids_worker_counts_none_of_them(cohort, users):
    assert evaluate([m.REPORTED], users.grid_b, [Y2021])[m.REPORTED].value == 0


def test_the_definitions_page_words_the_clock_conditions(users, login):
    page = login(users.governance).get(reverse("core:figures")).content.decode()
    assert "按期结案率" in page and "办理或核查期限逾期完成" in page


def test_the_grids_are_those_in_use_on_the_last_day(regions, users):
    # given: 歇马村's two grids drawn in 2016, the second dissolved on 30 June 2021; a grid of
    # 易俗河镇; a grid drawn in 2022 would not count for 2021 either
    from fazhi.core.figures import records
    from fazhi.grid.models import GridProfile

    kept = GridProfile.objects.create(region=regions.grid_a, established_on=dt.date(2016, 1, 1))
    GridProfile.objects.create(
        region=regions.grid_b, established_on=dt.date(2016, 1, 1), dissolved_on=dt.date(2021, 6, 30)
    )
    GridProfile.objects.create(region=regions.other_grid, established_on=dt.date(2016, 1, 1))
    # when
    end_2021 = evaluate([m.GRIDS], regions.town, [Y2021])[m.GRIDS]
    may_2021 = evaluate([m.GRIDS], regions.town, [Period.month(2021, 5)])[m.GRIDS]
    june_2021 = evaluate([m.GRIDS], regions.town, [Period.month(2021, 6)])[m.GRIDS]
    # then: one at the end of 2021; both at the end of May; one at the end of June, the day it
    # was dissolved; another town's never
    assert (end_2021.value, may_2021.value, june_2021.value) == (1, 2, 1)
    assert list(records(m.GRIDS, regions.town, Y2021)) == [kept]
