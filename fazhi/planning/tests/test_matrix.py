"""The authorization matrix of planning: every page and API operation × every principal ×
records inside and outside scope (fazhi/planning/tests/matrix.py)."""

from __future__ import annotations

import pytest

from fazhi.planning.tests.matrix import TABLE
from fazhi.testing import matrix
from fazhi.testing.matrix import cases_of, matrix_tree, run_case  # noqa: F401 (fixture)

MATRIX_TABLE = TABLE


@pytest.mark.parametrize("case", cases_of(TABLE))
def test_it_answers_as_the_table_says(case, matrix_tree):  # noqa: F811
    run_case(case, matrix_tree)


def test_it_has_a_row_for_every_planning_page_and_operation():
    missing = matrix.missing_from(TABLE)
    assert not missing, f"add rows to fazhi/planning/tests/matrix.py for: {missing}"


def test_its_rows_name_urls_and_operations_that_exist():
    assert matrix.unknown_in(TABLE) == []
