"""The case's time limits, each mapped to its rule. Working days follow 行政处罚法 第八十五条
(statutory holidays excluded, adjusted working weekends counted)."""

import datetime as dt

import pytest

from fazhi.core.models import Deadline, LedgerEntry
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement.models import DecisionPeriod
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE


def _deadline(case, code) -> Deadline:
    return Deadline.objects.filter(object_id=str(case.pk), code=f"enforcement.{code}").latest("id")


def test_a_decision_is_due_ninety_natural_days_after_filing_art60(make_case, step):
    # given a case filed on 2021-09-06
    case = step(make_case(), "file")
    # then
    deadline = _deadline(case, "decision")
    assert deadline.due_on == dt.date(2021, 12, 5) and not deadline.working_days
    assert case.decision_due_on == dt.date(2021, 12, 5)
    assert "第六十条" in deadline.rule


def test_an_extension_is_approved_by_the_leader_and_moves_the_due_date_art60(make_case, step, users):
    case = step(make_case(), "file")
    # when an officer tries
    with pytest.raises(TransitionRefused, match="没有执行“批准延长办案期限”的角色"):
        step(case, "extend", user=users.officer)
    # and the leader approves with a reason
    step(case, "extend", new_due_on="2022-01-04")
    # then
    assert case.decision_period == DecisionPeriod.EXTENDED
    assert case.extension_approved_by == users.leader and case.extension_reason == "案情复杂，需委托鉴定"
    # and the filing's deadline itself is extended by 30 days, with the reason and the approver
    deadline = _deadline(case, "decision")
    assert deadline.due_on == dt.date(2022, 1, 4) and deadline.status == "open"
    assert Deadline.objects.filter(object_id=str(case.pk), code="enforcement.decision").count() == 1
    extension = deadline.extensions.get()
    assert (extension.length, extension.reason, extension.approver) == (
        30,
        "案情复杂，需委托鉴定",
        users.leader,
    )
    # and the step's ledger entry lists the extension
    entry = LedgerEntry.objects.filter(action="transition:extend", object_id=str(case.pk)).get()
    assert [(c["change"], c["due"]) for c in entry.data["deadlines"]] == [("extend", "2022-01-04")]


def test_an_extension_beyond_the_rules_maximum_is_refused_art60(make_case, step):
    # given a case filed on 2021-09-06, due 2021-12-05
    case = step(make_case(), "file")
    # when the leader extends it by 31 days
    with pytest.raises(TransitionRefused, match="第六十条.*延长合计不得超过30日") as refused:
        step(case, "extend", new_due_on="2022-01-05")
    # then it is refused on the new due day, citing the decision period's rule; nothing changed
    assert refused.value.code == "extension_length" and refused.value.field == "new_due_on"
    assert "第六十条" in refused.value.article
    case.refresh_from_db()
    assert case.decision_period == DecisionPeriod.STATUTORY and case.decision_due_on == dt.date(2021, 12, 5)
    deadline = _deadline(case, "decision")
    assert deadline.due_on == dt.date(2021, 12, 5) and not deadline.extensions.exists()


def test_the_decision_period_is_extended_once_art60(make_case, step):
    case = step(make_case(), "file")
    step(case, "extend", new_due_on="2021-12-20")
    with pytest.raises(TransitionRefused, match="第六十条.*最多延长1次") as refused:
        step(case, "extend", new_due_on="2021-12-25")
    assert refused.value.code == "extension_count"
    assert _deadline(case, "decision").due_on == dt.date(2021, 12, 20)


def test_an_extension_needs_a_later_date_and_a_reason_art60(make_case, step):
    case = step(make_case(), "file")
    with pytest.raises(TransitionRefused, match="应晚于现有期限（2021-12-05）"):
        step(case, "extend", new_due_on="2021-11-30")
    with pytest.raises(TransitionRefused, match="第六十条.*理由"):
        step(case, "extend", reason="")


def test_a_decision_made_after_ninety_days_is_met_late_art60(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    step(case, "decide", decided_on="2021-12-06")
    assert _deadline(case, "decision").met_late


def test_service_is_due_seven_working_days_after_the_decision_art61_art85(make_case, walk, step):
    # given a decision on Thursday 2021-09-16, the party absent: 17, 18 (Saturday, 调休), 22,
    # 23, 24, 26 (Sunday, 调休), 27 — Mid-Autumn 19–21 excluded
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    deadline = _deadline(case, "service")
    assert deadline.working_days and deadline.due_on == dt.date(2021, 9, 27)
    # when served on the 28th
    step(case, "serve", served_on="2021-09-28", party_present=False)
    # then it was late
    deadline.refresh_from_db()
    assert deadline.status == "met" and deadline.met_late


def test_the_hearing_request_period_is_five_working_days_from_notice_art64_art85(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    step(case, "notify", intended_fine="5000", level="general")  # 2021-09-10
    deadline = _deadline(case, "hearing_request")
    assert deadline.working_days and deadline.due_on == dt.date(2021, 9, 17)
    step(case, "request_hearing", requested_on="2021-09-15")
    deadline.refresh_from_db()
    assert deadline.status == "met" and not deadline.met_late


def test_no_hearing_request_period_is_opened_below_the_threshold_art63(make_case, walk):
    case = walk(make_case(), *THROUGH_NOTICE)
    assert not Deadline.objects.filter(object_id=str(case.pk), code="enforcement.hearing_request").exists()


def test_the_fine_is_due_fifteen_days_after_service_art67(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide", "serve")  # served 2021-09-17
    assert case.fine_due_on == dt.date(2021, 10, 2)
    assert _deadline(case, "fine").due_on == dt.date(2021, 10, 2)


def test_publication_over_the_national_day_holiday_counts_working_days(make_case, walk, step):
    """国办发〔2018〕118号: published within 7 working days. A decision of 2021-09-30: Oct 1–7 are
    the National Day holiday, Oct 9 (Saturday) an adjusted working day, so the days are
    Oct 8, 9, 11, 12, 13, 14, 15."""
    # given
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    # when
    step(case, "decide", decided_on="2021-09-30")
    # then
    deadline = _deadline(case, "publication")
    assert deadline.working_days and deadline.days == 7
    assert deadline.due_on == dt.date(2021, 10, 15)
    assert "118号" in deadline.rule
    # and publishing on the 15th is on time
    step(case, "publish", published_on="2021-10-15")
    deadline.refresh_from_db()
    assert deadline.status == "met" and not deadline.met_late


def test_a_changed_decision_is_withdrawn_within_three_working_days_art48(make_case, walk, step):
    # given a published decision revoked on Friday 2021-10-08: Oct 9 (调休), 11, 12
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide", "publish", "record_change")
    deadline = _deadline(case, "withdrawal")
    assert deadline.due_on == dt.date(2021, 10, 12) and "第四十八条" in deadline.rule
    # when withdrawn on the 11th
    step(case, "withdraw_publication")
    # then
    deadline.refresh_from_db()
    assert case.publicity == "withdrawn" and deadline.status == "met" and not deadline.met_late
