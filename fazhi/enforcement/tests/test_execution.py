"""Execution: 行政处罚法 第六十七条 (15 days to pay) and 第七十二条 (加处罚款 3% a day, at most the
fine; compulsory execution)."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import rules
from fazhi.enforcement.models import CaseState
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

DUE = dt.date(2021, 10, 2)


@pytest.mark.parametrize(
    ("paid_on", "expected"),
    [
        (dt.date(2021, 10, 2), "0.00"),  # on the last day: nothing extra
        (dt.date(2021, 10, 3), "15.00"),  # one day late: 3% of 500
        (dt.date(2021, 10, 12), "150.00"),  # ten days: 30%
        (dt.date(2021, 11, 5), "500.00"),  # 34 days would be 102%: capped at the fine
        (dt.date(2022, 6, 1), "500.00"),
    ],
)
def test_the_surcharge_is_three_percent_a_day_capped_at_the_fine_art72(paid_on, expected):
    assert rules.surcharge(Decimal("500"), DUE, paid_on) == Decimal(expected)


def test_the_surcharge_is_rounded_to_the_fen_art72():
    assert rules.surcharge(Decimal("333.33"), DUE, dt.date(2021, 10, 3)) == Decimal("10.00")
    assert rules.surcharge(Decimal("123.45"), DUE, dt.date(2021, 10, 3)) == Decimal("3.70")


@pytest.fixture
def served_case(make_case, walk):
    """A ¥500 fine served on 2021-09-17, due 2021-10-02."""
    return walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide", "serve")


def test_a_late_payment_must_include_the_surcharge_art72(served_case, step):
    # when paying only the fine five days late
    with pytest.raises(TransitionRefused) as refused:
        step(served_case, "record_payment", paid_on="2021-10-07", amount_paid="500")
    # then the reason states the arithmetic
    assert "第七十二条" in refused.value.reason and "应缴575.00元" in refused.value.reason
    assert "逾期5日加处罚款75.00元" in refused.value.reason
    # and the full amount is accepted and recorded
    step(served_case, "record_payment", paid_on="2021-10-07", amount_paid="575")
    assert served_case.surcharge == Decimal("75.00") and served_case.amount_due == Decimal("575.00")
    assert served_case.state == CaseState.EXECUTING


def test_compulsory_execution_only_after_the_payment_period_art72(served_case, step):
    with pytest.raises(TransitionRefused, match="第七十二条.*至2021-10-02届满"):
        step(served_case, "apply_compulsory", applied_on="2021-10-02")
    # 行政强制法 第五十三、五十四条 (test_audited.py): after the remedy periods, a 催告书 first
    step(served_case, "remind", reminded_on="2022-03-01")
    step(served_case, "apply_compulsory", applied_on="2022-03-18")
    assert served_case.compulsory_execution_applied_on == dt.date(2022, 3, 18)
    assert served_case.surcharge == Decimal("500.00")  # 167 days late: capped
    step(served_case, "close", closed_on="2022-03-21")
    assert served_case.state == CaseState.CLOSED


def test_a_case_with_an_unpaid_fine_cannot_be_closed_art72(served_case, step):
    with pytest.raises(TransitionRefused, match="罚款尚未缴纳，也未申请强制执行"):
        step(served_case, "close")
