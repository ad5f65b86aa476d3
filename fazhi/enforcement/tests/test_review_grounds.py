"""The grounds of legal review and of hearings as data: 行政处罚法 第五十八条第一款 (major public
interest, a hearing held, complex cases, others the law requires) and 第六十三条第一款 (large
fines, large confiscations, heavy penalty kinds, other heavy penalties)."""

import io

import docx
import pytest
from rest_framework.test import APIClient

from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import documents
from fazhi.enforcement.forms import NoticeForm, ReviewSubmissionForm
from fazhi.enforcement.models import CaseState

BASE = "/api/v1/enforcement"
COLLECTIVE = {"collective_discussion": True, "collective_discussion_minutes": "负责人集体讨论同意"}
CONFISCATE = {"intended_penalties": ["confiscation"], "intended_fine": ""}
DECIDE_CONFISCATION = {"decided_penalties": ["confiscation"], "decided_fine": ""}


@pytest.fixture
def api(users):
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def investigating(make_case, walk):
    """A case under a power not on the review catalogue, being investigated."""
    return walk(make_case(), "file", "investigate")


def _notice_text(case) -> str:
    doc, _name = documents.case_document(case, "notice")
    return "".join(p.text for p in docx.Document(io.BytesIO(doc.to_bytes())).paragraphs)


# --- 第五十八条: legal review ---------------------------------------------------------------------


def test_it_refuses_to_decide_a_case_of_major_public_interest_without_review_art58_1(investigating, step):
    # given a case noticed as one of major public interest (the power is not catalogued)
    case = step(investigating, "notify", involves_major_public_interest=True)
    step(case, "record_statement")
    # when the leader decides without a legal review
    with pytest.raises(TransitionRefused, match="第五十八条：本案涉及重大公共利益（第一项）.*未经法制审核"):
        step(case, "decide")
    # then after a passed review the decision is made
    step(case, "submit_for_review")
    step(case, "approve_review", reviewed_on="2021-09-15")
    step(case, "decide")
    assert case.state == CaseState.DECIDED


def test_a_case_without_any_ground_is_decided_without_review_art58(investigating, step):
    case = step(investigating, "notify")
    step(case, "record_statement")
    step(case, "decide")
    assert case.state == CaseState.DECIDED and not case.legal_reviews.exists()


def test_a_complex_case_marked_on_submission_needs_review_and_collective_discussion_art58_3_art57(
    investigating, step
):
    # given the officer submits the case for review as complex, and the review rejects it
    case = step(investigating, "submit_for_review", is_complex=True)
    assert case.is_complex
    step(case, "reject_review")
    # when it is noticed again without saying anything about the grounds
    case = step(case, "notify")
    step(case, "record_statement")
    # then it is still complex: no decision without a passed review
    assert case.is_complex
    with pytest.raises(TransitionRefused, match="第五十八条.*疑难复杂、涉及多个法律关系（第三项）"):
        step(case, "decide")
    step(case, "submit_for_review")
    step(case, "approve_review", reviewed_on="2021-09-15")
    # and the leaders decide it collectively (情节复杂, 第五十七条第二款)
    with pytest.raises(TransitionRefused, match="第五十七条.*集体讨论"):
        step(case, "decide")
    step(case, "decide", **COLLECTIVE)
    assert case.state == CaseState.DECIDED and case.collective_discussion


def test_a_ground_can_be_taken_back_when_noticed(investigating, step):
    case = step(investigating, "submit_for_review", involves_major_public_interest=True)
    step(case, "reject_review")
    case = step(case, "notify", involves_major_public_interest=False)
    step(case, "record_statement")
    step(case, "decide")
    assert case.state == CaseState.DECIDED


