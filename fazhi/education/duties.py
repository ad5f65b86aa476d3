"""What is due: boards without a content update for the rule's months, posts taken by election
or appointment without an oath record within the rule's days (built on
`fazhi.core.staff.oath_due`), and each person's study hours in a year. Every reader goes
through the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from fazhi.core import roles, staff
from fazhi.core.models import PostKind, Region
from fazhi.education import rules
from fazhi.education.models import Attendance, Board, OathTaker


@dataclass
class DueBoard:
    board: Board
    last: dt.date  # the last update, or the day it was set up
    due_on: dt.date


def boards_due(user, today: dt.date, permission: str = roles.EDUCATION_VIEW) -> list[DueBoard]:
    """Boards in use whose last update (or setting-up) is `months` or more ago: due on the same
    day `months` later (a board updated on 2 September is due on 2 December)."""
    boards = (
        Board.objects.visible_to(user)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=today), since__lte=today)
        .annotate(
            last=Coalesce(Max("updates__updated_on", filter=Q(updates__updated_on__lte=today)), "since")
        )
        .select_related("region")
        .order_by("last", "name")
    )
    months: dict[int, int] = {}
    found = []
    for board in boards:
        if board.region_id not in months:
            months[board.region_id] = rules.board_months(board.region, today)
        due_on = rules.months_later(board.last, months[board.region_id])
        if due_on <= today:
            found.append(DueBoard(board, board.last, due_on))
    return found


def _reader_regions(user, permission: str) -> list[Region]:
    paths = sorted(user.permission_paths(permission))
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return list(Region.objects.filter(path__in=tops).order_by("path"))


# Posts of the register that are not state posts: the decision (一) binds 国家工作人员 elected or
# appointed by the people's congresses and appointed by governments; a party committee's post
# (department naming the 党委) and the register's duty posts (第一责任人, 包案领导, grid posts,
# advisers) are not such posts.
NOT_STATE_KINDS = (
    PostKind.FIRST_RESPONSIBLE,
    PostKind.CASE_LEADER,
    PostKind.GRID_HEAD,
    PostKind.GRID_WORKER,
    PostKind.GRID_POLICE,
    PostKind.GRID_MEDIATOR,
    PostKind.LEGAL_ADVISER,
)
PARTY_DEPARTMENT = "党委"


def posts_without_oath(user, today: dt.date, *, overdue_only: bool = True):
    """State posts held today, taken by election or appointment (`staff.oath_due`, less
    `NOT_STATE_KINDS` and party committee posts), that no oath record covers (an oath taker
    with that post, or the same person sworn on or after the post's start); with
    `overdue_only`, only those whose rule's days have passed. Each post carries `due_on`."""
    sworn_for_post = OathTaker.objects.filter(post=OuterRef("pk"))
    sworn_since = OathTaker.objects.filter(person=OuterRef("person"), sworn_on__gte=OuterRef("since"))
    found = []
    for region in _reader_regions(user, roles.EDUCATION_VIEW):
        days = rules.oath_days(region, today)
        posts = (
            staff.oath_due(region, today)
            .exclude(kind__in=NOT_STATE_KINDS)
            .exclude(department__contains=PARTY_DEPARTMENT)
            .annotate(_post_sworn=Exists(sworn_for_post), _person_sworn=Exists(sworn_since))
            .filter(_post_sworn=False, _person_sworn=False)
        )
        if overdue_only:
            posts = posts.filter(since__lt=today - dt.timedelta(days=days))
        for post in posts.order_by("since", "order"):
            post.due_on = post.since + dt.timedelta(days=days)
            post.is_overdue = post.due_on < today
            found.append(post)
    return found


def hours_by_person(user, year: int):
    """Each person's study hours and sessions in `year` (one aggregate query)."""
    return (
        Attendance.objects.visible_to(user)
        .filter(held_on__year=year)
        .values("person", "person__name")
        .annotate(total=Sum("hours"), sessions=Count("id"))
        .order_by("-total", "person__name")
    )
