"""督办: the governance office presses an open event with a 普通, 黄牌 or 红牌 督办 and a note, the
list shows the highest active level, and a cancelled 督办 stays on record; the event's state and
clocks do not move."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.grid.models import Event, Supervision
from fazhi.grid.tests.conftest import state

pytestmark = pytest.mark.django_db


def test_the_office_issues_a_red_card_and_cancels_it(login, users, make_event, walk):
    event = walk(make_event(description="排水沟久拖未办"), "accept", "dispatch")
    office = login(users.governance)
    url = reverse("grid:event_supervise", args=[event.pk])
    # a note is required, naming the field
    refused = office.post(url, {"level": "3", "note": ""})
    assert refused.status_code == 400 and "note" in refused.context["form"].errors
    # when: a 红牌督办 with its note
    answer = office.post(url, {"level": "3", "note": "限三日内办结"})
    assert answer.status_code == 302 and state(event) == Event.State.DISPATCHED
    made = Supervision.objects.get()
    assert made.level == 3 and made.issued_by == users.governance and made.region == event.region
    # then: the list marks it, the 督办 filter finds it, the page shows it
    listed = office.get(reverse("grid:event_list"))
    assert "红牌督办" in listed.content.decode()
    assert list(office.get(reverse("grid:event_list"), {"supervised": "1"}).context["object_list"]) == [event]
    assert "限三日内办结" in office.get(event.get_absolute_url()).content.decode()
    # when: it is cancelled, it stays on record, and the filter no longer finds the event
    office.post(reverse("grid:supervision_cancel", args=[event.pk, made.pk]))
    made.refresh_from_db()
    assert made.cancelled_at is not None and made.cancelled_by == users.governance
    assert list(office.get(reverse("grid:event_list"), {"supervised": "1"}).context["object_list"]) == []
    assert "已于" in office.get(event.get_absolute_url()).content.decode()


def test_a_closed_event_is_not_supervised_and_others_may_not(login, users, make_event, walk):
    event = walk(make_event(), "reject", reject={"dismiss_reason": "invalid"})
    answer = login(users.governance).post(
        reverse("grid:event_supervise", args=[event.pk]), {"level": "1", "note": "催办"}
    )
    assert answer.status_code == 400 and "不能督办" in answer.content.decode()
    open_event = make_event()
    for user in (users.grid_a, users.cadre, users.leader):
        assert (
            login(user)
            .post(reverse("grid:event_supervise", args=[open_event.pk]), {"level": "1", "note": "催办"})
            .status_code
            == 403
        )
    assert not Supervision.objects.exists()
