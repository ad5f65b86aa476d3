"""The step × role table (docs/workflows.md) is generated from the workflow declarations, and
the authorization matrix's expectations for each step follow it."""

from django.core.management import call_command

from fazhi.core.workflow import render_doc
from fazhi.enforcement import workflow
from fazhi.enforcement.tests import matrix
from fazhi.testing.matrix import PRINCIPALS


def test_docs_workflows_md_is_up_to_date():
    # fails when a transition's roles, post or deadlines changed: run `fazhi workflows_doc`
    call_command("workflows_doc", "--check")
    assert "| `decide` | 作出行政处罚决定 |" in render_doc()
    assert "| `record_overdue` | 复查：逾期未改 | 待复查 | 逾期未改 |" in render_doc()


def _roles_in_town() -> dict[str, str]:
    """Principal → role, for those holding one role over 石鼓镇 (there or in the county)."""
    found = {}
    for name, text in PRINCIPALS.items():
        parts = text.split()
        if "+" not in text and len(parts) >= 4 and parts[3] in ("石鼓镇", "湘潭县"):
            found[name] = parts[1]
    return found


def _step_rows():
    """The matrix's rows that take a step: the case's and the rectification order's, on the web
    and through the API."""
    for row in [*matrix.PAGES, *matrix.OPERATIONS]:
        is_page = row.name in ("enforcement:case_step", "enforcement:order_step") and row.method == "POST"
        is_api = row.name.endswith(("_cases_steps_create", "_rectification_orders_steps_create"))
        if is_page or is_api:
            yield row, row.variant.split(":")[-1].split()[0]


def test_the_matrix_lets_exactly_the_roles_of_the_table_take_each_step():
    roles = _roles_in_town()
    rows = list(_step_rows())
    assert len(rows) >= 8
    assert {"record_rectified", "record_overdue"} <= {name for _row, name in rows}
    for row, name in rows:
        declared = set(workflow.transition(name).roles)
        changed = {p for p, outcome in row.inside.explicit.items() if outcome.changed and p in roles}
        expected = {p for p, role in roles.items() if role in declared}
        assert changed == expected, (row.name, row.variant)
