"""The report's procedure: who takes each step, the approval guard on the content items, the
figures frozen on approval and the view of where live figures now differ."""

import datetime as dt

import pytest

from fazhi.core.models import Rule
from fazhi.core.workflow import TransitionRefused
from fazhi.reports import compose, drafting, workflow
from fazhi.reports.models import Report
from fazhi.reports.testing import PENDING_CODE

S = Report.State
FLOW = workflow.REPORT


def _drop_pending(report):
    """Leave out the sentences whose figures no installed app registers (as staff would)."""
    compose.drop_pending(report)


def _to_approval(report, users):
    FLOW.fire(report, "submit", users.gov_office)
    FLOW.fire(report, "review", users.judicial, {"review_opinion": "同意"})
    FLOW.fire(
        report, "deliberate", users.gov_office, {"meeting": "镇党委会议", "deliberated_on": "2021-12-28"}
    )
    assert report.state == S.APPROVAL


def test_the_reviewer_is_never_the_drafter(regions, users):
    # given a town whose rule lets 司法所 draft, and a report 司法所 drafted
    Rule.objects.create(
        code=workflow.JUDICIAL_DRAFTS,
        region=regions.town,
        value=1,
        effective_from=dt.date(2020, 1, 1),
        citation="镇规则",
    )
    report = drafting.create_report(regions.town, 2021, users.judicial)
    FLOW.fire(report, "submit", users.judicial)
    # when the same 司法所 user reviews it
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "review", users.judicial)
    # then it is refused with its code, and nothing changed
    assert refused.value.code == "reviewer_is_drafter"
    report.refresh_from_db()
    assert report.state == S.REVIEW


def test_judicial_office_drafts_only_by_the_town_rule(regions, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        drafting.create_report(regions.town, 2021, users.judicial)


def test_approval_is_refused_while_a_content_item_is_empty(report, users):
    _drop_pending(report)
    report.sections.filter(item=4).update(body="")
    _to_approval(report, users)
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "approve", users.leader)
    assert refused.value.code == "content_item_empty"
    assert "下一年度主要安排" in refused.value.reason
    assert refused.value.field == "item_4"


def test_approval_is_refused_while_a_problem_lacks_its_cause(report, users):
    _drop_pending(report)
    report.problems.filter(order=20).update(cause="")
    _to_approval(report, users)
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "approve", users.leader)
    assert refused.value.code == "problem_without_cause"
    assert refused.value.field == "cause"


def test_approval_is_refused_while_a_sentence_waits_for_data(report, users):
    _to_approval(report, users)
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "approve", users.leader)
    assert refused.value.code == "figure_missing"
    assert PENDING_CODE in refused.value.reason


def test_approval_freezes_the_figures_and_a_later_edit_changes_nothing(report, users, actions):
    # given an approved report
    _drop_pending(report)
    _to_approval(report, users)
    FLOW.fire(report, "approve", users.leader, {"approved_on": "2021-12-30"})
    report.refresh_from_db()
    assert report.state == S.APPROVED
    assert report.chain_head["chain"] == "430321108"
    frozen = report.figures.get(code="enforcement.straw_burning_stops", year=2021)
    assert frozen.value == 13
    assert sorted(frozen.record_ids) == sorted(a.pk for a in actions.actions)
    before = "\n".join(b.text for b in compose.compose(report).blocks)
    # when a record behind a figure changes afterwards
    action = actions.actions[0]
    action.straw_burning_stops = 40
    action.save()
    # then the report still says what was approved
    after = "\n".join(b.text for b in compose.compose(report).blocks)
    assert after == before
    assert "制止焚烧秸秆10余起" in after
    # and the differences view names the figure, frozen and live
    found = {(d.frozen.code, d.frozen.year): d for d in compose.differences(report)}
    changed = found[("enforcement.straw_burning_stops", 2021)]
    assert changed.frozen.value == 13
    assert changed.live.value == 52


def test_the_steps_after_approval_meet_the_first_of_april(report, users):
    _drop_pending(report)
    _to_approval(report, users)
    FLOW.fire(report, "approve", users.leader)
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "submit_up", users.leader, {"submission_reference": "石鼓发〔2022〕1号"})
    assert refused.value.forbidden
    FLOW.fire(report, "submit_up", users.gov_office, {"submission_reference": "石鼓发〔2022〕1号"})
    FLOW.fire(
        report, "clear", users.gov_office, {"secrecy_reviewer": "吴秘书", "secrecy_opinion": "同意公开"}
    )
    FLOW.fire(
        report, "publish", users.gov_office, {"published_on": "2022-01-12", "published_at": "县政府门户网站"}
    )
    report.refresh_from_db()
    assert report.state == S.PUBLISHED
    deadline = report_deadline(report)
    assert deadline.due_on == dt.date(2022, 4, 1)
    assert deadline.status == "met"
    assert not deadline.met_late


def report_deadline(report):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    return Deadline.objects.get(
        content_type=ContentType.objects.get_for_model(Report),
        object_id=str(report.pk),
        code=workflow.PUBLISH.code,
    )


def test_a_leader_without_the_post_may_not_approve(report, users, regions):
    from fazhi.conftest import make_user
    from fazhi.core.models import Person, Post, PostKind

    # given the staff register names the secretary, with an account, as 法治建设第一责任人
    secretary = make_user("secretary", "town_leader", regions.town, "易书记")
    person = Person.objects.create(region=regions.town, name="易建华", user=secretary)
    Post.objects.create(
        person=person,
        region=regions.town,
        kind=PostKind.FIRST_RESPONSIBLE,
        title="党委书记",
        since=dt.date(2021, 1, 1),
    )
    _drop_pending(report)
    _to_approval(report, users)
    # when another 镇领导 approves, it is refused; the secretary approves
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "approve", users.leader)
    assert refused.value.code == "not_principal_leader"
    FLOW.fire(report, "approve", secretary)
    assert report.state == S.APPROVED
