"""加急: the governance office marks an open event urgent from its page; the queue puts it first;
a closed event cannot be expedited; other roles cannot."""

from __future__ import annotations

import pytest

from fazhi.conftest import PASSWORD
from fazhi.grid.models import Event

pytestmark = pytest.mark.django_db


def test_the_office_expedites_an_open_event(client, make_event, walk, users):
    first = make_event(description="先报的事件")
    later = walk(make_event(description="后报但加急的事件"), "accept")
    client.login(username=users.cadre.username, password=PASSWORD)
    assert client.post(f"/grid/events/{later.pk}/expedite/").status_code == 403
    client.login(username=users.governance.username, password=PASSWORD)
    assert "加急" in client.get(f"/grid/events/{later.pk}/").content.decode()
    assert client.post(f"/grid/events/{later.pk}/expedite/").status_code == 302
    later.refresh_from_db()
    assert later.urgency == Event.Urgency.URGENT
    queue = client.get("/grid/events/").content.decode()
    assert queue.index("后报但加急的事件") < queue.index(first.description)


def test_a_closed_event_is_not_expedited(client, make_event, walk, users):
    from fazhi.grid.tests.conftest import TO_ARCHIVE

    event = walk(make_event(), *TO_ARCHIVE)
    client.login(username=users.governance.username, password=PASSWORD)
    response = client.post(f"/grid/events/{event.pk}/expedite/", follow=True)
    assert "不能加急" in response.content.decode()
    event.refresh_from_db()
    assert event.urgency == Event.Urgency.NORMAL
