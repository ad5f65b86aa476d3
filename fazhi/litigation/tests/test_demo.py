"""The litigation demo: every row sample data, the figures by query, building twice adds nothing.
Built here on core's town alone (fast); with the enforcement demo present, the builder also links
penalty rows to decided sample cases of their year (fazhi/litigation/demo.py)."""

from __future__ import annotations

import pytest

from fazhi.core import demo as kit
from fazhi.core.figures import Period, evaluate
from fazhi.litigation import metrics
from fazhi.litigation.demo import ROWS, build
from fazhi.litigation.models import Proceeding

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    ctx = kit.build()
    build(ctx)
    return ctx


def test_the_demo_rows_are_sample_data_and_linked_where_a_case_exists(built):
    town = Proceeding.objects.filter(town_code=built.town.code)
    assert town.count() == len(ROWS) + 1
    assert not Proceeding.objects.filter(is_sample=False).exists()
    build(built)
    assert Proceeding.objects.filter(town_code=built.town.code).count() == len(ROWS) + 1


def test_the_2021_figures_come_out_by_query(built):
    leader = built.users["leader"]
    values = evaluate(metrics.CODES, leader, [Period.year(2021)])
    expected = [r for r in ROWS if r[0] == 2021]
    assert values["litigation.review.total"].value == sum(1 for r in expected if r[3] == "review")
    assert values["litigation.disclosure.review.upheld"].value == 1
    assert values["litigation.direct.other"].value == 1
