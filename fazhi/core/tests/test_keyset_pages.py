"""Registers page by keyset on several columns ending in a unique one (core.views.base
keyset_page with `order=`): following the 下一页 tokens walks every row once, in order, ties and
empty dates included, and a page costs the same queries wherever it is."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from fazhi.core.views.base import KeysetPage, keyset_page
from fazhi.testing.sample.models import Matter

ORDER = ("-opened_on", "-id")


def _walk(queryset, per_page):
    factory = RequestFactory()
    seen, token, queries = [], None, []
    while True:
        request = factory.get("/", {"after": token} if token else {})
        with CaptureQueriesContext(connection) as captured:
            rows, keyset = keyset_page(request, queryset, order=ORDER, per_page=per_page)
        queries.append(len(captured))
        seen.extend(rows)
        token = keyset["next"]
        if token is None:
            return seen, queries


def test_it_walks_every_row_once_in_order_with_ties_and_empty_dates(regions):
    # given matters on a few days (several on one day) and some without a date
    day = dt.date(2026, 3, 1)
    for i in range(23):
        opened = None if i % 5 == 0 else day - dt.timedelta(days=i // 4)
        Matter.objects.create(title=f"事项{i}", region=regions.grid_a, opened_on=opened)
    everything = Matter.objects.all()
    # when the pages are followed by their tokens, 4 rows a page
    seen, queries = _walk(everything, 4)
    # then every matter appears once, newest first, the undated ones last, ties by id
    expected = sorted(
        everything, key=lambda m: (m.opened_on is None, -(m.opened_on or day).toordinal(), -m.pk)
    )
    assert [m.pk for m in seen] == [m.pk for m in expected]
    # and each page is one query, the last as the first
    assert set(queries) == {1}


def test_a_bad_token_shows_the_first_page_and_an_old_page_number_still_works(regions):
    # given
    for i in range(7):
        Matter.objects.create(title=f"事项{i}", region=regions.grid_a, opened_on=dt.date(2026, 1, 1 + i))
    factory = RequestFactory()
    first, keyset = keyset_page(factory.get("/"), Matter.objects.all(), order=ORDER, per_page=3)
    # when the token is not one of ours, then the first page, marked first
    rows, bad = keyset_page(
        factory.get("/", {"after": "!!not-a-token"}), Matter.objects.all(), order=ORDER, per_page=3
    )
    assert [m.pk for m in rows] == [m.pk for m in first] and bad["first"]
    # when a link by page number (before keyset paging) is followed, then that page
    rows, old = keyset_page(factory.get("/", {"page": "3"}), Matter.objects.all(), order=ORDER, per_page=3)
    assert [m.title for m in rows] == ["事项0"] and not old["first"] and old["next"] is None
    # and the page's count is read only when asked for
    page = KeysetPage(first, Matter.objects.all(), keyset)
    with CaptureQueriesContext(connection) as captured:
        assert list(page) == first
    assert len(captured) == 0
    assert page.paginator.count == 7
