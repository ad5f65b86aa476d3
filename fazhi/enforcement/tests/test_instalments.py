"""Fines paid in instalments (分期缴纳): 行政处罚法 第六十六条第二款 (on the party's application and
with the agency's approval; each instalment's amount and due day), 第七十二条第一项 (the surcharge
counted on each instalment paid late, from its own due day) — the fine counts as paid when every
instalment is."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core.models import Deadline, LedgerEntry
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement.models import CaseState
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_case(make_case, walk):
    """A ¥500 fine served on 2021-09-17, due 2021-10-02."""
    return walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide", "serve")


def _fine_deadline(case):
    return Deadline.objects.get(object_id=str(case.pk), code="enforcement.fine")


def test_the_leader_approves_instalments_and_the_fine_is_paid_when_all_are_art66(served_case, step):
    # when: the leader approves ¥200 by 2021-10-02 and ¥300 by 2021-11-02
    case = step(served_case, "approve_instalments")
    # then: two instalments on the case, the payment period runs to the last one's day
    plan = [(i.seq, i.amount, i.due_on) for i in case.instalments.all()]
    assert plan == [
        (1, Decimal("200.00"), dt.date(2021, 10, 2)),
        (2, Decimal("300.00"), dt.date(2021, 11, 2)),
    ]
    assert case.fine_due_on == dt.date(2021, 11, 2) and case.deferral_approved_by.username == "leader"
    assert _fine_deadline(case).due_on == dt.date(2021, 11, 2)
    # and: a payment of the whole fine at once is refused: instalment by instalment
    with pytest.raises(TransitionRefused, match="第六十六条.*分期缴纳"):
        step(case, "record_payment", paid_on="2021-10-02", amount_paid="500")
    # when: the first is paid three days late, the surcharge is 3% of that instalment a day
    with pytest.raises(TransitionRefused, match="第七十二条.*第1期应缴218.00元.*加处罚款18.00元") as short:
        step(case, "record_instalment", paid_on="2021-10-05", amount_paid="200")
    assert short.value.field == "amount_paid"
    case = step(case, "record_instalment", paid_on="2021-10-05", amount_paid="218")
    first = case.instalments.get(seq=1)
    assert first.paid_on == dt.date(2021, 10, 5) and first.surcharge == Decimal("18.00")
    # then: the fine is not yet paid; the case cannot be closed
    assert case.paid_on is None and case.state == CaseState.EXECUTING
    with pytest.raises(TransitionRefused):
        step(case, "close", closed_on="2021-10-06")
    # when: the second is paid on time
    case = step(case, "record_instalment", paid_on="2021-11-01", amount_paid="300")
    # then: the fine is paid: the last day, the amounts and the surcharge of all instalments
    assert case.paid_on == dt.date(2021, 11, 1)
    assert case.amount_paid == Decimal("518.00") and case.surcharge == Decimal("18.00")
    assert _fine_deadline(case).status == "met"
    with pytest.raises(TransitionRefused):
        step(case, "record_instalment", paid_on="2021-11-01", amount_paid="1")
    step(case, "close", closed_on="2021-11-03")
    assert case.state == CaseState.CLOSED
    # and: each step is in the case's ledger
    actions = set(LedgerEntry.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {"transition:approve_instalments", "transition:record_instalment"} <= actions


@pytest.mark.parametrize(
    ("plan", "says"),
    [
        ("2021-10-02 200\n2021-11-02 200", "合计400.00元，应等于罚款金额500.00元"),
        ("2021-11-02 500", "至少分两期"),
        ("2021-11-02 200\n2021-10-02 300", "逐期推后"),
        ("2021-09-10 200\n2021-11-02 300", "不能早于申请日期"),
        ("2021-09-25 200\n2021-09-30 300", "最后一期的缴纳期限应晚于现有缴纳期限"),
    ],
)
def test_a_plan_that_does_not_pay_the_fine_in_order_is_refused_art66(served_case, step, plan, says):
    with pytest.raises(TransitionRefused, match=says) as refused:
        step(served_case, "approve_instalments", plan=plan)
    assert refused.value.field == "plan"
    served_case.refresh_from_db()
    assert not served_case.instalments.exists() and served_case.fine_due_on == dt.date(2021, 10, 2)


def test_an_unreadable_line_is_named(served_case, step):
    with pytest.raises(TransitionRefused, match="第2行无法识别"):
        step(served_case, "approve_instalments", plan="2021-10-02 200\n下月 300")


def test_only_the_leader_approves_instalments_art66(served_case, step, users):
    with pytest.raises(TransitionRefused):
        step(served_case, "approve_instalments", user=users.officer)
    assert not served_case.instalments.exists()


def test_the_case_page_and_the_api_show_the_instalments(served_case, step, login, users):
    # when: the leader approves on the case's step page
    client = login(users.leader)
    response = client.post(
        reverse("enforcement:case_step", args=[served_case.pk, "approve_instalments"]),
        {
            "approve_instalments-applied_on": "2021-09-20",
            "approve_instalments-plan": "2021-10-02 200\n2021-11-02 300",
            "approve_instalments-reason": "家庭困难",
        },
    )
    assert response.status_code == 302
    # then: the case page lists them; the officer records the first through the API
    page = (
        login(users.officer).get(reverse("enforcement:case_detail", args=[served_case.pk])).content.decode()
    )
    assert "分期缴纳" in page and "第1期 200.00 元，2021-10-02前缴纳" in page and "待缴" in page
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users.officer)
    paid = api.post(
        f"/api/v1/enforcement/cases/{served_case.pk}/steps/record_instalment/",
        {"paid_on": "2021-10-02", "amount_paid": "200"},
        format="json",
    )
    assert paid.status_code == 200, paid.content
    body = api.get(f"/api/v1/enforcement/cases/{served_case.pk}/").json()
    assert [(i["seq"], i["paid_on"]) for i in body["instalments"]] == [(1, "2021-10-02"), (2, None)]
