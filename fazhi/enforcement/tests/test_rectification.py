"""Rectification orders (责令改正通知书): numbered, with a deadline, checked through the steps of
`workflow.ORDER` (复查：已整改 / 复查：逾期未改) on the order's page and the API, and — when not
complied with — turned into a case in one step."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.core.models import Deadline, LedgerEntry
from fazhi.core.workflow import StateAssigned, TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import Case, CaseState, RectificationOrder

R = RectificationOrder.Result
BASE = "/api/v1/enforcement/rectification-orders"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def order(enf, regions, users):
    """An order issued through the API on 2021-08-02, to be complied with by 2021-08-16."""
    response = _api(users.officer).post(
        f"{BASE}/",
        {
            "body": enf.body.pk,
            "region": regions.village_a.pk,
            "party": enf.company.pk,
            "issued_on": "2021-08-02",
            "deadline": "2021-08-16",
            "requirement": "停止采砂，恢复河道原状",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return RectificationOrder.objects.get(pk=response.json()["id"])


def _deadline(order, **filters) -> Deadline:
    return Deadline.objects.get(object_id=str(order.pk), code=RectificationOrder.DEADLINE_CODE, **filters)


def _step_url(order, name: str) -> str:
    return reverse("enforcement:order_step", args=[order.pk, name])


# --- the deadline and the state -----------------------------------------------------------------


def test_an_issued_order_carries_its_deadline_until_checked(order):
    deadline = _deadline(order)
    assert deadline.due_on == dt.date(2021, 8, 16) and deadline.status == "open"
    assert "责令改正通知书确定的期限" in deadline.rule


def test_assigning_the_result_outside_its_steps_raises_state_assigned(order):
    # given an order awaiting its check
    # when its result is assigned by hand
    order.checked_on, order.result = dt.date(2021, 8, 15), R.COMPLETED
    # then the save is refused and nothing changes
    with pytest.raises(StateAssigned):
        order.save()
    order.refresh_from_db()
    assert order.result == R.PENDING and order.checked_on is None
    assert _deadline(order).status == "open"


def test_a_new_order_cannot_start_checked(enf, regions, users):
    with pytest.raises(StateAssigned):
        RectificationOrder.objects.create(
            body=enf.body,
            region=regions.village_a,
            party=enf.company,
            issued_on=dt.date(2021, 8, 2),
            deadline=dt.date(2021, 8, 16),
            requirement="停止采砂",
            checked_on=dt.date(2021, 8, 16),
            result=R.COMPLETED,
        )
    assert not RectificationOrder.objects.exists()


# --- the check on the order's page --------------------------------------------------------------


def test_the_order_page_offers_both_checks_to_its_officer(order, login, users):
    response = login(users.officer).get(reverse("enforcement:order_detail", args=[order.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "复查：已整改" in page and "复查：逾期未改" in page
    assert _step_url(order, "record_rectified") in page


def test_a_check_on_the_page_records_it_rectified_and_meets_the_deadline_on_the_check_day(
    order, login, users
):
    # when the officer records on the order's page that the party complied, checked on the due day
    response = login(users.officer).post(
        _step_url(order, "record_rectified"),
        {"record_rectified-checked_on": "2021-08-16", "record_rectified-check_note": "已恢复河道原状"},
    )
    # then the order is complied with, and its deadline met on that day, in time
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.result == R.COMPLETED and order.checked_on == dt.date(2021, 8, 16)
    assert order.check_note == "已恢复河道原状"
    deadline = _deadline(order)
    assert deadline.status == "met" and not deadline.met_late
    assert deadline.met_at.date() == dt.date(2021, 8, 16)
    # and one ledger entry tells the step with its deadline change
    entry = LedgerEntry.objects.get(action="transition:record_rectified", object_id=str(order.pk))
    assert entry.data["to"] == R.COMPLETED
    assert [(c["change"], c["code"], c["late"]) for c in entry.data["deadlines"]] == [
        ("meet", RectificationOrder.DEADLINE_CODE, False)
    ]


def test_a_check_before_the_order_was_issued_is_refused_on_its_field(order, login, users):
    # when the officer gives a check day before the issue day
    response = login(users.officer).post(
        _step_url(order, "record_rectified"), {"record_rectified-checked_on": "2021-08-01"}
    )
    # then the step page says so on the check day's field, and nothing changed
    assert response.status_code == 409
    assert (
        "复查日期（2021-08-01）不能早于下达日期（2021-08-02）"
        in response.context["form"].errors["checked_on"]
    )
    order.refresh_from_db()
    assert order.result == R.PENDING and order.checked_on is None
    assert _deadline(order).status == "open"


def test_before_its_deadline_the_page_says_why_an_order_cannot_be_found_overdue(enf, regions, login, users):
    # given an order issued on its page three days ago, to be complied with in ten days
    today = dt.date.today()
    client = login(users.officer)
    client.post(
        reverse("enforcement:order_create"),
        {
            "body": enf.body.pk,
            "party_kind": "citizen",
            "party_name": enf.citizen.name,
            "party_id_number": enf.citizen.id_number,
            "region": regions.grid_a.pk,
            "issued_on": (today - dt.timedelta(days=3)).isoformat(),
            "deadline": (today + dt.timedelta(days=10)).isoformat(),
            "requirement": "清理河道堆放的砂石",
        },
    )
    order = RectificationOrder.objects.get()
    # when the officer opens it
    page = client.get(reverse("enforcement:order_detail", args=[order.pk])).content.decode()
    # then its deadline runs, and 逾期未改 is refused with the reason
    assert _deadline(order, status="open").due_on == today + dt.timedelta(days=10)
    due = (today + dt.timedelta(days=10)).isoformat()
    assert f"整改期限（{due}）尚未届满，不能认定逾期未改" in page
    assert 'id="file-case"' not in page


def test_a_leader_reads_the_order_but_cannot_record_its_check(order, login, users):
    response = login(users.leader).post(
        _step_url(order, "record_rectified"), {"record_rectified-checked_on": "2021-08-16"}
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.result == R.PENDING


# --- the check through the API ----------------------------------------------------------------------


def test_the_api_lists_the_checks_of_an_order(order, users):
    response = _api(users.officer).get(f"{BASE}/{order.pk}/steps/")
    assert response.status_code == 200
    assert {s["name"]: s["allowed"] for s in response.json()} == {
        "record_rectified": True,
        "record_overdue": True,
    }


def test_a_check_through_the_api_records_it_overdue_and_meets_the_deadline_late(order, users):
    # when the officer records the day after the deadline that the party did not comply
    response = _api(users.officer).post(
        f"{BASE}/{order.pk}/steps/record_overdue/",
        {"checked_on": "2021-08-17", "check_note": "砂石堆场仍未拆除"},
        format="json",
    )
    # then the order is not complied with and its deadline met late, on the check day
    assert response.status_code == 200, response.json()
    assert response.json()["record"]["result"] == R.OVERDUE
    order.refresh_from_db()
    assert order.result == R.OVERDUE and order.checked_on == dt.date(2021, 8, 17)
    deadline = _deadline(order)
    assert deadline.status == "met" and deadline.met_late
    assert deadline.met_at.date() == dt.date(2021, 8, 17)


def test_an_order_is_not_found_overdue_before_its_deadline(order, users):
    response = _api(users.officer).post(
        f"{BASE}/{order.pk}/steps/record_overdue/", {"checked_on": "2021-08-16"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "order_not_overdue"
    assert body["data"] == {"checked_on": ["整改期限（2021-08-16）尚未届满，不能认定逾期未改"]}
    order.refresh_from_db()
    assert order.result == R.PENDING and _deadline(order).status == "open"


def test_a_checked_order_is_not_checked_again(order, users):
    client = _api(users.officer)
    client.post(f"{BASE}/{order.pk}/steps/record_rectified/", {"checked_on": "2021-08-16"}, format="json")
    response = client.post(
        f"{BASE}/{order.pk}/steps/record_overdue/", {"checked_on": "2021-08-20"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "state"
    order.refresh_from_db()
    assert order.result == R.COMPLETED and order.checked_on == dt.date(2021, 8, 16)


def test_the_api_refuses_to_write_the_result_by_patch(order, users):
    # when a client patches the result instead of taking the step
    response = _api(users.officer).patch(
        f"{BASE}/{order.pk}/", {"checked_on": "2021-08-17", "result": "overdue"}, format="json"
    )
    # then it is told, on the fields, to take the check's step; nothing changed
    assert response.status_code == 400
    assert set(response.json()) == {"checked_on", "result"}
    assert "复查步骤" in response.json()["result"][0]
    order.refresh_from_db()
    assert order.result == R.PENDING and order.checked_on is None


def test_the_deadline_follows_an_order_whose_deadline_moves_through_the_api(order, users):
    # when the officer gives the party more time (the whole record sent back as read is fine)
    client = _api(users.officer)
    record = client.get(f"{BASE}/{order.pk}/").json()
    response = client.put(f"{BASE}/{order.pk}/", {**record, "deadline": "2021-08-30"}, format="json")
    # then the order's open deadline is the new day
    assert response.status_code == 200, response.json()
    assert _deadline(order, status="open").due_on == dt.date(2021, 8, 30)


# --- 逾期未改 → 立案 ---------------------------------------------------------------------------------


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
    assert order.case is None and order.result == R.PENDING and not Case.objects.exists()
    assert _deadline(order).status == "open"


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
    # then the check is recorded as not complied with, on that day, through the check's step,
    # and its deadline met late
    assert order.result == R.OVERDUE and order.checked_on == dt.date(2021, 8, 18)
    assert _deadline(order).status == "met" and _deadline(order).met_late
    assert LedgerEntry.objects.filter(action="transition:record_overdue", object_id=str(order.pk)).exists()


def test_an_order_is_not_filed_as_a_case_before_its_deadline(order, enf, users):
    with pytest.raises(TransitionRefused, match="整改期限（2021-08-16）尚未届满") as refused:
        workflow.file_case_from_order(
            order,
            users.officer,
            power=enf.power,
            officers=[enf.wang, enf.zhao],
            filed_on=dt.date(2021, 8, 16),
        )
    assert refused.value.code == "order_not_overdue" and refused.value.field == "filed_on"
    order.refresh_from_db()
    assert order.result == R.PENDING and not Case.objects.exists()


def test_an_order_complied_with_is_not_filed_as_a_case(order, enf, users):
    workflow.ORDER.fire(order, "record_rectified", users.officer, {"checked_on": "2021-08-15"})
    with pytest.raises(TransitionRefused, match="已整改完成"):
        workflow.file_case_from_order(order, users.officer, power=enf.power, officers=[enf.wang, enf.zhao])
    assert not Case.objects.exists()
