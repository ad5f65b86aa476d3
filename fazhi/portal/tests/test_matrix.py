"""The authorization matrix of the portal (fazhi/portal/tests/matrix.py)."""

from __future__ import annotations

import pytest

from fazhi.portal.tests.matrix import TABLE
from fazhi.testing import matrix
from fazhi.testing.matrix import cases_of, matrix_tree, run_case  # noqa: F401 (fixture)

MATRIX_TABLE = TABLE


@pytest.mark.parametrize("case", cases_of(TABLE))
def test_it_answers_as_the_table_says(case, matrix_tree):  # noqa: F811
    run_case(case, matrix_tree)


def test_it_has_a_row_for_every_portal_page():
    missing = matrix.missing_from(TABLE)
    assert not missing, f"add rows to fazhi/portal/tests/matrix.py for: {missing}"


def test_its_rows_name_urls_that_exist():
    assert matrix.unknown_in(TABLE) == []
