"""A refused request leaves one log line without a traceback; a server error keeps its traceback."""

from __future__ import annotations

import logging

from fazhi.core.logs import RefusalsWithoutTraceback


def _record(status):
    try:
        raise PermissionError("refused")
    except PermissionError:
        import sys

        return logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden: /x/", None, sys.exc_info()
        ), status


def test_a_refusal_is_logged_without_its_traceback(login, users, caplog):
    # when a grid worker opens the enforcement case list (403)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login(users.grid_a).get("/enforcement/cases/")
    assert response.status_code == 403
    # then the line is logged, and the console handler's filter drops the traceback
    # (Django attaches the PermissionDenied's traceback; the console handler's filter, configured
    # in settings, has dropped it from the record by the time it is captured)
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info is None
    assert "/enforcement/cases/" in record.getMessage()


def test_the_filter_drops_a_refusals_traceback():
    record, _status = _record(403)
    record.status_code = 403
    assert RefusalsWithoutTraceback().filter(record) and record.exc_info is None


def test_a_server_error_keeps_its_traceback():
    record, status = _record(500)
    record.status_code = status
    RefusalsWithoutTraceback().filter(record)
    assert record.exc_info is not None
    assert "PermissionError" in logging.Formatter().format(record)
