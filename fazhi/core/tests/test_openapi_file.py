"""docs/openapi.yaml is the API's schema as the code makes it (issue 17: CI fails when it drifts).

Another system is built against the checked-in file; an API change that does not regenerate it
(`make openapi`) would leave that system's developers reading a contract the server no longer
keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

CHECKED_IN = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the file is made on the default database: integer bounds follow the database "
    "(SQLite's 64-bit integers, PostgreSQL's 32-bit integer columns)",
)
def test_the_checked_in_schema_is_the_one_the_code_makes(tmp_path):
    made = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(made), "--validate")
    assert CHECKED_IN.exists(), "docs/openapi.yaml is missing: run `make openapi`"
    assert made.read_text(encoding="utf-8") == CHECKED_IN.read_text(encoding="utf-8"), (
        "docs/openapi.yaml differs from the schema the code makes: run `make openapi` and commit it"
    )
