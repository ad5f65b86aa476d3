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
