"""Home-page sections: the petition office's matters by their nearest clock, and a leader's
包案 matters (with each clock) and receptions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import deadlines, roles
from fazhi.core.homes import Section, days_left_badge, home_section
from fazhi.petitions.models import Matter, Reception

ROWS_SHOWN = 8
OPEN = (
    Matter.State.REGISTERED,
    Matter.State.ACCEPTED,
    Matter.State.REVIEWING,
    Matter.State.RE_REVIEWING,
)


def _rows(matters, today) -> list[dict]:
    clocks = deadlines.open_for(matters)
    for matter in matters:
        found = clocks.get(str(matter.pk), [])
        matter.clock = found[0] if found else None
    matters.sort(key=lambda m: m.clock.due_on if m.clock else dt.date.max)
    rows = []
    for matter in matters[:ROWS_SHOWN]:
        badge, tone = (
            days_left_badge(matter.clock, today) if matter.clock else (matter.get_state_display(), "info")
        )
        rows.append(
            {
                "label": f"{matter.number} {matter.title}",
                "url": matter.get_absolute_url(),
                "badge": badge,
                "tone": tone,
                "note": f"{matter.get_state_display()} · {matter.clock.label} {matter.clock.due_on:%Y-%m-%d}"
                if matter.clock
                else matter.get_state_display(),
            }
        )
    return rows


@home_section(order=40)
def petition_office(user) -> Section | None:
    """信访办: the matters in progress in their town, nearest clock first."""
    if not user.can(roles.PETITION_HANDLE):
        return None
    matters = list(
        Matter.objects.writable_by(user, roles.PETITION_HANDLE)
        .filter(state__in=OPEN)
        .order_by("received_on")[:200]
    )
    return Section(
        _("信访事项期限"),
        _rows(matters, timezone.localdate()),
        empty=_("没有在办的信访事项。"),
        count=len(matters),
        more_url=reverse("petitions:matter_list") + "?stage=open",
        more_label=_("查看全部在办信访事项"),
    )


@home_section(order=41)
def my_cases(user) -> Section | None:
    """A leader's 包案 matters with their clocks, and their receptions this year."""
    if not user.can(roles.PETITION_RECEIVE) or user.can(roles.PETITION_HANDLE):
        return None
    matters = list(
        Matter.objects.visible_to(user)
        .filter(Q(lead=user) | Q(cases__leader=user))
        .exclude(state__in=(Matter.State.FINAL, Matter.State.NOT_AGAIN))
        .distinct()
        .order_by("received_on")[:100]
    )
    today = timezone.localdate()
    in_progress = [m for m in matters if m.state in OPEN]
    rows = _rows(in_progress, today)
    year = Reception.objects.visible_to(user).filter(leader=user, held_on__year=today.year)
    for reception in year.order_by("-held_on")[:3]:
        rows.append(
            {
                "label": f"{reception.held_on:%Y-%m-%d} {reception.get_kind_display()} · {reception.place}",
                "url": reverse("petitions:reception_list") + f"?leader={user.pk}",
                "badge": _("%(n)s人次") % {"n": reception.persons},
                "tone": "ok",
                "note": _("接访下访"),
            }
        )
    return Section(
        _("我的包案与接访"),
        rows,
        empty=_("没有包案的信访事项，今年尚无接访记录。"),
        count=len(in_progress),
        more_url=reverse("petitions:matter_list") + f"?lead={user.pk}",
        more_label=_("查看我包案的全部信访事项"),
    )
