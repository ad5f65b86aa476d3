"""Converting a grid event into a dispute for people's mediation in one step (core.links
"create from this record"): the event's page offers it, the dispute form opens filled from the
event, saving links the two both ways, the event keeps its history, and the accepted 矛盾纠纷
event no longer counts by itself among the 排查登记 once its dispute does."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core import figures
from fazhi.core.figures import Period
from fazhi.core.models import RecordLink
from fazhi.grid import metrics
from fazhi.grid.models import Event
from fazhi.grid.tests.conftest import state
from fazhi.mediation import metrics as mediation_metrics
from fazhi.mediation.models import Dispute
from fazhi.mediation.testing import med  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def convert_url(event) -> str:
    return reverse("mediation:dispute_create") + f"?from=grid.event:{event.pk}"


def counted(user, *codes):
    year = Period.year(timezone.localdate().year)
    values = figures.evaluate(codes, user, [year])
    return {code: values.get(code, year).value for code in codes}


def test_the_office_turns_an_accepted_event_into_a_dispute_in_one_step(
    login,
    users,
    regions,
    make_event,
    walk,
    med,  # noqa: F811
):
    # given: an accepted 矛盾纠纷 event of 歇马村第1网格 from a citizen's visit
    event = walk(
        make_event(
            description="两户因排水沟堵塞发生争吵", citizen_name="张三丰", citizen_phone="13812345678"
        ),
        "accept",
    )
    office = login(users.governance)
    before = counted(users.governance, metrics.DISPUTE_EVENTS, mediation_metrics.REGISTERED)
    assert before == {metrics.DISPUTE_EVENTS: 1, mediation_metrics.REGISTERED: 0}
    # when: the office opens the event and follows 转为矛盾纠纷调解
    page = office.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert "转为矛盾纠纷调解" in page and f"/mediation/disputes/new/?from=grid.event%3A{event.pk}" in page
    form_page = office.get(convert_url(event))
    # then: the dispute form starts from the event: place, facts, type, a referral from the grid,
    # the citizen as applicant, 歇马村's committee
    assert form_page.status_code == 200
    initial = form_page.context["form"].initial
    assert initial["region"] == regions.grid_a.pk and initial["committee"] == med.village.pk
    assert initial["dispute_type"] == "neighbour" and initial["source"] == "referral"
    assert initial["applicant_name"] == "张三丰" and "排水沟" in initial["summary"]
    assert f'name="from" value="grid.event:{event.pk}"' in form_page.content.decode()
    # when: they add the respondent and register it
    data = {
        "from": f"grid.event:{event.pk}",
        "committee": med.village.pk,
        "region": regions.grid_a.pk,
        "title": initial["title"],
        "summary": initial["summary"],
        "dispute_type": "neighbour",
        "source": "referral",
        "referred_by": initial["referred_by"],
        "referral_reference": initial["referral_reference"],
        "kind": "people",
        "registered_on": initial["registered_on"].isoformat(),
        "applicant_name": "张三丰",
        "respondent_name": "李四",
    }
    answer = office.post(reverse("mediation:dispute_create"), data)
    # then: one dispute, linked from the event; the event keeps its state and its history
    dispute = Dispute.objects.get()
    assert answer.status_code == 302 and answer["Location"] == dispute.get_absolute_url()
    link = RecordLink.objects.get()
    assert (link.from_id, link.to_id, link.kind) == (str(event.pk), str(dispute.pk), "created_from")
    assert state(event) == Event.State.ACCEPTED
    shown = office.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert dispute.get_absolute_url() in shown and "关联记录" in shown and "受理" in shown
    # and the dispute's page shows where it came from
    origin = office.get(dispute.get_absolute_url()).content.decode()
    assert "来源" in origin and event.get_absolute_url() in origin
    # the figures: the dispute counts among the 排查登记, the event no longer by itself
    after = counted(users.governance, metrics.DISPUTE_EVENTS, mediation_metrics.REGISTERED)
    assert after == {metrics.DISPUTE_EVENTS: 0, mediation_metrics.REGISTERED: 1}
    # a second conversion opens the first dispute instead of registering another
    again = office.post(reverse("mediation:dispute_create"), data)
    assert again.status_code == 302 and again["Location"] == dispute.get_absolute_url()
    assert Dispute.objects.count() == 1


def test_only_accepted_dispute_events_count_and_a_rejected_one_does_not(users, make_event, walk, category):
    from fazhi.grid.models import EventCategory

    walk(make_event(), "accept")
    make_event()  # reported, not accepted
    walk(make_event(), "reject", reject={"dismiss_reason": "duplicate"})
    walk(make_event(category=EventCategory.objects.get(code="0401")), "accept")  # 环境卫生
    assert counted(users.governance, metrics.DISPUTE_EVENTS)[metrics.DISPUTE_EVENTS] == 1


def test_a_reader_who_may_not_register_disputes_is_not_offered_the_conversion(
    login,
    users,
    make_event,
    med,  # noqa: F811
):
    event = make_event()
    page = login(users.leader).get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert "转为矛盾纠纷调解" not in page
    assert login(users.leader).get(convert_url(event)).status_code == 403


def test_a_source_the_user_may_not_read_is_not_found(login, users, regions, make_event, med):  # noqa: F811
    other = make_event(region=regions.grid_b, reporter=users.grid_b)
    assert login(users.grid_a).get(convert_url(other)).status_code == 404
    assert (
        login(users.governance)
        .get(reverse("mediation:dispute_create") + "?from=grid.event:999999")
        .status_code
        == 404
    )
