"""A dispute's mediation through its steps: the guards of 人民调解法 and their clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import deadlines
from fazhi.core.frozen import RecordFrozen
from fazhi.core.workflow import Refusal, TransitionRefused
from fazhi.mediation.models import Agreement, Dispute, DisputeParty, Session
from fazhi.mediation.testing import add_party
from fazhi.mediation.workflow import CONFIRMATION, DISPUTE, MEDIATION

pytestmark = pytest.mark.django_db
S = Dispute.State


def _session(dispute):
    return Session.objects.create(
        dispute=dispute,
        held_at=dt.datetime(2021, 9, 10, 9, tzinfo=dt.UTC),
        place="歇马村调解室",
        record="双方陈述",
    )


def _refusal(dispute, name, user, **data):
    with pytest.raises(TransitionRefused) as exc:
        DISPUTE.fire(dispute, name, user, data)
    refused = exc.value
    return Refusal(refused.reason, refused.code, field=refused.field, article=refused.article)


def test_it_numbers_files_per_committee_and_year(make_dispute, med):
    # given two disputes of 歇马村 and one of the town's committee in 2021
    first, second = make_dispute(), make_dispute()
    town = make_dispute(committee=med.town)
    # then each committee counts its own files
    assert first.number == "（2021）歇马调字第1号"
    assert second.number == "（2021）歇马调字第2号"
    assert town.number == "（2021）石鼓调字第1号"


def test_it_refuses_acceptance_without_every_consent(make_dispute, med):
    # given a dispute whose parties have not said whether they agree
    dispute = make_dispute(consent="")
    # then acceptance is refused, citing 第十七条
    refusal = _refusal(dispute, "accept", med.mediator)
    assert refusal.code == "consent_missing" and "第十七条" in refusal
    assert refusal.field == "parties"
    dispute.refresh_from_db()
    assert dispute.state == S.REGISTERED


def test_a_refusal_ends_it_before_mediation(make_dispute, med, walker):
    # given one party refuses mediation
    dispute = make_dispute()
    respondent = dispute.parties.get(role=DisputeParty.Role.RESPONDENT)
    respondent.consent = DisputeParty.Consent.REFUSED
    respondent.save()
    # then it cannot be accepted, and declining it is allowed
    assert _refusal(dispute, "accept", med.mediator).code == "party_refused"
    walker.step(dispute, "decline")
    assert dispute.state == S.DECLINED and dispute.end_reason


def test_declining_needs_a_refusal(make_dispute, med):
    dispute = make_dispute()
    assert _refusal(dispute, "decline", med.mediator, reason="x").code == "no_refusal"


def test_acceptance_needs_an_applicant_and_a_respondent(make_dispute, med):
    dispute = make_dispute(parties=False)
    add_party(dispute, DisputeParty.Role.APPLICANT, "李明", consent="given", consent_on=dt.date(2021, 9, 1))
    assert _refusal(dispute, "accept", med.mediator).code == "parties_missing"


def test_acceptance_starts_one_month(make_dispute, walker):
    # given a dispute accepted on 2 September
    dispute = walker.step(make_dispute(), "accept")
    # then it is to be mediated by 2 October (one calendar month), citing the 司法部 rule
    deadline = deadlines.open_deadlines(dispute).get(code=MEDIATION.code)
    assert deadline.due_on == dt.date(2021, 10, 2)
    assert "若干规定第三十三条" in deadline.rule
    assert dispute.accepted_on == dt.date(2021, 9, 2)


def test_administrative_mediation_has_no_month_clock(make_dispute, walker):
    dispute = walker.step(make_dispute(kind=Dispute.Kind.ADMINISTRATIVE), "accept")
    assert not deadlines.open_deadlines(dispute).filter(code=MEDIATION.code).exists()


def test_only_a_mediator_of_the_region_accepts(make_dispute, med, users):
    dispute = make_dispute()
    assert _refusal(dispute, "accept", med.mediator_b).code == "forbidden"
    assert _refusal(dispute, "accept", users.cadre).code == "forbidden"
    assert _refusal(dispute, "accept", users.judicial).code == "forbidden"


def test_success_needs_a_session_record(make_dispute, walker, med):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    refusal = _refusal(dispute, "succeed", med.mediator, content="x", form="written")
    assert refusal.code == "no_session" and "第二十七条" in refusal


def test_a_written_agreement_states_article_29_contents(make_dispute, walker, med):
    # given a mediation with a session recorded
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    _session(dispute)
    # when the agreement lacks the manner and time of performance
    refusal = _refusal(
        dispute, "succeed", med.mediator, form="written", facts="事实", content="内容", signed_on="2021-09-20"
    )
    # then it is refused on that field, citing 第二十九条
    assert refusal.code == "agreement_incomplete" and refusal.field == "performance_terms"
    assert "第二十九条" in refusal
    assert not Agreement.objects.filter(dispute=dispute).exists()


def test_an_oral_agreement_needs_only_its_content(make_dispute, walker):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    _session(dispute)
    walker.step(dispute, "succeed", form="oral", facts="", performance_terms="", content="当场赔偿200元")
    assert dispute.state == S.SUCCEEDED
    assert not deadlines.open_deadlines(dispute).filter(code=CONFIRMATION.code).exists()


def test_success_meets_the_month_and_opens_the_confirmation_window(make_dispute, walker):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    _session(dispute)
    walker.step(dispute, "succeed")
    assert dispute.state == S.SUCCEEDED
    assert dispute.agreement.signed_on == dt.date(2021, 9, 20)
    met = deadlines.Deadline.objects.get(code=MEDIATION.code, object_id=dispute.pk)
    assert met.status == "met" and not met.met_late
    window = deadlines.open_deadlines(dispute).get(code=CONFIRMATION.code)
    assert window.due_on == dt.date(2021, 10, 20)


def test_administrative_agreement_rules_do_not_apply(make_dispute, walker):
    dispute = walker.walk(make_dispute(kind=Dispute.Kind.ADMINISTRATIVE), "accept", "mediate")
    _session(dispute)
    walker.step(dispute, "succeed", facts="", performance_terms="")
    assert dispute.state == S.SUCCEEDED
    assert not deadlines.open_deadlines(dispute).filter(code=CONFIRMATION.code).exists()


def test_confirmation_is_joint_and_within_30_days(make_dispute, walker, med):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    _session(dispute)
    walker.step(dispute, "succeed")
    # not jointly
    assert _refusal(dispute, "apply_confirmation", med.mediator, court="湘潭县人民法院").code == "not_joint"
    # after the 30 days
    late = _refusal(
        dispute,
        "apply_confirmation",
        med.mediator,
        court="湘潭县人民法院",
        jointly=True,
        applied_on="2021-10-21",
    )
    assert late.code == "confirmation_late" and late.field == "applied_on" and "第三十三条" in late
    # on the 30th day
    walker.step(dispute, "apply_confirmation", court="湘潭县人民法院", jointly=True, applied_on="2021-10-20")
    assert dispute.agreement.confirmation == Agreement.Confirmation.APPLIED
    window = deadlines.Deadline.objects.get(code=CONFIRMATION.code, object_id=dispute.pk)
    assert window.status == "met"
    walker.step(dispute, "confirmation_outcome", outcome="confirmed")
    dispute.agreement.refresh_from_db()
    assert dispute.agreement.confirmation == Agreement.Confirmation.CONFIRMED


def test_failure_tells_the_other_routes(make_dispute, walker, med):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    _session(dispute)
    refusal = _refusal(dispute, "fail", med.mediator, reason="分歧过大")
    assert refusal.code == "routes_not_told" and refusal.field == "routes_told" and "第二十六条" in refusal
    walker.step(dispute, "fail")
    assert dispute.state == S.FAILED and "仲裁" in dispute.routes_told


def test_ending_cancels_the_month(make_dispute, walker):
    dispute = walker.walk(make_dispute(), "accept", "end")
    assert dispute.state == S.ENDED
    assert not deadlines.open_deadlines(dispute).exists()


def test_extension_needs_both_parties(make_dispute, walker, med):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    refusal = _refusal(dispute, "extend", med.mediator, days=15, reason="需要补充证据")
    assert refusal.code == "extension_not_agreed" and refusal.field == "both_agree"
    walker.step(dispute, "extend", days=15, reason="需要补充证据", both_agree=True)
    deadline = deadlines.open_deadlines(dispute).get(code=MEDIATION.code)
    assert deadline.due_on == dt.date(2021, 10, 17)
    assert dispute.state == S.MEDIATING


def test_the_whole_file_to_archive_then_frozen(make_dispute, walker, med):
    dispute = make_dispute()
    walker.walk(dispute, "accept", "investigate", "mediate")
    _session(dispute)
    walker.walk(dispute, "succeed", "perform", "follow_up", "close", "archive")
    assert dispute.state == S.ARCHIVED
    assert dispute.follow_ups.count() == 1
    assert dispute.agreement.performed
    # then the closed file refuses changes to its parts
    party = dispute.parties.first()
    party.occupation = "农民"
    with pytest.raises(RecordFrozen):
        party.save()


def test_agreement_day_not_in_the_future(make_dispute, walker, med):
    dispute = walker.walk(make_dispute(), "accept", "mediate")
    _session(dispute)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refusal = _refusal(
        dispute, "succeed", med.mediator, form="oral", content="x", signed_on=tomorrow.isoformat()
    )
    assert refusal.field == "signed_on"
