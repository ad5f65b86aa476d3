"""Education fixtures: people of 石鼓镇's staff register with posts taken by election (the 镇长
and a 副镇长, August 2021) and engagement, one of 易俗河镇, and makers of activities, boards,
sessions and oaths. Used by `fazhi/education/tests/conftest.py` and the matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.core.models import Person, Post, PostKind, TakenBy
from fazhi.education.models import Activity, Attendance, Board, BoardUpdate, Oath, OathTaker, StudySession

ELECTED_ON = dt.date(2021, 8, 20)


def make_staff(regions) -> SimpleNamespace:
    town, other = regions.town, regions.other_town
    mayor = Person.objects.create(region=town, name="徐彬")
    deputy = Person.objects.create(region=town, name="罗副镇长")
    clerk = Person.objects.create(region=town, name="吴秘书")
    other_mayor = Person.objects.create(region=other, name="易镇长")
    posts = SimpleNamespace(
        mayor=Post.objects.create(
            region=town,
            person=mayor,
            title="镇长",
            kind=PostKind.LEADER,
            since=ELECTED_ON,
            taken_by=TakenBy.ELECTION,
        ),
        deputy=Post.objects.create(
            region=town,
            person=deputy,
            title="副镇长",
            kind=PostKind.LEADER,
            since=ELECTED_ON,
            taken_by=TakenBy.ELECTION,
        ),
        clerk=Post.objects.create(
            region=town, person=clerk, title="党政办干事", since=ELECTED_ON, taken_by=TakenBy.ENGAGEMENT
        ),
        other_mayor=Post.objects.create(
            region=other,
            person=other_mayor,
            title="镇长",
            kind=PostKind.LEADER,
            since=ELECTED_ON,
            taken_by=TakenBy.ELECTION,
        ),
    )
    return SimpleNamespace(mayor=mayor, deputy=deputy, clerk=clerk, other_mayor=other_mayor, posts=posts)


@pytest.fixture
def staff(regions):
    return make_staff(regions)


def make_activity(region, held_on=dt.date(2021, 11, 30), **extra) -> Activity:
    values = {
        "title": "宪法宣传周联合宣传活动",
        "theme": "constitution",
        "organizers": "司法所、妇联、派出所、综治办",
        "place": "镇政府前坪",
        "audience": 300,
        "materials": 1200,
        "banners": 2,
        "posters": 5,
        "consultations": 40,
        **extra,
    }
    activity = Activity(region=region, held_on=held_on, **values)
    activity.full_clean()
    activity.save()
    return activity


def make_board(region, since=dt.date(2021, 3, 1), name="镇政府法治宣传栏", updates=()) -> Board:
    board = Board.objects.create(region=region, name=name, place="镇政府大门东侧", since=since)
    for day in updates:
        BoardUpdate.objects.create(board=board, updated_on=day, content=f"{day}更新")
    return board


def make_session(region, people, held_on=dt.date(2021, 6, 10), hours=Decimal("2.0"), **extra) -> StudySession:
    session = StudySession.objects.create(
        region=region,
        kind=extra.pop("kind", StudySession.Kind.CENTER_GROUP),
        held_on=held_on,
        topic=extra.pop("topic", "学习习近平法治思想"),
        hours=hours,
        **extra,
    )
    for person in people:
        Attendance.objects.create(session=session, person=person, region=region, hours=hours)
    return session


def make_oath(region, posts, sworn_on=dt.date(2021, 8, 20), leader=None, **extra) -> Oath:
    values = {
        "place": "镇政府大会议室",
        "occasion": "石鼓镇第七届人民代表大会第一次会议",
        "organizer": "石鼓镇第七届人民代表大会第一次会议主席团",
        "form": Oath.Form.COLLECTIVE,
        **extra,
    }
    oath = Oath(region=region, sworn_on=sworn_on, leader=leader or posts[0].person, **values)
    oath.full_clean()
    oath.save()
    for post in posts:
        OathTaker.objects.create(
            oath=oath, person=post.person, post=post, title=post.title, taken_by=post.taken_by
        )
    return oath
