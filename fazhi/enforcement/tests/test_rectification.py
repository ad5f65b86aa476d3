"""Rectification orders (责令改正通知书): numbered, with a deadline, checked, and — when not
complied with — turned into a case in one step."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import Case, CaseState, RectificationOrder


@pytest.fixture
def order(enf, regions, users):
    return RectificationOrder.objects.create(
        body=enf.body,
        region=regions.village_a,
        party=enf.company,
        issued_on=dt.date(2021, 8, 2),
        deadline=dt.date(2021, 8, 16),
        requirement="停止采砂，恢复河道原状",
        issued_by=users.officer,
    )


def test_an_order_carries_its_deadline_until_checked(order):
    deadline = Deadline.objects.get(object_id=str(order.pk), code=RectificationOrder.DEADLINE_CODE)
    assert deadline.due_on == dt.date(2021, 8, 16) and deadline.status == "open"
    order.checked_on, order.result = dt.date(2021, 8, 17), RectificationOrder.Result.OVERDUE
    order.save()
    deadline.refresh_from_db()
    assert deadline.status == "met" and deadline.met_late


def test_an_overdue_order_becomes_a_filed_case_in_one_step(order, enf, users):
    # when
    case = workflow.file_case_from_order(
        order, users.officer, power=enf.power, officers=[enf.wang, enf.zhao], filed_on=dt.date(2021, 8, 18)
    )
    # then
    order.refresh_from_db()
    assert order.case == case
    assert case.state == CaseState.FILED and case.number == "石鼓执罚〔2021〕1号"
    assert case.party == enf.company and case.source_reference == order.number
    assert case.cause.startswith("逾期未改正")


def test_a_refused_filing_from_an_order_leaves_nothing_behind_art42(order, enf, users):
    with pytest.raises(TransitionRefused, match="第四十二条"):
        workflow.file_case_from_order(
            order,
            users.officer,
            power=enf.power,
            officers=[enf.wang, enf.expired],
            filed_on=dt.date(2021, 8, 18),
        )
    order.refresh_from_db()
    assert order.case is None and not Case.objects.exists()


def test_an_order_files_only_one_case(order, enf, users):
    workflow.file_case_from_order(
        order, users.officer, power=enf.power, officers=[enf.wang, enf.zhao], filed_on=dt.date(2021, 8, 18)
    )
    with pytest.raises(TransitionRefused, match="已关联案件"):
        workflow.file_case_from_order(order, users.officer, power=enf.power, officers=[enf.wang, enf.zhao])


def test_an_officer_of_another_town_cannot_file_from_the_order(order, enf, users):
    with pytest.raises(TransitionRefused, match="没有办理该案件的角色"):
        workflow.file_case_from_order(
            order, users.other_officer, power=enf.power, officers=[enf.wang, enf.zhao]
        )


def test_filing_from_an_unchecked_order_records_it_as_not_complied_with(order, enf, users):
    # given an order due 2021-08-16 and not checked yet
    # when a case is filed from it on the 18th
    workflow.file_case_from_order(
        order, users.officer, power=enf.power, officers=[enf.wang, enf.zhao], filed_on=dt.date(2021, 8, 18)
    )
    # then the check is recorded as not complied with, on that day, and its deadline met late
    assert order.result == RectificationOrder.Result.OVERDUE and order.checked_on == dt.date(2021, 8, 18)
    deadline = Deadline.objects.get(object_id=str(order.pk), code=RectificationOrder.DEADLINE_CODE)
    assert deadline.status == "met" and deadline.met_late


def test_an_order_is_not_filed_as_a_case_before_its_deadline(order, enf, users):
    with pytest.raises(TransitionRefused, match="整改期限（2021-08-16）尚未届满") as refused:
        workflow.file_case_from_order(
            order,
            users.officer,
            power=enf.power,
            officers=[enf.wang, enf.zhao],
            filed_on=dt.date(2021, 8, 16),
        )
    assert refused.value.code == "order_not_overdue"
    order.refresh_from_db()
    assert order.result == RectificationOrder.Result.PENDING and not Case.objects.exists()


def test_an_order_complied_with_is_not_filed_as_a_case(order, enf, users):
    order.checked_on, order.result = dt.date(2021, 8, 15), RectificationOrder.Result.COMPLETED
    order.save()
    with pytest.raises(TransitionRefused, match="已整改完成"):
        workflow.file_case_from_order(order, users.officer, power=enf.power, officers=[enf.wang, enf.zhao])
    assert not Case.objects.exists()


def test_the_deadline_follows_an_order_whose_deadline_moves_through_the_api(order, users):
    # when the officer gives the party more time
    client = APIClient()
    client.force_authenticate(users.officer)
    response = client.patch(
        f"/api/v1/enforcement/rectification-orders/{order.pk}/", {"deadline": "2021-08-30"}, format="json"
    )
    # then the order's open deadline is the new day
    assert response.status_code == 200, response.json()
    deadline = Deadline.objects.get(
        object_id=str(order.pk), code=RectificationOrder.DEADLINE_CODE, status="open"
    )
    assert deadline.due_on == dt.date(2021, 8, 30) and "责令改正通知书确定的期限" in deadline.rule
