"""The demo's mediation records: 石鼓镇's 68 disputes of 2021 all resolved through the real
workflow, and the demo mediator's open work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core import deadlines
from fazhi.mediation.models import Agreement, Dispute

pytestmark = pytest.mark.django_db
TOWN = "430321108"


def test_68_disputes_of_2021_are_resolved_with_files(demo, db):
    disputes = Dispute.objects.filter(town_code=TOWN, registered_on__year=2021)
    assert disputes.count() == 68
    assert set(disputes.values_list("state", flat=True)) == {Dispute.State.ARCHIVED}
    assert Agreement.objects.filter(dispute__in=disputes).count() == 68
    assert all(d.sessions.exists() and d.follow_ups.exists() for d in disputes[:10])
    # each met its month: the one-month deadline is met, never late
    month = deadlines.Deadline.objects.filter(
        code="mediation.mediation", object_id__in=[str(d.pk) for d in disputes]
    )
    assert month.count() == 68 and not month.filter(met_late=True).exists()


def test_the_demo_mediator_has_open_work(demo, client):
    from fazhi.core.models import User

    mediator = User.objects.get(username="mediator")
    client.force_login(mediator)
    page = client.get(reverse("mediation:dispute_list"), {"stage": "open"}).content.decode()
    assert "歇马调字" in page
    open_states = Dispute.objects.filter(
        region__name="歇马村", state__in=["registered", "accepted", "mediating"]
    )
    assert open_states.count() == 3
