"""Assignments: a record assigned to a user is theirs to read for the assignment's period, and
only to read (fazhi.core.links.assign, ScopedQuerySet.visible_to)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import make_user
from fazhi.core import deadlines, links, roles
from fazhi.core.attachments import attach, content_file
from fazhi.core.models import Assignment, Attachment, Deadline
from fazhi.testing.sample.models import Matter
from fazhi.testing.sample.models import Person as Party

TODAY = timezone.localdate()


@pytest.fixture
def outside_adviser(regions):
    """A legal adviser engaged by 易俗河镇: reads that town, not 石鼓镇."""
    return make_user("yisuhe_adviser", "legal_adviser", regions.other_town)


@pytest.fixture
def matter(regions):
    return Matter.objects.create(region=regions.grid_a, title="土地承包合同审查")


def test_it_shows_an_assigned_matter_to_the_adviser_while_the_assignment_is_in_force(
    outside_adviser, matter, users
):
    # given a matter of 石鼓镇 that 易俗河镇's adviser cannot read
    assert not Matter.objects.visible_to(outside_adviser).filter(pk=matter.pk).exists()

    # when the judicial office assigns it to them for an opinion, for this month
    links.assign(
        matter,
        outside_adviser,
        purpose="opinion",
        since=TODAY,
        until=TODAY + dt.timedelta(days=30),
        by=users.judicial,
    )

    # then the adviser reads it (and still the records of their own town)
    assert list(Matter.objects.visible_to(outside_adviser)) == [matter]
    assert matter.is_visible_to(outside_adviser)
    assert links.is_assigned(outside_adviser, matter, "opinion")
    assert not links.is_assigned(outside_adviser, matter, "other_purpose")


def test_it_hides_the_matter_before_and_after_the_period(outside_adviser, matter):
    # given one assignment that has ended and one that starts tomorrow
    links.assign(
        matter,
        outside_adviser,
        purpose="opinion",
        since=TODAY - dt.timedelta(days=30),
        until=TODAY - dt.timedelta(days=1),
    )
    other = Matter.objects.create(region=matter.region, title="征地补偿协议")
    links.assign(other, outside_adviser, purpose="opinion", since=TODAY + dt.timedelta(days=1))

    # then the adviser reads neither
    assert not Matter.objects.visible_to(outside_adviser).exists()


def test_an_open_assignment_lasts_until_it_is_ended(outside_adviser, matter):
    # given an open assignment
    assignment = links.assign(matter, outside_adviser, purpose="opinion")
    assert matter.is_visible_to(outside_adviser)

    # when it is ended yesterday... (ending takes effect after the day it is ended on)
    assignment.since = TODAY - dt.timedelta(days=5)
    assignment.save()
    links.end_assignment(assignment, on=TODAY - dt.timedelta(days=1))

    # then the matter is no longer read through it
    assert not matter.is_visible_to(outside_adviser)


def test_an_assignment_gives_reading_not_writing(outside_adviser, matter):
    # given an assigned matter
    links.assign(matter, outside_adviser, purpose="opinion")

    # then the adviser may not write it under any permission (writes follow the region's roles)
    assert not Matter.objects.writable_by(outside_adviser, roles.VIEW_RECORDS).filter(pk=matter.pk).exists()
    assert not matter.is_writable_by(outside_adviser, roles.VIEW_RECORDS)


def test_the_assigned_records_files_and_deadlines_follow_it(outside_adviser, matter):
    # given a matter with a file and a deadline, assigned to the adviser
    attach(content_file(b"%PDF-1.4\n%%EOF\n", "合同.pdf"), owner=matter, user=None)
    deadlines.start(matter, code="sample.opinion", label="出具意见", rule="示例规则", days=5)
    links.assign(matter, outside_adviser, purpose="opinion")

    # then the adviser reads both, and nothing of another matter of the town
    other = Matter.objects.create(region=matter.region, title="其他事项")
    deadlines.start(other, code="sample.opinion", label="出具意见", rule="示例规则", days=5)
    assert Attachment.objects.visible_to(outside_adviser).count() == 1
    assert [d.object_id for d in Deadline.objects.visible_to(outside_adviser)] == [str(matter.pk)]


def test_the_assignment_itself_is_read_by_the_assignee_and_by_who_reads_the_record(
    outside_adviser, matter, users
):
    # given an assignment of a 石鼓镇 matter
    assignment = links.assign(matter, outside_adviser, purpose="opinion", by=users.judicial)

    # then the assignee, the town and the county read it; another town's officer does not
    for user in (outside_adviser, users.judicial, users.county):
        assert Assignment.objects.visible_to(user).filter(pk=assignment.pk).exists()
    assert not Assignment.objects.visible_to(users.other_officer).exists()


def test_only_assignable_models_can_be_assigned(outside_adviser, regions):
    # given a record of a model that does not declare `assignable`
    party = Party.objects.create(region=regions.grid_a, name="张三")

    # then it cannot be assigned, and its queries carry no assignment clause
    with pytest.raises(ValidationError):
        links.assign(party, outside_adviser, purpose="opinion")
    assert "core_assignment" not in str(Party.objects.visible_to(outside_adviser).query)


def test_only_a_user_with_an_assignment_gets_the_clause(outside_adviser, matter):
    # given an adviser with no assignment: their scope is the town code alone (an index range)
    assert "core_assignment" not in str(Matter.objects.visible_to(outside_adviser).query)
    # when a matter is assigned to them, then the clause joins their scope
    links.assign(matter, outside_adviser, purpose="opinion")
    assert "core_assignment" in str(Matter.objects.visible_to(outside_adviser).query)
    assert list(Matter.objects.visible_to(outside_adviser)) == [matter]


def test_the_assignment_clause_costs_no_extra_query(outside_adviser, matter):
    # given an assigned matter
    links.assign(matter, outside_adviser, purpose="opinion")
    list(Matter.objects.visible_to(outside_adviser))  # warm the content type cache

    # when the adviser's matters are listed
    with CaptureQueriesContext(connection) as queries:
        found = list(Matter.objects.visible_to(outside_adviser))

    # then it is one query
    assert found == [matter]
    assert len(queries) == 1


def test_the_assignment_is_ledgered(outside_adviser, matter):
    from fazhi.core.models import LedgerEntry

    assignment = links.assign(matter, outside_adviser, purpose="opinion")
    assert LedgerEntry.objects.filter(
        object_id=str(assignment.pk), action="create", object_type="core.assignment"
    ).exists()


def test_my_assignments_page_lists_what_is_assigned_to_me(client, outside_adviser, matter):
    # given an assignment in force and one that ended
    links.declare_purpose("opinion", "出具法律意见")
    links.assign(matter, outside_adviser, purpose="opinion")
    old = Matter.objects.create(region=matter.region, title="去年的合同")
    links.assign(
        old,
        outside_adviser,
        purpose="opinion",
        since=TODAY - dt.timedelta(days=400),
        until=TODAY - dt.timedelta(days=35),
    )

    # when the adviser opens their assignments
    client.force_login(outside_adviser)
    page = client.get(reverse("core:my_assignments"))

    # then the current one is listed with its purpose, the old one only under 'all'
    body = page.content.decode()
    assert page.status_code == 200
    assert "土地承包合同审查" in body and "出具法律意见" in body
    assert "去年的合同" not in body
    assert "去年的合同" in client.get(reverse("core:my_assignments"), {"show": "all"}).content.decode()