def test_another_ground_the_law_requires_is_recorded_with_its_basis_art58_4(investigating, step, api, users):
    # given the officer records, over the API, a regulation that requires a review
    basis = "《湖南省河道采砂管理条例》规定的情形"
    response = api(users.officer).patch(
        f"{BASE}/cases/{investigating.pk}/", {"other_review_basis": basis}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["review_grounds"] == [f"{basis}（第四项）"]
    # when the case is decided without review
    case = step(investigating, "notify")
    step(case, "record_statement")
    # then it is refused, naming the basis
    with pytest.raises(TransitionRefused, match=f"第五十八条：本案{basis}（第四项）"):
        step(case, "decide")


def test_the_api_reports_the_grounds_and_keeps_them_when_a_step_does_not_give_them(investigating, api, users):
    # given the case marked complex over the API
    officer = api(users.officer)
    url = f"{BASE}/cases/{investigating.pk}/"
    assert officer.patch(url, {"is_complex": True}, format="json").status_code == 200
    # when the notice is given over the API without the grounds
    noticed = officer.post(
        f"{BASE}/cases/{investigating.pk}/steps/notify/",
        {"notified_on": "2021-09-10", "intended_penalties": ["fine"], "intended_fine": "500"},
        format="json",
    )
    # then the case is still complex and says why it needs a review
    assert noticed.status_code == 200, noticed.json()
    body = noticed.json()["record"]
    assert body["is_complex"] is True
    assert body["review_grounds"] == ["案件情况疑难复杂、涉及多个法律关系（第三项）"]
    assert body["hearing_grounds"] == []


def test_the_review_form_shows_the_grounds_recorded_on_the_case(investigating, step, users):
    case = step(investigating, "submit_for_review", is_complex=True)
    step(case, "reject_review")
    form = ReviewSubmissionForm(case=case, user=users.officer)
    assert 'value="True" id="id_is_complex_0" checked' in str(form["is_complex"])
    assert 'value="False" id="id_involves_major_public_interest_1" checked' in str(
        form["involves_major_public_interest"]
    )


# --- 第六十三条: hearing rights ----------------------------------------------------------------------


def test_a_large_confiscation_gives_the_right_to_a_hearing_art63_1_2(investigating, step):
    # given a citizen told of a confiscation worth ¥1,000 (the default threshold)
    case = step(investigating, "notify", **CONFISCATE, confiscation_value="1000")
    # then the hearing-request period runs, the notice tells of the right, and a request is taken
    assert Deadline.objects.filter(code="enforcement.hearing_request", object_id=str(case.pk)).exists()
    assert "有权要求举行听证" in _notice_text(case)
    step(case, "request_hearing")
    assert case.state == CaseState.HEARING


def test_a_small_confiscation_gives_no_hearing_art63(investigating, step):
    case = step(investigating, "notify", **CONFISCATE, confiscation_value="999")
    assert "有权要求举行听证" not in _notice_text(case)
    with pytest.raises(TransitionRefused, match="第六十三条.*不属于当事人有权要求听证的情形"):
        step(case, "request_hearing")


def test_the_confiscation_threshold_is_set_by_the_province(
    investigating, step, settings, make_case, enf, walk
):
    # given the province set ¥5,000 for citizens
    settings.HEARING_CONFISCATION_CITIZEN = 5000
    case = step(investigating, "notify", **CONFISCATE, confiscation_value="1000")
    with pytest.raises(TransitionRefused, match="第六十三条"):
        step(case, "request_hearing")
    # and an organization keeps the default (the fine threshold, ¥20,000)
    company_case = walk(make_case(party=enf.company), "file", "investigate")
    step(company_case, "notify", **CONFISCATE, confiscation_value="20000")
    step(company_case, "request_hearing")
    assert company_case.state == CaseState.HEARING


def test_a_confiscation_is_decided_after_the_hearing_window_art63_art64(investigating, step):
    # given a large confiscation noticed on Friday 2021-09-10 and the statement heard
    case = step(investigating, "notify", **CONFISCATE, confiscation_value="8000")
    step(case, "record_statement")
    # when the leader decides before the 5 working days to ask for a hearing have passed
    with pytest.raises(TransitionRefused, match="第六十四条.*至2021-09-17"):
        step(case, "decide", **DECIDE_CONFISCATION, decided_on="2021-09-16")
    # then after them the decision is made
    step(case, "decide", **DECIDE_CONFISCATION, decided_on="2021-09-18")
    assert case.decision_kind == "penalty" and case.decided_penalties == ["confiscation"]


def test_another_heavy_penalty_gives_the_right_to_a_hearing_art63_1_5(investigating, step, api, users):
    # given a notice of suspending a licence recorded as another heavy penalty
    case = step(
        investigating,
        "notify",
        intended_penalties=["suspend_licence"],
        intended_fine="",
        other_hearing_basis="暂扣许可证件六个月，属其他较重的行政处罚",
    )
    # then the API says why, and the hearing may be asked for
    shown = api(users.officer).get(f"{BASE}/cases/{case.pk}/").json()
    assert shown["hearing_grounds"] == ["暂扣许可证件六个月，属其他较重的行政处罚（第五、六项）"]
    step(case, "request_hearing")
    assert case.state == CaseState.HEARING


def test_heavy_penalty_kinds_give_the_right_to_a_hearing_art63_1_3_4(investigating, step):
    case = step(investigating, "notify", intended_penalties=["revoke_licence"], intended_fine="")
    step(case, "request_hearing")
    assert case.state == CaseState.HEARING


def test_the_notice_asks_for_the_value_of_a_confiscation(investigating, users, api):
    # when the notice form is sent with a confiscation but no value
    form = NoticeForm(data={"intended_penalties": ["confiscation"]}, case=investigating, user=users.officer)
    # then it names the field and the article
    assert not form.is_valid()
    assert "第六十三条" in form.errors["confiscation_value"][0]
    # and over the API: 400 naming the field, nothing changes
    response = api(users.officer).post(
        f"{BASE}/cases/{investigating.pk}/steps/notify/",
        {"intended_penalties": ["confiscation"]},
        format="json",
    )
    assert response.status_code == 400
    assert "confiscation_value" in response.json()["data"]
    investigating.refresh_from_db()
    assert investigating.state == CaseState.INVESTIGATING


def test_a_confiscation_value_without_a_confiscation_is_refused(investigating, step):
    with pytest.raises(TransitionRefused, match="处罚种类应包含没收违法所得、没收非法财物"):
        step(investigating, "notify", confiscation_value="3000")
    investigating.refresh_from_db()
    assert investigating.notified_on is None
