"""A matter's statutory course through its steps: each clock at its edges and the guards of the
信访工作条例."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import deadlines
from fazhi.core.frozen import RecordFrozen
from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.petitions.models import Matter, Petitioner, Registration
from fazhi.petitions.workflow import ACCEPT, HANDLE, MATTER, OBJECT, RE_REVIEW, REVIEW

pytestmark = pytest.mark.django_db
S = Matter.State


def _refused(matter, name, user, **data) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as exc:
        MATTER.fire(matter, name, user, data)
    return exc.value


def _clock(matter, code) -> Deadline:
    return Deadline.objects.filter(object_id=str(matter.pk), code=code).order_by("-id").first()


def test_intake_numbers_the_matter_records_the_town_registration_and_starts_15_days(make_matter):
    # given a letter received on 2021-09-01
    matter = make_matter()
    # then it is numbered for the town and the year, registered at the town level
    assert matter.number == "石鼓信〔2021〕1号"
    assert list(matter.registrations.values_list("level", flat=True)) == ["town"]
    # and the acceptance notice is due 15 days later (the day received not counted)
    clock = _clock(matter, ACCEPT.code)
    assert clock.due_on == dt.date(2021, 9, 16) == matter.accept_due_on
    assert _clock(matter, OBJECT.code) is None


def test_the_15_day_clock_is_met_on_the_15th_day_and_late_on_the_16th(make_matter, walker):
    on_time, late = make_matter(), make_matter()
    walker.step(on_time, "accept", decided_on="2021-09-16")
    walker.step(late, "accept", decided_on="2021-09-17")
    assert _clock(on_time, ACCEPT.code).met_late is False
    assert _clock(late, ACCEPT.code).met_late is True


def test_objection_within_5_working_days_counts_across_a_holiday(make_matter, walker):
    # given a matter transferred by the county on 2021-09-29, before the National Day holiday
    matter = make_matter(
        source=Matter.Source.TRANSFERRED, sender="湘潭县信访局", received_on=dt.date(2021, 9, 29)
    )
    # then the objection is due on the 5th working day: 9-30, 10-8 (a working Saturday), 10-9,
    # 10-11, 10-12 — 10-1 to 10-7 are the holiday
    clock = _clock(matter, OBJECT.code)
    assert clock.due_on == matter.object_due_on
    expected = deadlines.add_working_days(dt.date(2021, 9, 29), 5).on
    assert clock.due_on == expected
    assert clock.due_on > dt.date(2021, 10, 7)
    # when the office objects on the last day, it is in time and the acceptance clock is moot
    walker.step(matter, "return", decided_on=clock.due_on.isoformat())
    assert matter.state == S.RETURNED
    assert _clock(matter, OBJECT.code).met_late is False
    assert _clock(matter, ACCEPT.code).status == Deadline.Status.CANCELLED


def test_only_a_transferred_matter_is_returned(make_matter, users):
    matter = make_matter()
    refused = _refused(matter, "return", users.petition, reason="不属于本机关")
    assert refused.code == "not_transferred" and "第二十三条" in refused.reason


def test_handling_takes_60_days_extended_once_by_at_most_30_with_a_leader(make_matter, walker, users):
    matter = make_matter()
    walker.step(matter, "accept", decided_on="2021-09-06")
    clock = _clock(matter, HANDLE.code)
    assert clock.due_on == dt.date(2021, 11, 5)
    assert matter.handle_due_on == dt.date(2021, 11, 5)
    # the petition office may not approve its own extension
    assert _refused(matter, "extend", users.petition, days="30", reason="复杂").forbidden
    # more than 30 days is refused
    assert _refused(matter, "extend", users.leader, days="31", reason="复杂").code == "invalid"
    # the leader approves 30 days: the due day moves to 12-05
    walker.step(matter, "extend")
    assert _clock(matter, HANDLE.code).due_on == dt.date(2021, 12, 5)
    assert matter.handle_due_on == dt.date(2021, 12, 5) and matter.extended
    # a second extension is refused
    refused = _refused(matter, "extend", users.leader, days="1", reason="仍需调查")
    assert refused.code == "extension_count"
    # the answer on the 90th day is in time
    walker.step(matter, "answer", answered_on="2021-12-05")
    assert _clock(matter, HANDLE.code).met_late is False


def test_the_answer_must_state_facts_decision_and_basis(make_matter, walker, users):
    matter = make_matter()
    walker.step(matter, "accept")
    refused = _refused(matter, "answer", users.petition, answered_on="2021-10-01", facts="属实", decision="")
    assert refused.code == "answer_incomplete" and refused.field == "decision"
    assert "第三十四条" in refused.reason


def test_a_claim_for_the_courts_is_routed_and_its_clock_closes(make_matter, walker, users):
    matter = make_matter()
    walker.walk(matter, "accept", "route")
    assert matter.state == S.ROUTED and matter.routed_to == "诉讼"
    assert _clock(matter, HANDLE.code).status == Deadline.Status.MET
    suggestion = make_matter(kind=Matter.Kind.SUGGESTION)
    walker.step(suggestion, "accept")
    assert _refused(suggestion, "route", users.petition, routed_to="诉讼", reason="x").code == "not_claim"
    assert _clock(suggestion, HANDLE.code) is None  # the 60 days apply to 申诉求决类


def test_a_request_repeating_a_concluded_matter_is_not_accepted_again(make_matter, walker, users):
    # given a concluded matter of 刘德华
    first = make_matter()
    walker.walk(first, *["accept", "answer", "rate", "conclude"])
    # when he writes again about the same thing
    again = make_matter(received_on=dt.date(2021, 11, 20))
    # then it is flagged as a possible repeat of the first
    assert again.possible_repeat and again.repeat_of_id == first.pk
    # a repeat not confirmed may still be accepted; once confirmed, acceptance is refused
    walker.step(again, "confirm_repeat")
    refused = _refused(again, "accept", users.petition)
    assert refused.code == "repeat_concluded" and "第三十六条" in refused.reason
    walker.step(again, "not_again", decided_on="2021-11-25")
    assert again.state == S.NOT_AGAIN
    # and the concluded matter itself cannot be accepted again
    assert _refused(first, "accept", users.petition).code == "state"


def test_not_again_needs_a_confirmed_repeat(make_matter, users):
    matter = make_matter()
    assert _refused(matter, "not_again", users.petition, reason="重复").code == "not_a_repeat"


def test_review_is_asked_within_30_days_of_the_answer_and_answered_within_30(make_matter, walker, users):
    matter = make_matter()
    walker.walk(matter, "accept", "answer")  # answered 2021-10-20
    # the 31st day is late
    refused = _refused(matter, "request_review", users.petition, requested_on="2021-11-20", body="县政府")
    assert refused.code == "review_late" and "第三十五条" in refused.reason
    # the 30th day is in time; the review is due 30 days later
    walker.step(matter, "request_review", requested_on="2021-11-19")
    assert matter.state == S.REVIEWING
    assert _clock(matter, REVIEW.code).due_on == dt.date(2021, 12, 19)
    walker.step(matter, "review_result", decided_on="2021-12-05")
    # 复核 within 30 days of the review opinion
    late = _refused(matter, "request_re_review", users.petition, requested_on="2022-01-05", body="市政府")
    assert late.code == "re_review_late"
    walker.step(matter, "request_re_review", requested_on="2022-01-04")
    assert _clock(matter, RE_REVIEW.code).due_on == dt.date(2022, 2, 3)
    walker.step(matter, "re_review_result")
    assert matter.state == S.FINAL
    # after 复核 the matter is concluded: nothing changes it
    with pytest.raises(RecordFrozen):
        Petitioner.objects.create(matter=matter, name="新增", region=matter.region)


def test_an_assigned_matter_is_concluded_only_after_its_report(make_matter, walker, users):
    matter = make_matter(
        source=Matter.Source.ASSIGNED, sender="湘潭县信访局", sender_deadline=dt.date(2021, 11, 30)
    )
    walker.walk(matter, "accept", "answer")
    assert _refused(matter, "conclude", users.petition).code == "report_missing"
    walker.walk(matter, "report", "conclude")
    assert matter.state == S.CONCLUDED


def test_a_collective_visit_is_flagged_never_refused(make_matter, walker):
    people = [Petitioner(name=f"村民{i}", representative=True) for i in range(6)]
    matter = make_matter(form=Matter.Form.VISIT, persons=30, petitioners=people)
    assert matter.collective
    from fazhi.petitions.workflow import too_many_representatives

    assert too_many_representatives(matter)
    walker.step(matter, "accept")
    assert matter.state == S.ACCEPTED


def test_registrations_count_a_matter_once_per_level_and_year(make_matter):
    matter = make_matter()
    for day in ("2021-09-10", "2021-10-01"):
        Registration.objects.create(matter=matter, level="national", registered_on=day)
    Registration.objects.create(matter=matter, level="national", registered_on="2022-01-05")
    counted = matter.registrations.filter(level="national", counted=True)
    assert sorted(r.registered_on.isoformat() for r in counted) == ["2021-09-10", "2022-01-05"]
