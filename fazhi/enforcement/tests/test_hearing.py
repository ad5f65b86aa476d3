"""听证: 行政处罚法 第六十三条 (who may ask), 第六十四条 (5 working days to ask, 7 working days'
notice, a chair who did not investigate), 第五十八条 (review after a hearing)."""

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import CaseState

COLLECTIVE = {"collective_discussion": True, "collective_discussion_minutes": "负责人集体讨论同意"}


@pytest.fixture
def heavy_case(make_case, walk, step):
    """A citizen noticed on Friday 2021-09-10 of a ¥5,000 fine (hearing threshold ¥1,000)."""
    case = walk(make_case(), "file", "investigate")
    return step(case, "notify", intended_fine="5000", level="general")


def test_it_has_no_hearing_below_the_threshold_art63(make_case, walk, step):
    case = walk(make_case(), "file", "investigate", "notify")  # ¥500
    with pytest.raises(TransitionRefused, match="第六十三条.*不属于当事人有权要求听证的情形"):
        step(case, "request_hearing")


def test_it_refuses_a_hearing_request_after_five_working_days_art64(heavy_case, step):
    # 5 working days after 2021-09-10 end on 2021-09-17
    with pytest.raises(TransitionRefused, match="第六十四条.*至2021-09-17"):
        step(heavy_case, "request_hearing", requested_on="2021-09-22")
    step(heavy_case, "request_hearing", requested_on="2021-09-17")
    assert heavy_case.state == CaseState.HEARING and heavy_case.hearing_requested


def test_it_refuses_a_hearing_chaired_by_an_investigator_art64(heavy_case, step):
    step(heavy_case, "request_hearing")
    with pytest.raises(TransitionRefused, match="第六十四条.*非本案调查人员主持"):
        step(heavy_case, "schedule_hearing", chair="officer2")


def test_it_announces_the_hearing_seven_working_days_ahead_art64_art85(heavy_case, step):
    # given notice of the hearing on Tuesday 2021-09-14: 7 working days are 15, 16, 17, 18 (调休),
    # 22, 23, 24 — Mid-Autumn 09-19…21 excluded
    step(heavy_case, "request_hearing")
    assert workflow.earliest_hearing_day(heavy_case.notified_on.replace(day=14)).isoformat() == "2021-09-24"
    with pytest.raises(TransitionRefused, match="第六十四条.*最早于2021-09-24举行"):
        step(heavy_case, "schedule_hearing", scheduled_on="2021-09-23")
    step(heavy_case, "schedule_hearing", scheduled_on="2021-09-24")
    hearing = heavy_case.current_hearing()
    assert hearing.chair.username == "leader" and str(hearing.scheduled_on) == "2021-09-24"


def test_it_does_not_decide_while_a_requested_hearing_is_pending_art64(heavy_case, step, users):
    step(heavy_case, "request_hearing")
    refused = {o.transition.name: o.reason for o in workflow.options(heavy_case, users.leader)}
    assert "decide" not in refused  # not offered from 听证 at all
    assert "尚未安排听证" in refused["record_hearing"]


def test_after_a_hearing_the_decision_needs_a_legal_review_art58(heavy_case, step):
    # given a hearing held on 2021-09-24
    step(heavy_case, "request_hearing")
    step(heavy_case, "schedule_hearing")
    step(heavy_case, "record_hearing")
    # a review from before the hearing does not count: the case goes to review after it
    step(heavy_case, "submit_for_review")
    step(heavy_case, "approve_review", reviewed_on="2021-09-27")
    # when
    step(heavy_case, "decide", decided_on="2021-09-28", decided_fine="5000", level="general", **COLLECTIVE)
    # then
    assert heavy_case.state == CaseState.DECIDED


def test_a_hearing_case_cannot_go_to_review_before_the_hearing_is_held(heavy_case, step):
    step(heavy_case, "request_hearing")
    step(heavy_case, "schedule_hearing")
    with pytest.raises(TransitionRefused, match="听证尚未举行"):
        step(heavy_case, "submit_for_review")
