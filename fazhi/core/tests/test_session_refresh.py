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


def _session_writes(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    return response, writes


def test_a_page_view_within_the_minute_writes_no_session_row_and_one_after_it_does(login, users):
    # given a signed-in officer whose session was just refreshed
    client = login(users.officer)
    client.get("/")
    # when they open pages within the minute, then no query writes the session table
    for url in ("/", "/enforcement/cases/"):
        response, writes = _session_writes(client, url)
        assert response.status_code == 200
        assert writes == []
    # when the last refresh is over a minute old, then the next page view writes it once
    session = client.session
    session["_refreshed"] = int(session["_refreshed"]) - 61
    session.save()
    _response, writes = _session_writes(client, "/")
    assert len(writes) == 1


def test_the_idle_timeout_still_signs_the_user_out(login, users, settings):
    # given a signed-in officer who has used the system (the session refreshed)
    client = login(users.officer)
    assert client.get("/").status_code == 200
    key = client.session.session_key
    # when no page is opened for longer than the idle timeout (SESSION_COOKIE_AGE from the
    # last refresh: the session's stored expiry is then in the past)
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    # then the next page asks them to sign in again
    response = client.get("/enforcement/cases/")
    assert response.status_code == 302 and "login" in response["Location"]
    # and the refresh in the last minute sets the expiry one full idle timeout ahead
    client = login(users.officer)
    client.get("/")
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    ahead = (expiry - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 120 < ahead <= settings.SESSION_COOKIE_AGE
