"""The demo's legal records for 石鼓镇 (built with core's demo town alone, not the whole demo):
the 2021 figures come out by query, every decision passed its legality review before its
meeting, and the demo adviser sees only their assignments and their own log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.urls import reverse

from fazhi.core import demo as core_demo
from fazhi.core import figures
from fazhi.core.models import User
from fazhi.legal import demo, metrics
from fazhi.legal.models import Adviser, Contract, Decision, Engagement, coverage

pytestmark = pytest.mark.django_db
TOWN = "430321108"


@pytest.fixture
def built(db):
    ctx = core_demo.build()
    demo.build(ctx)
    return ctx


def test_the_2021_legal_work_of_the_town(built):
    judicial = User.objects.get(username="judicial")
    period = figures.Period.year(2021)
    values = figures.evaluate(
        [metrics.DECISION_REVIEWS, metrics.CONTRACTS_REVIEWED, metrics.LECTURES, *metrics.NORMATIVE_CODES],
        judicial,
        [period],
    )
    assert values.get(metrics.DECISION_REVIEWS, period).value == 3
    assert values.get(metrics.CONTRACTS_REVIEWED, period).value == 8
    assert values.get(metrics.NORMATIVE_ISSUED, period).value == 2
    assert values.get(metrics.NORMATIVE_REPEALED, period).value == 1
    assert values.get(metrics.NORMATIVE_IN_FORCE, period).value == 2
    # the 12月4日 village lectures with the judicial office: one in each of the ten villages
    assert Engagement.objects.filter(kind="lecture", day="2021-12-04").count() == 10
    # 2021: every village had a current adviser; today 白石村's contract has lapsed
    assert coverage(built.town, on=dt.date(2021, 6, 1))["covered"] == 10
    assert [v.name for v in coverage(built.town)["lacking"]] == ["白石村"]
    assert Adviser.objects.filter(region=built.town, senior=True).count() == 1


def test_nothing_major_was_decided_without_a_passed_review_and_the_adviser_sees_their_own(built, client):
    decided = Decision.objects.filter(meeting_on__isnull=False)
    assert decided.count() > 3
    assert not decided.exclude(review_outcome__in=["lawful", "amend"]).exists()
    assert not decided.filter(reviewed_on__gt=F("meeting_on")).exists()
    argued = Decision.objects.get(started_on__year=2021, review_outcome="amend")
    assert argued.engagements.count() == 2 and "辩论" in argued.review_opinion
    assert (
        not Contract.objects.filter(signed_on__isnull=False)
        .exclude(review_outcome__in=["agree", "amend"])
        .exists()
    )
    # the demo adviser sees their assignments only
    adviser = User.objects.get(username="adviser")
    client.force_login(adviser)
    decisions = list(Decision.objects.visible_to(adviser))
    assert len(decisions) == 1 and decisions[0].state == Decision.State.IN_REVIEW
    assert Contract.objects.visible_to(adviser).count() == 1
    assert not Engagement.objects.visible_to(adviser).exclude(adviser__user=adviser).exists()
    page = client.get(reverse("legal:index")).content.decode()
    assert decisions[0].title in page
