"""The idle timeout slides with use, but a page view does not write the session every time: the
session is refreshed at most once a minute (SessionRefreshMiddleware)."""

from __future__ import annotations

from django.contrib.sessions.models import Session


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_view_writes_the_session_at_most_once_a_minute(login, users):
    # given a signed-in officer who has just opened a page (the session refreshed)
    client = login(users.officer)
    client.get("/")
    first = _expiry(client)
    # when they open another page within the minute, then the session is not written
    client.get("/enforcement/cases/")
    assert _expiry(client) == first
    # when the last refresh is over a minute old, the next page view moves the expiry on
    session = client.session
    session["_refreshed"] = int(session["_refreshed"]) - 61
    session.save()
    before = _expiry(client)
    client.get("/enforcement/cases/")
    assert _expiry(client) > before
