"""The demo town, built once per test session (with pytest-xdist: once per worker), for every
app's demo tests (a pytest plugin, listed in fazhi/conftest.py's `pytest_plugins`).

    def test_it_files_19_cases_in_2021(demo, db): ...

`demo` is the `DemoContext` of `fazhi.core.demo.build_all()` — the same build as `fazhi demo`,
every installed app's builder in order. It is built in the test database inside a transaction
left open for the rest of the session; every test that reads it runs, as any `db` test, inside
a savepoint rolled back after it, so the demo stays as built. So that no other test sees the
demo's records, the tests that use the fixture are moved to the end of the run (each worker
receives its tests in collection order, so on each worker they run after all the others), and
the transaction is rolled back when the session ends.
"""

from __future__ import annotations

import pytest

FIXTURE = "demo"


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from fazhi.core import demo as core_demo
    from fazhi.core.ledger import acting_as

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with acting_as(None, "command"):
                ctx = core_demo.build_all()
        except BaseException as exc:
            transaction.set_rollback(True)
            atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
    yield ctx
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The demo's tests last (a stable sort: the others keep the order pytest-django gave)."""
    items.sort(key=lambda item: FIXTURE in getattr(item, "fixturenames", ()))
