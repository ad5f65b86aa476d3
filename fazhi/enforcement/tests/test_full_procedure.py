"""A general-procedure case from filing to archive, in the workflow (no web)."""

import datetime as dt
from decimal import Decimal

from fazhi.core.models import Deadline, LedgerEntry
from fazhi.enforcement.models import CaseState
from fazhi.enforcement.tests.conftest import TO_ARCHIVE


def test_it_takes_a_case_from_filing_to_archive_and_ledgers_every_step(make_case, walk):
    # given a draft case with two certified officers
    case = make_case()
    # when
    walk(case, *TO_ARCHIVE)
    # then
    assert case.state == CaseState.ARCHIVED
    assert case.number == "石鼓执罚〔2021〕1号"
    assert (case.filed_on, case.decided_on, case.served_on) == (
        dt.date(2021, 9, 6),
        dt.date(2021, 9, 16),
        dt.date(2021, 9, 17),
    )
    assert case.amount_paid == Decimal("500.00") and case.surcharge == Decimal("0.00")
    steps = list(
        LedgerEntry.objects.filter(
            object_type="enforcement.case", object_id=str(case.pk), action__startswith="transition:"
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert steps == [f"transition:{name}" for name in TO_ARCHIVE]
    # and every deadline was met on time
    deadlines = Deadline.objects.filter(object_id=str(case.pk), code__startswith="enforcement.")
    assert {d.code: (d.status, d.met_late) for d in deadlines if d.code != "enforcement.publication"} == {
        "enforcement.decision": ("met", False),
        "enforcement.service": ("met", False),
        "enforcement.fine": ("met", False),
    }
