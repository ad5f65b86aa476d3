"""Notice before the decision and what the decision may be: 行政处罚法 第三十四条 (discretion
standard), 第四十四条、第四十五条、第六十二条 (notice, statement, no heavier penalty), 第五十七条
(collective discussion), 第六十四条 (hearing-request period)."""

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import CaseState
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

# A ¥5,000 fine on a citizen reaches the hearing threshold (¥1,000), so 第五十七条 also asks for
# collective discussion.
COLLECTIVE = {"collective_discussion": True, "collective_discussion_minutes": "负责人集体讨论同意"}


def test_it_refuses_a_penalty_decision_without_prior_notice_art44_art62(make_case, walk, step):
    # given a case reviewed but never notified to the party
    case = make_case()
    walk(case, "file", "investigate", "submit_for_review", "approve_review")
    # when / then
    with pytest.raises(TransitionRefused, match="第四十四条、行政处罚法第六十二条"):
        step(case, "decide")
    case.refresh_from_db()
    assert case.state == CaseState.REVIEWED and case.decided_on is None


def test_it_refuses_to_decide_before_the_statement_period_has_passed_art45_art62(make_case, walk, step):
    # given notice on Friday 2021-09-10: 3 working days, to 2021-09-15
    case = walk(make_case(), *THROUGH_NOTICE)
    # when / then
    with pytest.raises(TransitionRefused, match="第四十五条.*至2021-09-15"):
        step(case, "decide", decided_on="2021-09-15")
    step(case, "decide", decided_on="2021-09-16")
    assert case.state == CaseState.DECIDED


def test_it_decides_at_once_when_the_party_waived_their_statement_art45(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE)
    step(case, "record_statement", statement="", statement_waived=True)
    step(case, "decide", decided_on="2021-09-13")
    assert case.state == CaseState.DECIDED


def test_it_waits_for_the_hearing_request_period_of_five_working_days_art64(make_case, walk, step):
    # given a ¥5,000 fine on a citizen (above the ¥1,000 hearing threshold), notice 2021-09-10
    case = walk(make_case(), "file", "investigate")
    step(case, "notify", intended_fine="5000", level="general")
    step(case, "record_statement")
    # when the statement is in but the 5 working days (to 2021-09-17) have not passed
    with pytest.raises(TransitionRefused, match="第六十四条.*至2021-09-17"):
        step(case, "decide", decided_on="2021-09-17", decided_fine="5000", level="general", **COLLECTIVE)
    # then on 09-18 (a Saturday, but the Mid-Autumn 调休 makes it a working day) it may be decided
    step(case, "decide", decided_on="2021-09-18", decided_fine="5000", level="general", **COLLECTIVE)
    assert case.state == CaseState.DECIDED


def test_it_decides_early_when_the_party_waived_the_hearing_art64(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    step(case, "notify", intended_fine="5000", level="general")
    step(case, "record_statement", hearing_waived=True)
    step(case, "decide", decided_on="2021-09-16", decided_fine="5000", level="general", **COLLECTIVE)
    assert case.state == CaseState.DECIDED


def test_it_refuses_a_heavier_penalty_after_a_defence_art45(make_case, walk, step):
    # given notice of a ¥500 fine and the party's defence
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    # when the decision raises the fine to ¥800
    with pytest.raises(TransitionRefused, match="第四十五条.*不得因当事人陈述、申辩而给予更重的处罚"):
        step(case, "decide", decided_fine="800")
    # or adds a penalty not in the notice
    with pytest.raises(TransitionRefused, match="第四十五条.*警告"):
        step(case, "decide", decided_penalties=["fine", "warning"])
    # then a lighter one is fine
    step(case, "decide", decided_fine="300")
    assert case.decided_fine == 300


def test_it_asks_for_a_new_notice_before_a_heavier_penalty_without_defence_art44(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE)
    step(case, "record_statement", statement="", statement_waived=True)
    with pytest.raises(TransitionRefused, match="第四十四条.*重新告知"):
        step(case, "decide", decided_fine="900")


def test_it_refuses_a_fine_outside_the_discretion_range_without_a_reason_art34(make_case, walk, step):
    # given the level 轻微 (¥0–1,000) and a notice of ¥1,500 without a reason
    case = walk(make_case(), "file", "investigate")
    with pytest.raises(TransitionRefused, match="第三十四条.*超出裁量基准“轻微”的幅度"):
        step(case, "notify", intended_fine="1500")
    # when a reason is recorded, the notice goes out
    step(
        case,
        "notify",
        intended_fine="800",
        level="general",
        fine_outside_range_reason="当事人主动消除危害后果，依法减轻处罚",
    )
    assert case.fine_outside_range_reason.startswith("当事人主动")


def test_it_refuses_a_decided_fine_outside_the_range_without_a_reason_art34(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    with pytest.raises(TransitionRefused, match="第三十四条"):
        step(case, "decide", decided_fine="500", level="general")


def test_it_requires_collective_discussion_for_a_serious_case_art57(make_case, walk, step, enf):
    # given a company noticed of a ¥15,000 fine at level 较重, who waived its statement
    case = walk(make_case(party=enf.company), "file", "investigate")
    step(case, "notify", intended_fine="15000", level="serious")
    step(case, "record_statement", statement="", statement_waived=True)
    decision = {"decided_fine": "15000", "level": "serious"}
    # when the leader decides alone
    with pytest.raises(TransitionRefused, match="第五十七条.*集体讨论"):
        step(case, "decide", **decision)
    # then with the discussion recorded the decision stands
    step(
        case,
        "decide",
        **decision,
        collective_discussion=True,
        collective_discussion_minutes="2021年9月16日镇政府负责人集体讨论，同意处罚",
    )
    assert case.collective_discussion and case.state == CaseState.DECIDED


def test_it_requires_collective_discussion_for_a_fine_at_the_hearing_threshold_art57(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    step(case, "notify", intended_fine="1000", level="minor")
    step(case, "record_statement", statement="", statement_waived=True, hearing_waived=True)
    with pytest.raises(TransitionRefused, match="第五十七条"):
        step(case, "decide", decided_fine="1000")


def test_only_the_town_leader_decides(make_case, walk, step, users):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    with pytest.raises(TransitionRefused, match="没有执行“作出行政处罚决定”的角色"):
        step(case, "decide", user=users.officer)


def test_it_decides_no_penalty_with_a_reason_art57(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    with pytest.raises(TransitionRefused, match="第五十七条.*理由"):
        step(case, "decide_no_penalty", decision_reason="")
    step(case, "decide_no_penalty")
    step(case, "serve")
    step(case, "close")
    assert case.state == CaseState.CLOSED and case.decision_kind == "no_penalty"


def test_a_transferred_case_is_closed_without_service(make_case, walk, step, users):
    case = walk(make_case(), "file", "investigate", "transfer")
    options = {o.transition.name: o.reason for o in workflow.options(case, users.officer)}
    # (the 更正 step is offered in every state before 归档: test_audited.py)
    assert options.pop("correct_decided") is None
    assert options == {"serve": "本案已移送司法机关，无须送达处罚决定书", "close": None}
    with pytest.raises(TransitionRefused, match="已移送司法机关"):
        step(case, "serve")
    step(case, "close")
    assert case.state == CaseState.CLOSED
