"""The procedure of an administrative penalty case, as workflows over `Case`.

Three workflows share the case, each over its own field:

- `CASE` over `state`, the procedure itself.
  General procedure (普通程序):
      draft ─file→ filed ─investigate→ investigating ─notify→ notified ─record_statement→ statement
      investigating / notified / statement / hearing ─submit_for_review→ legal_review
      legal_review ─approve_review→ reviewed (or ─reject_review→ investigating)
      reviewed ─notify→ notified          (review before the notice, 行政处罚法 第五十八条)
      notified / statement ─request_hearing→ hearing ─schedule_hearing / record_hearing→ hearing
      notified / statement / reviewed ─decide→ decided   (penalty)
      investigating / reviewed / notified / statement ─decide_no_penalty / transfer→ decided
      decided ─serve→ served ─record_payment / apply_compulsory→ executing ─close→ closed ─archive→ archived
      served / executing ─defer_payment / approve_instalments→ executing (第六十六条第二款, the leader)
      executing ─record_instalment→ executing (one instalment; the last one pays the fine)
  Simple procedure (简易程序, 第五十一、五十二条): draft ─decide_on_the_spot→ served, then as above.
- `PUBLICITY` over `publicity`: a penalty decision is published within 7 working days
  (国办发〔2018〕118号) and withdrawn within 3 working days when changed (第四十八条).
- `PERIOD` over `decision_period`: the 90-day decision period (第六十条) extended with the
  approval of the agency's head, through `fazhi.core.deadlines.extend` (reason, approver, the
  rule's limits).

A fourth, `ORDER` over `RectificationOrder.result`, is the follow-up check of a rectification
order (责令改正通知书): 待复查 ─record_rectified→ 整改完成, or ─record_overdue→ 逾期未改 (only after
the deadline), each meeting the order's 责令改正期限 on the day of the check. The deadline is
opened where an order is issued and moved with its day while the order awaits its check
(`follow_order_deadline`, called by those doors); an order not complied with becomes a case
through `file_case_from_order`, which fires `record_overdue` when no check is recorded yet.

Officers join and withdraw (回避) through `add_officer` and `withdraw_officer`.

The parts:
- `declarations.py`: the workflows and the lookups (`fire`, `options`, `transition`);
- `guards.py`, `input_guards.py`: the preconditions on the record and the checks of a step's
  cleaned input, each refusal with a stable code, its field and the article it cites;
- `actions.py`: what each step does, and the actions outside the workflows;
- `conditions.py`: what the law asks of a case (hearing rights, collective discussion, legal
  review, the party's periods); `clocks.py`: the time limits; `common.py`: roles and helpers.
Each step's input is cleaned by its form (`fazhi.enforcement.forms.steps`) inside
`Workflow.fire`, whatever the door. The numbers are in `fazhi.enforcement.rules`.
"""

from fazhi.enforcement.models import DECIDED_STATES
from fazhi.enforcement.workflow.actions import (
    add_officer,
    file_case_from_order,
    follow_order_deadline,
    withdraw_officer,
)
from fazhi.enforcement.workflow.clocks import (
    DECISION,
    FINE,
    HEARING_REQUEST,
    PUBLICATION,
    RECTIFICATION,
    SERVICE,
    WITHDRAWAL,
)
from fazhi.enforcement.workflow.common import LEADER, OFFICER, PRE_DECISION, REVIEWER
from fazhi.enforcement.workflow.conditions import (
    earliest_hearing_day,
    fine_due_on,
    has_hearing_rights,
    hearing_grounds,
    hearing_window_ends,
    needs_collective_discussion,
    needs_legal_review,
    review_grounds,
    statement_window_ends,
)
from fazhi.enforcement.workflow.declarations import (
    CASE,
    CASE_WORKFLOWS,
    ORDER,
    PERIOD,
    PUBLICITY,
    WORKFLOWS,
    fire,
    options,
    transition,
    workflow_of,
)

__all__ = [
    "CASE",
    "CASE_WORKFLOWS",
    "DECIDED_STATES",
    "DECISION",
    "FINE",
    "HEARING_REQUEST",
    "LEADER",
    "OFFICER",
    "ORDER",
    "PERIOD",
    "PRE_DECISION",
    "PUBLICATION",
    "PUBLICITY",
    "RECTIFICATION",
    "REVIEWER",
    "SERVICE",
    "WITHDRAWAL",
    "WORKFLOWS",
    "add_officer",
    "earliest_hearing_day",
    "file_case_from_order",
    "fine_due_on",
    "fire",
    "follow_order_deadline",
    "has_hearing_rights",
    "hearing_grounds",
    "hearing_window_ends",
    "needs_collective_discussion",
    "needs_legal_review",
    "options",
    "review_grounds",
    "statement_window_ends",
    "transition",
    "withdraw_officer",
    "workflow_of",
]
