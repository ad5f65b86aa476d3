"""The event list and the API list cost the same queries whatever the number of events on the
page (each event's clock and files are loaded for the whole page at once)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [reverse("grid:event_list"), "/api/v1/grid/events/"])
def test_a_list_costs_the_same_for_two_events_or_twelve(url, make_event, users, regions):
    client = APIClient()
    client.force_login(users.governance)
    make_event()
    make_event(region=regions.grid_c, reporter=users.governance)
    client.get(url)  # warm the per-process caches (content types, the calendar)
    few = queries(client, url)
    for n in range(10):
        make_event(description=f"事件{n}")
    assert queries(client, url) == few
