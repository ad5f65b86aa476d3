"""The request's procedure on the statutory clock (条例 第三十、三十二、三十三、四十二条)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.disclosure import workflow
from fazhi.disclosure.models import Request

pytestmark = pytest.mark.django_db
D = dt.date


def clock(req, code="disclosure.reply") -> Deadline:
    return Deadline.objects.filter(object_id=str(req.pk), content_type__model="request", code=code).latest(
        "id"
    )


def test_a_request_in_person_is_received_the_day_handed_in_and_gets_twenty_working_days(make_request):
    # given a request handed in on Monday 13 September 2021
    req = make_request()
    # then it is numbered for the town and year, received that day, with the reply due 20
    # working days later (中秋 19–21 September and 国庆 1–7 October not counted; 18 September and
    # 26 September and 9 October were working weekends)
    assert req.number == "石鼓依申请〔2021〕1号"
    assert req.received_on == D(2021, 9, 13)
    assert clock(req).due_on == D(2021, 10, 15)
    assert clock(req, "disclosure.correction_notice").due_on == D(2021, 9, 23)


def test_correction_third_party_pause_and_extension_across_the_national_day(make_request, walker):
    req = make_request()
    # when the office asks once for a correction and receives it on 22 September
    walker.walk(req, "ask_correction", "corrected")
    # then the 20 working days count afresh from the corrected request (第三十条)
    assert clock(req).due_on == D(2021, 10, 25)
    assert clock(req, "disclosure.correction_notice").status == Deadline.Status.MET
    # when a third party is consulted from 24 September to 12 October (第三十二条)
    walker.step(req, "consult")
    assert req.state == Request.State.CONSULTING
    assert clock(req).paused_since is not None
    walker.step(req, "consulted")
    # then that time does not count (第三十三条第三款): 24 Sep–12 Oct holds 9 working days
    reply = clock(req)
    assert reply.paused_since is None
    assert reply.due_on == D(2021, 11, 5)
    # when the head of the disclosure office approves 10 more working days
    walker.step(req, "extend")
    assert clock(req).due_on == D(2021, 11, 19)
    # and a second extension is refused (one, at most 20 working days)
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "extend", days=5)
    assert refused.value.code == "extension_count"
    # when the office replies on 18 November, the reply is on time
    walker.step(req, "reply", replied_on="2021-11-18", outcome="2", reasons="报价部分涉及商业秘密")
    assert req.state == Request.State.CLOSED and req.closed_year == 2021 and req.carried_on is None
    assert clock(req).status == Deadline.Status.MET and not clock(req).met_late


def test_the_correction_is_asked_once_and_within_seven_working_days(make_request, walker):
    req = make_request()
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "ask_correction", asked_on="2021-09-24")
    assert refused.value.code == "correction_late" and "第三十条" in refused.value.article
    walker.walk(req, "ask_correction", "corrected")
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "ask_correction", asked_on="2021-09-23")
    assert refused.value.code == "correction_once"


def test_no_correction_in_time_is_other_processing_1(make_request, walker):
    req = make_request()
    walker.step(req, "ask_correction")  # 15 working days to correct, to 13 October
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "no_correction", closed_on="2021-10-12")
    assert refused.value.code == "correction_period_running"
    walker.step(req, "no_correction", closed_on="2021-10-20")
    assert req.outcome == "6.1" and req.state == Request.State.CLOSED
    assert clock(req).status == Deadline.Status.CANCELLED


def test_an_unpaid_fee_is_other_processing_2_and_a_paid_one_resumes_the_clock(make_request, walker):
    # given a fee notice on 15 September: the clock stops until payment
    unpaid = make_request()
    walker.step(unpaid, "fee_notice")
    assert unpaid.state == Request.State.FEE and clock(unpaid).paused_since is not None
    fee = clock(unpaid, "disclosure.fee_payment")
    # when the applicant has not paid within 20 working days, it is not processed any more
    with pytest.raises(TransitionRefused) as refused:
        walker.step(unpaid, "fee_unpaid", closed_on=fee.due_on.isoformat())
    assert refused.value.code == "fee_period_running"
    walker.step(unpaid, "fee_unpaid", closed_on=(fee.due_on + dt.timedelta(days=1)).isoformat())
    assert unpaid.outcome == "6.2"
    # and a paid fee gives the clock back the paused days (15–20 September: 2 working days + 18 Sep)
    paid = make_request()
    before = clock(paid).due_on
    walker.walk(paid, "fee_notice", "fee_paid")
    assert paid.state == Request.State.RECEIVED and paid.fee_paid == paid.fee_amount
    assert clock(paid).due_on > before


def test_the_extension_needs_the_post_and_the_applicant_told(make_request, walker, disc):
    req = make_request()
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "extend", user=disc.leader_without_post)
    assert refused.value.code == "not_office_head" and "第三十三条" in refused.value.article
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "extend", told="")
    assert refused.value.code == "applicant_not_told"
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "extend", user=disc.office)
    assert refused.value.code == "forbidden"


def test_a_refusal_needs_its_reasons_and_still_unclear_needs_a_correction(make_request, walker):
    req = make_request()
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "reply", outcome="3.5")
    assert refused.value.code == "reasons_missing" and refused.value.field == "reasons"
    with pytest.raises(TransitionRefused) as refused:
        walker.step(req, "reply", outcome="4.3", reasons="仍不明确")
    assert refused.value.code == "not_corrected"


def test_a_request_closed_next_year_is_carried_over(make_request, walker):
    req = make_request(submitted_on="2021-12-20")
    assert req.carried_on == D(2022, 1, 1)
    walker.step(req, "reply", replied_on="2022-01-10")
    assert req.closed_year == 2022 and req.carried_on == D(2022, 1, 1)
    assert workflow.REQUEST["reply"].target == Request.State.CLOSED
