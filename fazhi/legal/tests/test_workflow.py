"""A major decision, a contract and a normative document through their steps: the guards of
重大行政决策程序暂行条例 and 国办发〔2018〕115号."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.workflow import TransitionRefused
from fazhi.legal import workflow
from fazhi.legal.models import Decision, NormativeDocument, PublicComment
from fazhi.legal.testing import (
    MEETING,
    make_contract,
    make_decision,
    make_normative,
    opinion,
    to_review,
    to_reviewed,
)

pytestmark = pytest.mark.django_db
D = workflow.DECISION
S = Decision.State


def _refused(flow, record, name, user, **data):
    with pytest.raises(TransitionRefused) as exc:
        flow.fire(record, name, user, data)
    return exc.value


def test_the_meeting_is_refused_until_the_legality_review_has_passed(legal, users):
    # given a drafted decision that was never reviewed
    decision = make_decision(legal)
    D.fire(decision, "draft", users.gov_office, {"draft": "草案"})
    # when the town leader records the collective decision
    refused = _refused(D, decision, "decide", users.leader, **MEETING)
    # then it is refused, citing 第二十五条, and nothing changes
    assert refused.code == "review_not_passed" and "第二十五条" in str(refused.reason)
    assert refused.field == "review_outcome"
    decision.refresh_from_db()
    assert decision.state == S.DRAFTED and not decision.meeting_on


def test_asking_an_adviser_is_not_a_review_and_an_unlawful_finding_sends_it_back(legal, users):
    decision = to_review(make_decision(legal), users, legal)
    # the judicial office may not conclude without the adviser's opinion (第二十八条)
    refused = _refused(D, decision, "review", users.judicial, outcome="lawful", opinion="合法")
    assert refused.code == "no_adviser_opinion" and "第二十八条" in str(refused.reason)
    # an adviser's opinion alone does not open the meeting
    opinion(legal, decision)
    assert _refused(D, decision, "decide", users.leader, **MEETING).code == "review_not_passed"
    # 不合法: back to the draft, and still no meeting
    D.fire(
        decision, "review_unlawful", users.judicial, {"opinion": "超越法定权限", "reviewed_on": "2021-04-12"}
    )
    assert decision.state == S.DRAFTED and decision.review_outcome == "unlawful"
    assert _refused(D, decision, "decide", users.leader, **MEETING).code == "review_not_passed"


def test_the_meeting_needs_every_material_the_entry_requires(legal, users):
    # given a reviewed decision whose entry later requires a risk assessment
    decision = to_reviewed(make_decision(legal), users, legal)
    assert decision.state == S.REVIEWED
    legal.plain.needs_risk = True
    legal.plain.save()
    decision.refresh_from_db()
    # then the meeting is refused naming the missing report (第二十九条)
    refused = _refused(D, decision, "decide", users.leader, **MEETING)
    assert refused.code == "materials_missing" and "风险评估报告" in str(refused.reason)
    assert refused.field == "risk_report"
    # and the leader's meeting passes once the entry's materials are all there
    legal.plain.needs_risk = False
    legal.plain.save()
    decision.refresh_from_db()
    D.fire(decision, "decide", users.leader, MEETING)
    assert decision.state == S.DECIDED and decision.resolution == "agreed"


def test_only_the_town_leader_holds_the_meeting(legal, users):
    decision = to_reviewed(make_decision(legal), users, legal)
    assert _refused(D, decision, "decide", users.judicial, **MEETING).code == "forbidden"


def _with_participation(legal, users):
    decision = make_decision(legal, entry=legal.full)
    D.fire(decision, "draft", users.gov_office, {"draft": "草案"})
    return decision


def test_the_public_comment_period_is_thirty_days_or_shorter_with_a_published_reason(legal, users):
    decision = _with_participation(legal, users)
    call = {"published_on": "2021-03-01", "channels": "镇政府网站", "how": "书面"}
    # 29 days: refused (第十五条)
    refused = _refused(D, decision, "open_comment", users.gov_office, until="2021-03-30", **call)
    assert refused.code == "comment_too_short" and "第十五条" in str(refused.reason)
    assert refused.field == "until"
    # shorter, with the reason published with the call: allowed
    D.fire(
        decision,
        "open_comment",
        users.gov_office,
        {**call, "until": "2021-03-15", "short_reason": "防汛工作紧急"},
    )
    assert decision.state == S.CONSULTING and decision.comment_short_reason


def test_thirty_days_are_enough_and_the_period_cannot_be_closed_early(legal, users):
    decision = _with_participation(legal, users)
    D.fire(
        decision,
        "open_comment",
        users.gov_office,
        {"published_on": "2021-03-01", "channels": "镇政府网站", "how": "书面", "until": "2021-03-31"},
    )
    assert decision.comment_until == dt.date(2021, 3, 31)
    assert (
        _refused(D, decision, "close_comment", users.gov_office, closed_on="2021-03-20").code
        == "comment_open"
    )
    D.fire(decision, "close_comment", users.gov_office, {"closed_on": "2021-03-31"})
    assert decision.state == S.DRAFTED


def test_each_comment_is_answered_before_the_review(legal, users):
    decision = _with_participation(legal, users)
    D.fire(
        decision,
        "open_comment",
        users.gov_office,
        {"published_on": "2021-03-01", "channels": "网站", "how": "书面", "until": "2021-03-31"},
    )
    comment = PublicComment.objects.create(
        decision=decision, received_on=dt.date(2021, 3, 5), content="建议增加垃圾清运频次"
    )
    D.fire(decision, "close_comment", users.gov_office, {"closed_on": "2021-03-31"})
    D.fire(decision, "experts", users.gov_office, {"opinion": "方案可行"})
    refused = _refused(D, decision, "submit_review", users.gov_office, due_on="2021-06-30")
    assert refused.code == "procedure_missing" and "公众意见" in str(refused.reason)
    comment.answer, comment.reason = PublicComment.Answer.ADOPTED, "已采纳"
    comment.save()
    D.fire(
        decision, "submit_review", users.gov_office, {"submitted_on": "2021-04-01", "due_on": "2021-04-13"}
    )
    assert decision.state == S.IN_REVIEW


def test_the_review_is_given_seven_working_days_across_a_holiday(legal, users):
    # given a draft submitted on 2021-09-30, the eve of the National Day holiday (10月1日—7日;
    # 10月9日 a working Saturday): seven working days end on 10月15日
    decision = make_decision(legal)
    D.fire(decision, "draft", users.gov_office, {"draft": "草案"})
    refused = _refused(
        D, decision, "submit_review", users.gov_office, submitted_on="2021-09-30", due_on="2021-10-14"
    )
    assert refused.code == "review_time_short" and "第二十六条" in str(refused.reason)
    assert "2021-10-15" in str(refused.reason)
    # a shorter time with a reason recorded is allowed; the reviewer may answer earlier
    D.fire(
        decision,
        "submit_review",
        users.gov_office,
        {"submitted_on": "2021-09-30", "due_on": "2021-10-15"},
    )
    assert decision.review_due_on == dt.date(2021, 10, 15)


def test_a_shorter_review_time_needs_a_reason(legal, users):
    decision = make_decision(legal)
    D.fire(decision, "draft", users.gov_office, {"draft": "草案"})
    D.fire(
        decision,
        "submit_review",
        users.gov_office,
        {"submitted_on": "2021-09-30", "due_on": "2021-10-08", "short_reason": "上级督办，须于10月9日前决策"},
    )
    assert decision.state == S.IN_REVIEW and decision.review_short_reason


def test_a_decision_outside_the_published_catalogue_is_refused(legal, users, regions):
    # an entry of a catalogue not yet published
    with pytest.raises(ValidationError) as exc:
        make_decision(legal, entry=legal.unpublished)
    assert "第三条" in str(exc.value.message_dict["entry"])
    # an entry of another town's catalogue
    with pytest.raises(ValidationError) as exc:
        make_decision(legal, entry=legal.other_entry, region=regions.town)
    assert "entry" in exc.value.message_dict


def test_a_decision_from_start_to_archive(legal, users):
    decision = to_reviewed(make_decision(legal), users, legal)
    D.fire(decision, "decide", users.leader, MEETING)
    D.fire(decision, "report", users.gov_office, {"reported_on": "2021-04-21"})
    D.fire(decision, "publish", users.leader, {"published_on": "2021-04-25", "channel": "镇政府网站"})
    D.fire(decision, "execute", users.gov_office)
    D.fire(decision, "archive", users.gov_office, {"archived_on": "2021-12-20"})
    assert decision.state == S.ARCHIVED
    assert _refused(D, decision, "archive", users.gov_office).code == "state"


def test_no_signed_contract_without_a_passed_review(legal, users, regions):
    C = workflow.CONTRACT
    contract = make_contract(regions.town)
    refused = _refused(C, contract, "sign", users.gov_office)
    assert refused.code == "review_not_passed" and refused.field == "review_outcome"
    C.fire(contract, "submit", users.gov_office, {"submitted_on": "2021-05-10"})
    assert _refused(C, contract, "sign", users.gov_office).code == "review_not_passed"
    C.fire(contract, "refuse", users.judicial, {"opinion": "相对方资质不符", "reviewed_on": "2021-05-12"})
    assert _refused(C, contract, "sign", users.gov_office).code == "review_not_passed"
    C.fire(contract, "revise", users.gov_office, {"submitted_on": "2021-05-13"})
    C.fire(
        contract,
        "review",
        users.judicial,
        {"outcome": "amend", "opinion": "修改违约条款后签订", "reviewed_on": "2021-05-14"},
    )
    C.fire(contract, "sign", users.gov_office, {"signed_on": "2021-05-20"})
    assert contract.state == "signed"
    # filing within the rule's 10 working days of signing (2021-05-20 → 2021-06-03)
    from fazhi.core import deadlines

    filing = deadlines.open_deadlines(contract).get(code="legal.contract_filing")
    assert filing.due_on == dt.date(2021, 6, 3)
    C.fire(contract, "file", users.gov_office, {"filed_on": "2021-05-28"})
    assert not deadlines.open_deadlines(contract).exists()


def test_the_contract_review_clock_follows_the_rule(legal, users, regions):
    from fazhi.core import deadlines

    contract = make_contract(regions.town)
    workflow.CONTRACT.fire(contract, "submit", users.gov_office, {"submitted_on": "2021-05-10"})
    clock = deadlines.open_deadlines(contract).get()
    # 5 working days from Monday 2021-05-10
    assert clock.due_on == dt.date(2021, 5, 17)


def test_a_contract_without_the_counterparty_credit_code_is_not_sent(legal, users, regions):
    contract = make_contract(regions.town, credit_code="")
    assert _refused(workflow.CONTRACT, contract, "submit", users.gov_office).code == "no_credit_code"
    with pytest.raises(ValidationError):
        make_contract(regions.town, credit_code="91430321MA4L2B3C4X")  # wrong check character


def test_no_normative_document_issued_without_a_passed_review(legal, users, regions):
    N = workflow.NORMATIVE
    doc = make_normative(regions.town)
    refused = _refused(N, doc, "issue", users.gov_office, deliberated_on="2021-06-01", issued_on="2021-06-02")
    assert refused.code == "review_not_passed" and "115号" in str(refused.reason)
    # and the model refuses an issue date set by hand
    doc.issued_on = dt.date(2021, 6, 2)
    with pytest.raises(ValidationError):
        doc.full_clean()
    doc.refresh_from_db()
    N.fire(doc, "submit", users.gov_office, {"submitted_on": "2021-05-20"})
    N.fire(
        doc, "review", users.judicial, {"outcome": "lawful", "opinion": "合法", "reviewed_on": "2021-05-28"}
    )
    N.fire(
        doc,
        "issue",
        users.gov_office,
        {"deliberated_on": "2021-06-01", "issued_on": "2021-06-02", "valid_until": "2023-06-01"},
    )
    assert doc.state == NormativeDocument.State.ISSUED
    assert doc.number == "石鼓政规〔2021〕1号"
    N.fire(doc, "amend", users.gov_office, {"amended_on": "2022-03-01", "note": "第五条奖补标准调整"})
    assert "第五条" in doc.amended_note
    # past its validity it leaves 现行有效 by itself
    assert doc.standing(dt.date(2022, 1, 1)) == "现行有效"
    assert doc.standing(dt.date(2023, 6, 2)) == "已失效"


def test_an_adjusted_decision_goes_through_the_review_gate_again(legal, users):
    decision = to_reviewed(make_decision(legal), users, legal)
    D.fire(decision, "decide", users.leader, MEETING)
    D.fire(decision, "report", users.gov_office, {"reported_on": "2021-04-21"})
    D.fire(decision, "publish", users.leader, {"published_on": "2021-04-25", "channel": "镇政府网站"})
    D.fire(decision, "execute", users.gov_office)
    D.fire(decision, "adjust", users.leader, {"reason": "后评估发现摊位租金标准需调整"})
    assert decision.state == S.DRAFTED and decision.adjustment_reason
    assert _refused(D, decision, "decide", users.leader, **MEETING).code == "review_not_passed"
