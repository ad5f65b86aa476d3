"""法制审核: 行政处罚法 第五十八条 and the review catalogue of 国办发〔2018〕118号."""

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import CaseState

NO_LEVEL = {"level": None}  # the catalogued power has no discretion levels in the fixtures


@pytest.fixture
def catalogued_case(make_case, walk, step, enf):
    """A case under a power on the review catalogue, noticed, with the party's statement."""
    case = walk(make_case(power=enf.catalogued), "file", "investigate")
    step(case, "notify", **NO_LEVEL)
    return step(case, "record_statement")


def test_it_refuses_to_decide_a_catalogued_case_without_legal_review_art58(catalogued_case, step):
    with pytest.raises(TransitionRefused, match="第五十八条.*未经法制审核"):
        step(catalogued_case, "decide", **NO_LEVEL)


def test_it_decides_a_catalogued_case_after_a_passed_review_art58(catalogued_case, step):
    case = catalogued_case
    step(case, "submit_for_review")
    step(case, "approve_review", reviewed_on="2021-09-15")
    step(case, "decide", **NO_LEVEL)
    assert case.state == CaseState.DECIDED
    assert case.legal_reviews.get().passed


def test_a_failed_review_sends_the_case_back_and_does_not_count_art58(make_case, walk, step, enf):
    # given a catalogued case whose review failed
    case = walk(make_case(power=enf.catalogued), "file", "investigate", "submit_for_review", "reject_review")
    assert case.state == CaseState.INVESTIGATING
    # when it is noticed and decided without a new review
    step(case, "notify", **NO_LEVEL)
    step(case, "record_statement")
    # then
    with pytest.raises(TransitionRefused, match="第五十八条"):
        step(case, "decide", **NO_LEVEL)


def test_a_reviewer_who_investigated_the_case_may_not_review_it_art58(make_case, walk, step, enf, users):
    # given 陈静 (a legal reviewer) was one of the case's officers
    case = make_case(officers=[enf.wang, enf.zhao, enf.reviewer_as_officer])
    walk(case, "file", "investigate", "submit_for_review")
    # when / then
    with pytest.raises(TransitionRefused, match="第五十八条.*法制审核人员不得是本案的执法（调查）人员"):
        step(case, "approve_review")
    refused = {o.transition.name: o.reason for o in workflow.options(case, users.reviewer)}
    assert "第五十八条" in refused["approve_review"]


def test_an_opinion_is_required_for_a_review(make_case, walk, step):
    case = walk(make_case(), "file", "investigate", "submit_for_review")
    with pytest.raises(TransitionRefused, match="审核意见"):
        step(case, "approve_review", opinion="")
