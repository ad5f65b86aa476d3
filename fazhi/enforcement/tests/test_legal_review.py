"""法制审核: 行政处罚法 第五十八条 and the review catalogue of 国办发〔2018〕118号."""

import datetime as dt

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


# --- 第五十八条第二款: a first-time reviewer holds the legal professional qualification -------------


@pytest.fixture
def in_review(make_case, walk):
    return walk(make_case(), "file", "investigate", "submit_for_review")


def test_a_reviewer_who_began_after_2021_07_15_without_the_qualification_is_refused_art58_2(
    in_review, step, enf
):
    # given: 陈静 began reviewing on 2021-07-15 (初次从事 under the 2021 law) and has no qualification
    enf.reviewer_as_officer.review_duty_since = dt.date(2021, 7, 15)
    enf.reviewer_as_officer.save()
    # when / then: her review is refused citing 第五十八条第二款, and nothing is recorded
    with pytest.raises(TransitionRefused, match="第五十八条第二款.*法律职业资格.*2021-07-15") as refused:
        step(in_review, "approve_review", reviewed_on="2021-09-15")
    assert refused.value.field == "reviewer"
    in_review.refresh_from_db()
    assert in_review.state == CaseState.LEGAL_REVIEW and not in_review.legal_reviews.exists()
    # and: once her qualification is on record, she reviews
    enf.reviewer_as_officer.legal_qualification = "A20214303210001"
    enf.reviewer_as_officer.save()
    step(in_review, "approve_review", reviewed_on="2021-09-15")
    assert in_review.legal_reviews.get().passed


def test_a_reviewer_in_post_before_2021_07_15_reviews_without_it_art58_2(in_review, step, enf):
    enf.reviewer_as_officer.review_duty_since = dt.date(2021, 7, 14)
    enf.reviewer_as_officer.save()
    step(in_review, "approve_review", reviewed_on="2021-09-15")
    assert in_review.state == CaseState.REVIEWED


def test_a_reviewer_with_no_start_date_on_record_is_refused_art58_2(in_review, step, enf):
    enf.reviewer_as_officer.review_duty_since = None
    enf.reviewer_as_officer.save()
    with pytest.raises(TransitionRefused, match="第五十八条第二款.*起始日期"):
        step(in_review, "reject_review")


def test_the_officer_page_records_the_start_date_and_qualification(login, users, enf):
    from django.urls import reverse

    officer = enf.reviewer_as_officer
    client = login(users.officer)
    response = client.post(
        reverse("enforcement:officer_edit", args=[officer.pk]),
        {
            "name": officer.name,
            "body": officer.body_id,
            "position": "法制审核员",
            "user": users.reviewer.pk,
            "active": "on",
            "review_duty_since": "2021-08-01",
            "legal_qualification": "A20214303210001",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.review_duty_since == dt.date(2021, 8, 1)
    assert officer.legal_qualification == "A20214303210001"
    page = client.get(reverse("enforcement:officer_detail", args=[officer.pk])).content.decode()
    assert "A20214303210001" in page and "2021-08-01" in page
    # and through the API
    api = client.get(f"/api/v1/enforcement/officers/{officer.pk}/").json()
    assert api["review_duty_since"] == "2021-08-01" and api["legal_qualification"] == "A20214303210001"
