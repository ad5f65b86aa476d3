"""The 综治 figures of disputes, added up from two apps' records (core TOTAL figures):
排查登记 = disputes registered + 矛盾纠纷 grid events accepted and not turned into a dispute;
化解 = disputes whose agreement was performed + such events solved substantively; 化解率 =
化解 ÷ 排查登记 — on hand-made records with a known answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import figures, links
from fazhi.core.frozen import importing_at_state
from fazhi.grid.models import Event, EventCategory
from fazhi.grid.seed import ensure_categories
from fazhi.mediation.models import Agreement
from fazhi.mediation.testing import make_dispute, med  # noqa: F401 (fixtures)
from fazhi.reports import metrics

pytestmark = pytest.mark.django_db
Y2021 = figures.Period.year(2021)


def _event(grid, accepted: dt.date, solved: bool):
    ensure_categories()
    category = EventCategory.objects.filter(parent__code="01").first()
    at = timezone.make_aware(dt.datetime.combine(accepted, dt.time(9)))
    with importing_at_state():
        return Event.objects.create(
            region=grid, category=category, description="邻里纠纷", reported_at=at, reported_on=accepted,
            accepted_at=at, accepted_on=accepted,
            state=Event.State.ARCHIVED if solved else Event.State.ACCEPTED,
            resolution_kind=Event.ResolutionKind.SUBSTANTIVE if solved else "",
        )  # fmt: skip


def test_screened_resolved_and_the_rate_add_up_both_apps(make_dispute, regions, users):  # noqa: F811
    # given: two disputes registered in 2021, one with its agreement performed; two dispute
    # events accepted in 2021 (one solved), and a third turned into one of the disputes; a
    # December 2020 dispute and another town's event that must not count
    performed = make_dispute(registered_on=dt.date(2021, 3, 1))
    make_dispute(registered_on=dt.date(2021, 12, 20))
    make_dispute(registered_on=dt.date(2020, 12, 20))
    Agreement.objects.create(
        dispute=performed, content="赔偿", signed_on=dt.date(2021, 3, 20), performed=True
    )
    _event(regions.grid_a, dt.date(2021, 5, 1), solved=True)
    _event(regions.grid_a, dt.date(2021, 6, 1), solved=False)
    converted = _event(regions.grid_a, dt.date(2021, 3, 1), solved=False)
    links.link(converted, performed)
    _event(regions.other_grid, dt.date(2021, 5, 1), solved=True)
    # when
    values = figures.evaluate([metrics.RESOLUTION_RATE], regions.town, [Y2021])
    screened, resolved = values[metrics.DISPUTES_SCREENED], values[metrics.DISPUTES_RESOLVED]
    # then: 2 disputes + 2 events; 1 performed + 1 solved; the rate from those two
    assert [p.value for p in screened.parts] == [2, 2] and screened.value == 4
    assert [p.value for p in resolved.parts] == [1, 1] and resolved.value == 2
    assert values[metrics.RESOLUTION_RATE].display == "50.0%"
    # and each part opens its own records; the total's keys name their tables
    keys = figures.record_keys(metrics.DISPUTES_RESOLVED, regions.town, Y2021)
    assert keys == sorted(keys) and {k.split(":")[0] for k in keys} == {"mediation.dispute", "grid.event"}
