"""Execution of a fine as the litigation register shows it: the surcharge leaves out the days a
复议 or 诉讼 on the case was pending (行政处罚法 第七十三条第三款), and compulsory execution waits
for the periods of 复议 and 诉讼 to run without either (行政强制法 第五十三条). The register is
fazhi.litigation (its `register` functions), read by the case as a record it concerns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fazhi.enforcement import rules


def _register():
    from fazhi.litigation import register

    return register


def paused_days(case, until: dt.date) -> int:
    """Days after the due day up to `until` on which a 复议 or 诉讼 on `case` was pending."""
    if case.fine_due_on is None or until <= case.fine_due_on:
        return 0
    return _register().pending_days(case, case.fine_due_on + dt.timedelta(days=1), until)


def surcharge(case, until: dt.date) -> Decimal:
    """加处罚款 due on `until` (第七十二条第一项, 第七十三条第三款)."""
    return rules.surcharge(case.decided_fine, case.fine_due_on, until, paused_days(case, until))


def late_days(case, until: dt.date) -> int:
    return rules.late_days(case.fine_due_on, until, paused_days(case, until))


def proceedings(case):
    """The 复议 and 诉讼 cases on `case`, filed first."""
    from fazhi.litigation.models import REVIEW_OR_SUIT

    return _register().concerning(case, REVIEW_OR_SUIT)


def pending_on(case, day: dt.date) -> bool:
    return _register().pending_on(case, day)


# --- instalments (分期缴纳, 第六十六条第二款) ---------------------------------------------------------


def parse_plan(text: str) -> list[tuple[dt.date, Decimal]]:
    """An instalment plan as written on the form and sent by the API: one instalment a line,
    "缴纳期限 金额" ("2021-10-15 500"; a comma, a tab or "：" may part them). Raises ValueError
    naming the line it cannot read."""
    plan = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.replace("，", " ").replace(",", " ").replace("：", " ").replace("\t", " ").split()
        try:
            day, amount = dt.date.fromisoformat(parts[0]), Decimal(parts[1].removesuffix("元"))
        except (IndexError, ValueError, ArithmeticError):
            raise ValueError(number) from None
        if len(parts) != 2 or amount <= 0:
            raise ValueError(number)
        plan.append((day, amount.quantize(Decimal("0.01"))))
    return plan


def next_instalment(case):
    """The first instalment not yet paid, or None."""
    return case.instalments.filter(paid_on__isnull=True).order_by("seq").first()


def instalment_surcharge(case, instalment, until: dt.date) -> Decimal:
    """加处罚款 on one instalment paid on `until` (第七十二条第一项): 3% of that instalment a day
    after its own due day, never more than it; the days a 复议 or 诉讼 was pending not counted
    (第七十三条第三款)."""
    paused = 0
    if until > instalment.due_on:
        paused = _register().pending_days(case, instalment.due_on + dt.timedelta(days=1), until)
    return rules.surcharge(instalment.amount, instalment.due_on, until, paused)
