"""The authorization matrix of core (issue 6), and the checks that keep every matrix whole:
every URL of every installed app and every API operation of the schema has a row, and
docs/security.md is generated from the tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.core.tests.matrix import TABLE
from fazhi.testing import matrix
from fazhi.testing.matrix import cases_of, matrix_tree, run_case  # noqa: F401 (fixture)

MATRIX_TABLE = TABLE
SECURITY_DOC = Path(__file__).resolve().parents[3] / "docs" / "security.md"


@pytest.mark.parametrize("case", cases_of(TABLE))
def test_it_answers_as_the_table_says(case, matrix_tree):  # noqa: F811
    run_case(case, matrix_tree)


def test_it_has_a_row_for_every_core_page_and_operation():
    missing = matrix.missing_from(TABLE)
    assert not missing, f"add rows to fazhi/core/tests/matrix.py for: {missing}"


def test_its_rows_name_urls_and_operations_that_exist():
    assert matrix.unknown_in(TABLE) == []


def test_every_url_and_operation_of_every_installed_app_is_in_a_table():
    missing = matrix.uncovered()
    assert not missing, f"no authorization table (fazhi/<app>/tests/matrix.py) has a row for: {missing}"


def test_the_principals_are_every_user_of_the_users_fixture_and_two_with_two_memberships(matrix_tree):  # noqa: F811
    # the tree's users are the `users` fixture of fazhi/conftest.py plus the two built by the kit
    assert set(matrix.PRINCIPALS) == {*vars(matrix_tree.users), matrix.ANONYMOUS}
    assert {m.role for m in matrix_tree.users.two_regions.memberships.all()} == {
        "enforcement_officer",
        "county_supervisor",
    }


def test_docs_security_md_is_up_to_date():
    from fazhi.core.management.commands.security_doc import render

    assert SECURITY_DOC.exists() and SECURITY_DOC.read_text(encoding="utf-8") == render(), (
        "docs/security.md is stale: run `fazhi security_doc`"
    )
