"""The assignment pages: the judicial office gives a matter of its town to the town's legal
adviser for an opinion and ends it (never deleted); the adviser finds it under 分派给我的事项 in
the menu. Only records the giver may write (ASSIGN over the record's region) and people holding a
fitting membership in that region; every change ledgered (fazhi.core.links.give / end)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import make_user
from fazhi.core import links
from fazhi.core.models import Assignment, LedgerEntry
from fazhi.testing.sample.models import Matter

TODAY = timezone.localdate()
OPINION = "sample.opinion"  # declared by the sample app: to a legal adviser, for a matter


@pytest.fixture
def matter(regions):
    return Matter.objects.create(region=regions.grid_a, title="土地承包合同审查")


def give(client, matter, user, **extra):
    return client.post(
        reverse("core:assignment_manage"),
        {"purpose": OPINION, "record": links.source_token(matter), "user": user.pk, **extra},
    )


def nav_labels(response) -> list[str]:
    return [str(item["label"]) for item in response.context["nav_items"]]


def test_the_judicial_office_gives_a_matter_to_the_adviser_who_then_finds_it(users, matter, login):
    # given the judicial office on the assignment page, which offers the matter and the adviser
    client = login(users.judicial)
    page = client.get(reverse("core:assignment_manage"))
    assert page.status_code == 200
    assert "土地承包合同审查" in page.content.decode() and "分派事项" in nav_labels(page)

    # when it gives the matter to the adviser for a month
    until = TODAY + dt.timedelta(days=30)
    response = give(client, matter, users.adviser, until=until.isoformat(), note="合同审查")

    # then the assignment is made by them, ledgered, and listed on the page
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.user, assignment.assigned_by, assignment.until) == (
        users.adviser,
        users.judicial,
        until,
    )
    assert LedgerEntry.objects.filter(
        object_type="core.assignment", object_id=str(assignment.pk), action="create", source="web"
    ).exists()
    # and the adviser's menu has 分派给我的事项, which lists it with its purpose
    adviser = login(users.adviser)
    home = adviser.get(reverse("home"))
    assert "分派给我的事项" in nav_labels(home)
    mine = adviser.get(reverse("core:my_assignments")).content.decode()
    assert "土地承包合同审查" in mine and "出具法律意见" in mine


def test_the_menu_leaves_out_my_assignments_for_who_has_none(users, login):
    response = login(users.grid_a).get(reverse("home"))
    assert "分派给我的事项" not in nav_labels(response)
    assert "分派事项" not in nav_labels(response)


def test_it_refuses_a_person_without_a_fitting_membership_in_the_region(users, regions, matter, login):
    # given a legal adviser of the other town and a grid worker of the matter's own grid
    outside_adviser = make_user("yisuhe_adviser", "legal_adviser", regions.other_town)
    client = login(users.judicial)

    # when the judicial office tries to give the matter to the grid worker (not an adviser)
    response = give(client, matter, users.grid_a)

    # then the form says why on the 承办人 field, and nothing is assigned
    assert response.status_code == 400
    # (not offered at all, or offered for another purpose and refused for this one by links.give)
    assert response.context["form"].errors["user"][0] in (
        "所选人员在您的辖区内没有适合此事由的有效任职",
        "grid_a在该记录所属区划没有适合“出具法律意见”的任职（须在期间起始日有效）",
    )
    # and the other town's adviser is not even offered
    assert outside_adviser.pk not in {u.pk for u in response.context["form"].fields["user"].queryset}
    assert not Assignment.objects.exists()


def test_it_refuses_a_record_outside_what_the_giver_may_write(users, regions, login):
    # given a matter of the other town
    other = Matter.objects.create(region=regions.other_grid, title="外镇事项")
    client = login(users.judicial)

    # when the judicial office posts it anyway
    response = give(client, other, users.adviser)

    # then it is not a choice of theirs: refused on the 事项 field, nothing assigned
    assert response.status_code == 400
    assert response.context["form"].errors["record"] == ["所选事项不在您有权分派的记录中"]
    assert not Assignment.objects.exists()


def test_it_refuses_an_end_before_the_start(users, matter, login):
    response = give(login(users.judicial), matter, users.adviser, since="2021-06-01", until="2021-05-31")
    assert response.status_code == 400
    assert response.context["form"].errors["until"] == ["截止日期不能早于起始日期"]
    assert not Assignment.objects.exists()


def test_an_assignment_is_ended_never_deleted(users, matter, login):
    # given an open assignment given a week ago
    assignment = links.give(
        matter, users.adviser, purpose=OPINION, by=users.judicial, since=TODAY - dt.timedelta(days=7)
    )
    client = login(users.judicial)

    # when the judicial office ends it
    response = client.post(reverse("core:assignment_end", args=[assignment.pk]))

    # then it ends today and stays, ledgered; the page lists it only under 全部
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.until == TODAY
    assert LedgerEntry.objects.filter(
        object_type="core.assignment", object_id=str(assignment.pk), action="update"
    ).exists()
    tomorrow_view = client.get(reverse("core:assignment_manage"), {"show": "all"}).content.decode()
    assert "土地承包合同审查" in tomorrow_view


def test_who_may_not_give_gets_403_and_ends_nothing(users, matter, login):
    # given an assignment made by the judicial office
    assignment = links.give(matter, users.adviser, purpose=OPINION, by=users.judicial)

    # then the enforcement officer may neither open the page nor end it
    client = login(users.officer)
    assert client.get(reverse("core:assignment_manage")).status_code == 403
    assert client.post(reverse("core:assignment_end", args=[assignment.pk])).status_code == 403
    # and the other town's officer does not see it at all
    assert (
        login(users.other_officer).post(reverse("core:assignment_end", args=[assignment.pk])).status_code
        == 403
    )
    assignment.refresh_from_db()
    assert assignment.until is None


def test_the_town_leader_of_another_town_cannot_end_it(users, regions, matter, login):
    # given an assignment of 石鼓镇 and the leader of 易俗河镇
    assignment = links.give(matter, users.adviser, purpose=OPINION, by=users.judicial)
    other_leader = make_user("yisuhe_leader", "town_leader", regions.other_town)

    # when they post the end
    response = login(other_leader).post(reverse("core:assignment_end", args=[assignment.pk]))

    # then it is not theirs to see: 404, and it stays open
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.until is None


def test_an_adviser_whose_membership_has_ended_cannot_be_given_it(users, matter, login):
    # given the adviser's engagement ended yesterday
    membership = users.adviser.memberships.get()
    membership.until = TODAY - dt.timedelta(days=1)
    membership.save()

    # when the judicial office gives them the matter
    response = give(login(users.judicial), matter, users.adviser)

    # then it is refused and nothing is assigned
    assert response.status_code == 400
    assert not Assignment.objects.exists()
