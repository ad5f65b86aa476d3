"""The staff register kept by 党政办 (fazhi.core.staff, the staff pages) and memberships held
for a period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core import roles, staff
from fazhi.core.attachments import content_file
from fazhi.core.models import Membership, Person, Post, PostKind, TakenBy, User

TODAY = timezone.localdate()
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def register(regions):
    """石鼓镇's mayor (elected, the 第一责任人 too), grid A's 网格长 and a former 网格警员."""
    mayor = Person.objects.create(region=regions.town, name="徐镇长", sex="male")
    Post.objects.create(
        person=mayor,
        region=regions.town,
        title="镇长",
        kind=PostKind.LEADER,
        department="镇人民政府",
        since=dt.date(2021, 1, 10),
        taken_by=TakenBy.ELECTION,
        order=1,
    )
    Post.objects.create(
        person=mayor,
        region=regions.town,
        title="法治建设第一责任人",
        kind=PostKind.FIRST_RESPONSIBLE,
        since=dt.date(2021, 1, 10),
        taken_by=TakenBy.APPOINTMENT,
    )
    head = Person.objects.create(region=regions.grid_a, name="李网格长", sex="female")
    Post.objects.create(
        person=head,
        region=regions.grid_a,
        title="网格长",
        kind=PostKind.GRID_HEAD,
        since=dt.date(2020, 3, 1),
        taken_by=TakenBy.ENGAGEMENT,
    )
    police = Person.objects.create(region=regions.grid_a, name="周警官", sex="male")
    Post.objects.create(
        person=police,
        region=regions.grid_a,
        title="网格警员",
        kind=PostKind.GRID_POLICE,
        since=dt.date(2019, 1, 1),
        until=dt.date(2020, 12, 31),
        taken_by=TakenBy.APPOINTMENT,
    )
    other = Person.objects.create(region=regions.other_town, name="易镇长")
    Post.objects.create(
        person=other,
        region=regions.other_town,
        title="镇长",
        kind=PostKind.LEADER,
        since=dt.date(2021, 1, 1),
        taken_by=TakenBy.ELECTION,
    )
    return {"mayor": mayor, "head": head, "police": police, "other": other}


def test_apps_read_who_holds_a_post_on_a_date(register, regions):
    assert staff.holders(PostKind.GRID_HEAD, regions.grid_a) == [register["head"]]
    assert staff.holders(PostKind.GRID_POLICE, regions.grid_a) == []
    assert staff.holders(PostKind.GRID_POLICE, regions.grid_a, on=dt.date(2020, 6, 1)) == [register["police"]]
    assert staff.first_responsible(regions.town) == [register["mayor"]]
    # a village's matter reaches the town's leaders (exact=False)
    assert staff.holders(PostKind.LEADER, regions.grid_a, exact=False) == [register["mayor"]]


def test_the_directory_and_the_oath_duty_read_the_register(register, regions):
    titles = [p.title for p in staff.directory(regions.town)]
    assert titles == ["镇长", "法治建设第一责任人", "网格长"]
    assert {p.title for p in staff.oath_due(regions.town)} == {"镇长", "法治建设第一责任人"}


def test_the_staff_list_filters_by_region_department_and_period(client, register, users, regions):
    client.force_login(users.grid_a)
    url = reverse("core:staff_list")
    body = client.get(url).content.decode()
    assert "徐镇长" in body and "李网格长" in body
    assert "周警官" not in body  # left in 2020
    assert "易镇长" not in body  # another town
    assert "周警官" in client.get(url, {"show": "all"}).content.decode()
    by_department = client.get(url, {"department": "人民政府"}).content.decode()
    assert "徐镇长" in by_department and "李网格长" not in by_department
    by_region = client.get(url, {"region": regions.grid_a.pk}).content.decode()
    assert "李网格长" in by_region and "徐镇长" not in by_region


def test_the_person_page_shows_the_posts(client, register, users):
    client.force_login(users.leader)
    body = client.get(reverse("core:staff_detail", args=[register["mayor"].pk])).content.decode()
    assert "法治建设第一责任人" in body and "选举" in body
    assert reverse("core:staff_edit", args=[register["mayor"].pk]) not in body  # the leader does not edit
    assert client.get(reverse("core:staff_detail", args=[register["other"].pk])).status_code == 404


def test_the_gov_office_registers_a_person_with_a_photo_and_a_post(client, users, regions):
    # given 党政办 of 石鼓镇
    client.force_login(users.gov_office)

    # when they register a person with a photo and an account
    photo = content_file(PNG, "photo.png")
    response = client.post(
        reverse("core:staff_create"),
        {
            "name": "王强",
            "sex": "male",
            "region": regions.town.pk,
            "user": users.officer.pk,
            "photo_file": photo,
        },
    )
    person = Person.objects.get(name="王强")
    assert response.status_code == 302
    assert person.user == users.officer and person.photo is not None

    # and give them a post
    response = client.post(
        reverse("core:post_add", args=[person.pk]),
        {
            "title": "执法队员",
            "kind": PostKind.STAFF,
            "department": "综合行政执法大队",
            "region": regions.town.pk,
            "since": "2021-02-01",
            "taken_by": TakenBy.ENGAGEMENT,
            "order": 100,
        },
    )
    assert response.status_code == 302
    assert [p.title for p in staff.posts_of(person)] == ["执法队员"]


def test_writing_the_register_needs_the_gov_office_over_the_region(client, register, users, regions):
    # the judicial office reads but does not write; 党政办 writes nothing of another town
    client.force_login(users.judicial)
    assert client.get(reverse("core:staff_create")).status_code == 403
    client.force_login(users.gov_office)
    response = client.post(reverse("core:staff_create"), {"name": "外镇人", "region": regions.other_town.pk})
    assert response.status_code == 200 and not Person.objects.filter(name="外镇人").exists()
    assert client.get(reverse("core:staff_edit", args=[register["other"].pk])).status_code == 404
    assert users.gov_office.can(roles.MANAGE_STAFF, region=regions.town)


def test_a_post_ends_and_never_before_it_began(client, register, users):
    client.force_login(users.gov_office)
    post = register["head"].posts.get()
    url = reverse("core:post_edit", args=[post.pk])
    data = {
        "title": "网格长",
        "kind": PostKind.GRID_HEAD,
        "region": post.region_id,
        "since": "2020-03-01",
        "taken_by": TakenBy.ENGAGEMENT,
        "order": 100,
    }
    assert client.post(url, {**data, "until": "2019-01-01"}).status_code == 200
    assert client.post(url, {**data, "until": "2021-06-30"}).status_code == 302
    assert staff.holders(PostKind.GRID_HEAD, post.region) == []


def test_a_membership_out_of_its_period_gives_no_role(users, regions):
    # given an officer whose membership ended yesterday and one that starts tomorrow
    ended = Membership.objects.get(user=users.officer2)
    ended.until = TODAY - dt.timedelta(days=1)
    ended.save()
    future = Membership.objects.get(user=users.reviewer)
    future.since = TODAY + dt.timedelta(days=1)
    future.save()

    # then neither holds their role today
    officer2 = User.objects.get(pk=users.officer2.pk)
    reviewer = User.objects.get(pk=users.reviewer.pk)
    assert officer2.role_codes == set() and not officer2.can(roles.CASE_HANDLE, region=regions.town)
    assert reviewer.role_codes == set()
    # and a membership in force counts
    assert User.objects.get(pk=users.officer.pk).role_codes == {"enforcement_officer"}
