"""Transactional tests (live_server, `django_db(transaction=True)`) with an append-only ledger.

Such a test ends by emptying every table (Django's flush: DELETE on SQLite, TRUNCATE on
PostgreSQL), which the ledger's triggers rightly refuse. Around the teardown of those tests only,
this plugin lifts the triggers and puts them back afterwards, with the same SQL as migration
0010, so the rest of the session runs with the ledger append-only again.
"""

from __future__ import annotations

import importlib

import pytest

_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _is_transactional(item) -> bool:
    if _TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


def _run(config, which: str) -> None:
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    migration = importlib.import_module("fazhi.core.migrations.0010_ledger_chains")
    with config.stash[blocking_manager_key].unblock():
        if which == "drop":
            migration.drop_triggers(connection)
        else:
            migration.install_triggers(connection)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    if not _is_transactional(item):
        yield
        return
    from django.db import connection

    test_database = connection.settings_dict["NAME"]
    _run(item.config, "drop")
    try:
        yield
    finally:
        # After the session's last test the test database is gone and the connection points at
        # the real one again: leave that alone.
        if connection.settings_dict["NAME"] == test_database:
            _run(item.config, "create")
