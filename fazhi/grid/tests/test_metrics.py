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


@pytest.fixture
def may_patrols(regions, users, login):
    """歇马村第1网格 patrolled twice in May 2021 (through the patrol page), 歇马村第2网格 revoked
    on 30 April 2021 (a leftover log of it in May), 古塘村第1网格 in use and not patrolled."""
    from fazhi.grid.models import GridProfile, PatrolLog

    for grid, dissolved in (
        (regions.grid_a, None),
        (regions.grid_b, dt.date(2021, 4, 30)),
        (regions.grid_c, None),
    ):
        GridProfile.objects.create(region=grid, established_on=dt.date(2016, 1, 1), dissolved_on=dissolved)
    client = login(users.grid_a)
    for day in ("2021-05-06", "2021-05-20"):
        response = client.post(
            reverse("grid:patrol_create"),
            {"region": regions.grid_a.pk, "day": day, "households_visited": 12, "notes": "走访独居老人"},
        )
        assert response.status_code == 302
    PatrolLog.objects.create(region=regions.grid_b, day=dt.date(2021, 5, 8), households_visited=3)


def test_it_counts_a_grid_patrolled_twice_once_over_the_grids_in_use(may_patrols, users):
    may = Period.month(2021, 5)
    values = evaluate([m.PATROL_COVERAGE], users.governance, [may, Period.month(2021, 6)])
    coverage = values.get(m.PATROL_COVERAGE, may)
    # then: one grid patrolled (twice: once) of the two in use on 31 May; the revoked grid's log
    # counts in neither
    assert (coverage.numerator.value, coverage.denominator.value, coverage.display) == (1, 2, "50.0%")
    assert values.get(m.PATROL_COVERAGE, Period.month(2021, 6)).display == "0.0%"


def test_it_opens_the_months_patrols_and_its_definition_names_this_systems_rule(may_patrols, users, login):
    from fazhi.core.figures import get

    value = evaluate([m.GRIDS_PATROLLED], users.governance, [Period.month(2021, 5)])[m.GRIDS_PATROLLED]
    page = login(users.governance).get(value.url)
    assert {p.day.isoformat() for p in page.context["object_list"] if p.region_id} >= {
        "2021-05-06",
        "2021-05-20",
    }
    assert all(p.day.month == 5 for p in page.context["object_list"])
    assert get(m.PATROL_COVERAGE).source_kind_label == "本系统口径"
    definitions = login(users.governance).get(reverse("core:figures")).content.decode()
    assert "巡查覆盖率" in definitions and "同一网格巡查多次只计一个" in definitions


def test_a_grid_worker_reads_the_coverage_of_their_own_grid_only(may_patrols, users):
    coverage = evaluate([m.PATROL_COVERAGE], users.grid_a, [Period.month(2021, 5)])[m.PATROL_COVERAGE]
    assert (coverage.numerator.value, coverage.denominator.value) == (1, 1)


def test_the_governance_office_home_shows_this_months_coverage(regions, users, login):
    from fazhi.grid.models import GridProfile

    GridProfile.objects.create(region=regions.grid_a, established_on=dt.date(2016, 1, 1))
    GridProfile.objects.create(region=regions.grid_c, established_on=dt.date(2016, 1, 1))
    login(users.grid_a).post(
        reverse("grid:patrol_create"),
        {"region": regions.grid_a.pk, "day": timezone.localdate().isoformat(), "households_visited": 5},
    )
    home = login(users.governance).get(reverse("home")).content.decode()
    assert "网格巡查覆盖率" in home and "已巡查1个 / 在用2个网格" in home and "50.0%" in home
