"""撤销立案: a case filed by mistake is withdrawn with the leader's approval and a reason; its
number is not reused, it stays in the ledger, and it is frozen afterwards (issue 10: "a new
user cannot make a case stuck or file one twice")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import deadlines, frozen
from fazhi.core.models import LedgerEntry
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement.models import Case, CaseState

pytestmark = pytest.mark.django_db


def test_the_leader_withdraws_a_filing_with_a_reason_and_it_is_frozen(make_case, walk, step, users):
    case = walk(make_case(), "file", "investigate")
    number = case.number
    assert deadlines.open_deadlines(case).filter(code="enforcement.decision").exists()
    # when the leader withdraws the filing with a reason
    case = step(
        case, "revoke_filing", user=users.leader, revoked_on="2021-09-08", reason="不属于本机关管辖，误立案"
    )
    # then the case is withdrawn, approved by the leader, its number kept, its clock stopped
    assert case.state == CaseState.REVOKED and case.revoked_on == dt.date(2021, 9, 8)
    assert case.revocation_approved_by == users.leader and "误立案" in case.revocation_reason
    assert case.number == number
    assert not deadlines.open_deadlines(case).filter(code="enforcement.decision").exists()
    assert LedgerEntry.objects.filter(object_id=str(case.pk), action="transition:revoke_filing").exists()
    # and it is frozen: no further step, no plain save
    with pytest.raises(TransitionRefused):
        step(case, "notify")
    case.cause = "改写"
    with pytest.raises(frozen.RecordFrozen):
        case.save()
    # a new filing takes the next number: the withdrawn one is not reused
    other = walk(make_case(), "file")
    assert other.number != number and other.sequence == case.sequence + 1


def test_a_withdrawal_without_a_reason_or_by_an_officer_is_refused(make_case, walk, step, users):
    case = walk(make_case(), "file")
    with pytest.raises(TransitionRefused) as refused:
        step(case, "revoke_filing", user=users.leader, reason="")
    assert "reason" in refused.value.errors
    with pytest.raises(TransitionRefused):
        step(case, "revoke_filing", user=users.officer, reason="误立案")
    assert Case.objects.get(pk=case.pk).state == CaseState.FILED


def test_a_withdrawal_dated_before_the_filing_is_refused(make_case, walk, step, users):
    case = walk(make_case(), "file")
    with pytest.raises(TransitionRefused) as refused:
        step(case, "revoke_filing", user=users.leader, revoked_on="2021-09-01", reason="误立案")
    assert refused.value.field == "revoked_on"


def test_the_leader_withdraws_a_filing_from_the_case_page(make_case, walk, login, users):
    case = walk(make_case(), "file")
    client = login(users.leader)
    page = client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert "撤销立案" in page
    response = client.post(
        reverse("enforcement:case_step", args=[case.pk, "revoke_filing"]),
        {"revoke_filing-revoked_on": "2021-09-08", "revoke_filing-reason": "当事人认定错误，误立案"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.REVOKED
    page = client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert "已撤销立案" in page and "当事人认定错误" in page
