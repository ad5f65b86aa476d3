"""Officers on a case: 行政处罚法 第四十二条 (two officers, valid certificates) and
第四十三条 (withdrawal)."""

import datetime as dt

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import CaseState


def test_it_refuses_to_file_a_case_with_fewer_than_two_officers_art42(make_case, step, enf):
    # given a case with one officer
    case = make_case(officers=[enf.wang])
    # when / then
    with pytest.raises(TransitionRefused, match="第四十二条.*不得少于两人"):
        step(case, "file")
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and case.number == ""


def test_it_refuses_to_file_when_an_officer_certificate_is_not_valid_that_day_art42(make_case, step, enf):
    # given 刘过期, whose certificate ran out on 2021-06-30, put on the case earlier
    case = make_case(officers=[enf.wang, enf.zhao, enf.expired])
    # when filing on 2021-09-06
    with pytest.raises(TransitionRefused) as refused:
        step(case, "file")
    # then
    assert "第四十二条" in refused.value.reason and "刘过期" in refused.value.reason
    assert "2021-09-06" in refused.value.reason


def test_it_files_the_same_case_on_a_day_the_certificate_was_still_valid_art42(make_case, step, enf):
    case = make_case(officers=[enf.wang, enf.expired], act_date=dt.date(2021, 5, 1))
    step(case, "file", filed_on="2021-06-30")
    assert case.state == CaseState.FILED


def test_it_refuses_to_add_an_officer_whose_certificate_expired_art42(make_case, enf, users):
    # given
    case = make_case()
    # when / then
    with pytest.raises(TransitionRefused, match="第四十二条.*刘过期.*没有有效的行政执法证"):
        workflow.add_officer(case, enf.expired, users.officer, on=dt.date(2021, 9, 6))
    assert case.case_officers.count() == 2


def test_it_refuses_to_add_an_officer_of_another_body_art42(make_case, enf, users):
    case = make_case()
    with pytest.raises(TransitionRefused, match="不是本案执法主体"):
        workflow.add_officer(case, enf.other, users.officer, on=dt.date(2021, 9, 6))


def test_it_adds_a_certified_officer_and_ledgers_it(make_case, enf, users):
    from fazhi.core.models import LedgerEntry

    case = make_case(officers=[enf.wang])
    workflow.add_officer(case, enf.li, users.officer, on=dt.date(2021, 9, 6))
    assert [o.name for o in case.active_officers()] == ["王强", "李军"]
    assert LedgerEntry.objects.filter(action="enforcement.add_officer", object_id=str(case.pk)).exists()


def test_a_withdrawn_officer_does_not_count_towards_the_two_art43(make_case, step, enf, users):
    # given a case with three officers, one of whom withdraws for an interest in the case
    case = make_case(officers=[enf.wang, enf.zhao])
    workflow.withdraw_officer(
        case, enf.zhao, users.officer, reason="与当事人系近亲属", on=dt.date(2021, 9, 5)
    )
    # when / then filing is refused: one officer left
    with pytest.raises(TransitionRefused, match="第四十二条.*现有1名"):
        step(case, "file")


def test_a_withdrawn_officer_cannot_rejoin_the_case_art43(make_case, enf, users):
    case = make_case()
    workflow.withdraw_officer(case, enf.zhao, users.officer, reason="与当事人有利害关系")
    with pytest.raises(TransitionRefused, match="第四十三条.*已在本案回避"):
        workflow.add_officer(case, enf.zhao, users.officer)


def test_it_asks_for_the_reason_of_a_withdrawal_art43(make_case, enf, users):
    case = make_case()
    with pytest.raises(TransitionRefused, match="第四十三条.*回避理由"):
        workflow.withdraw_officer(case, enf.zhao, users.officer, reason=" ")
    assert len(case.active_officers()) == 2


def test_it_refuses_to_decide_when_an_officer_certificate_lapsed_since_filing_art42(
    make_case, walk, step, enf
):
    # given a case filed with 李军, whose certificate is then suspended from 2021-09-15
    case = make_case(officers=[enf.wang, enf.li])
    walk(case, "file", "investigate", "notify", "record_statement")
    certificate = enf.li.certificates.get()
    certificate.status = certificate.Status.SUSPENDED
    certificate.status_changed_on = dt.date(2021, 9, 15)
    certificate.save()
    # when / then
    with pytest.raises(TransitionRefused, match="第四十二条.*李军.*2021-09-16"):
        step(case, "decide")
