"""The grid worker's phone home, "my grid": events to follow up (回访), the open events of the
grid due soon or overdue, and what they reported this month. For the governance office: the
queue of events awaiting 受理 and those overdue. Every section reads through `visible_to(user)`;
imported by the app's AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import deadlines, roles
from fazhi.core.figures import Period, evaluate
from fazhi.core.homes import FIGURES, Section, days_left_badge, home_section
from fazhi.grid.filters import due_soon_events, overdue_events
from fazhi.grid.models import Event

S = Event.State
ROWS_SHOWN = 6


def list_url(**params) -> str:
    url = reverse("grid:event_list")
    return f"{url}?{urlencode(params)}" if params else url


def _rows(events, today) -> list[dict]:
    soonest = {pk: found[0] for pk, found in deadlines.open_for(events).items()}
    rows = []
    for event in events:
        deadline = soonest.get(str(event.pk))
        badge, tone = days_left_badge(deadline, today) if deadline else ("", "")
        rows.append(
            {
                "label": f"{event.category} · {event.description[:24]}",
                "url": reverse("grid:event_detail", args=[event.pk]),
                "badge": badge or event.get_state_display(),
                "tone": tone or "info",
                "note": f"{event.region.name} · {event.get_state_display()}",
            }
        )
    return rows


def _events(user):
    return Event.objects.visible_to(user).select_related("category", "category__parent", "region")


def _is_grid_worker(user) -> bool:
    return any(m.role == "grid_worker" for m in user.active_memberships)


@home_section(order=40)
def my_grid(user) -> Section | None:
    """My grid: the events waiting for my follow-up visit, and those due soon."""
    if not (user.can(roles.GRID_REPORT) and _is_grid_worker(user)):
        return None
    today = timezone.localdate()
    events = _events(user)
    follow = list(events.filter(state=S.CHECKED).order_by("checked_at")[:ROWS_SHOWN])
    due = list(
        events.filter(state__in=Event.OPEN_STATES)
        .filter(due_soon_events())
        .order_by("reported_at")[:ROWS_SHOWN]
    )
    rows = _rows(follow, today) + _rows([e for e in due if e not in follow], today)
    return Section(
        _("我的网格"),
        rows=rows,
        note=_("待回访 %(follow)s 件 · 临近到期或逾期 %(due)s 件") % {"follow": len(follow), "due": len(due)},
        empty=_("暂无待回访或临近到期的事件。"),
        more_url=list_url(status="open"),
        more_label=_("全部办理中的事件"),
    )


@home_section(order=41)
def reported_this_month(user) -> Section | None:
    if not (user.can(roles.GRID_REPORT) and _is_grid_worker(user)):
        return None
    today = timezone.localdate()
    first = today.replace(day=1)
    mine = _events(user).filter(reporter=user, reported_at__date__gte=first)
    total = mine.count()
    solved = mine.filter(resolution_kind=Event.ResolutionKind.SUBSTANTIVE).count()
    since = first.isoformat()
    return Section(
        _("本月我上报的事件"),
        layout=FIGURES,
        rows=[
            {"label": _("上报"), "value": total, "url": list_url(mine="1", since=since), "tone": "info"},
            {"label": _("实质性办结"), "value": solved, "url": list_url(mine="1", since=since), "tone": "ok"},
        ],
    )


@home_section(order=50)
def grid_queue(user) -> Section | None:
    """The governance office's queue: awaiting 受理 (urgent first), and overdue."""
    if not user.can(roles.GRID_HANDLE):
        return None
    today = timezone.localdate()
    events = _events(user)
    waiting = events.filter(state=S.REPORTED).order_by("-urgency", "reported_at")
    overdue = events.filter(state__in=Event.OPEN_STATES).filter(overdue_events())
    count = waiting.count()
    return Section(
        _("待受理的网格事件"),
        rows=_rows(list(waiting[:ROWS_SHOWN]), today),
        count=count,
        note=_("逾期 %(n)s 件") % {"n": overdue.count()},
        empty=_("没有待受理的网格事件。"),
        more_url=list_url(state=S.REPORTED),
        more_label=_("全部待受理"),
    )


@home_section(order=51)
def patrol_coverage(user) -> Section | None:
    """巡查覆盖率 of this month and the last (grids patrolled at least once ÷ grids in use), each
    opening the month's patrols; for the governance office and whoever oversees the grids."""
    if not user.can(roles.GRID_HANDLE):
        return None
    from fazhi.grid import metrics

    today = timezone.localdate()
    this = Period.month(today.year, today.month)
    last_day = this.start - dt.timedelta(days=1)
    before = Period.month(last_day.year, last_day.month)
    values = evaluate([metrics.PATROL_COVERAGE], user, [this, before])
    rows = []
    for period in (this, before):
        value = values.get(metrics.PATROL_COVERAGE, period)
        rows.append(
            {
                "label": _("%(month)s巡查覆盖率（已巡查%(n)s个 / 在用%(m)s个网格）")
                % {"month": period, "n": value.numerator.value, "m": value.denominator.value},
                "value": value.display,
                "url": value.url,
                "tone": "info",
            }
        )
    return Section(
        _("网格巡查覆盖率"),
        rows,
        layout=FIGURES,
        more_url=reverse("core:figures"),
        more_label=_("口径说明"),
    )


@home_section(order=42)
def instructed_events(user) -> Section | None:
    """领导批示 on the open events the user handles (the governance office: the town's; a
    village cadre: those of their village), the newest first."""
    if not (user.can(roles.GRID_HANDLE) or user.can(roles.GRID_DISPOSE)):
        return None
    events = (
        _events(user)
        .filter(state__in=Event.OPEN_STATES, instructed_at__isnull=False)
        .select_related("instructed_by")
        .order_by("-instructed_at")
    )
    shown = list(events[:ROWS_SHOWN])
    if not shown:
        return None
    rows = [
        {
            "label": f"{event.category} · {event.description[:24]}",
            "url": reverse("grid:event_detail", args=[event.pk]),
            "badge": _("领导批示"),
            "tone": "warn",
            "note": _("%(who)s批示：%(text)s")
            % {"who": event.instructed_by or "", "text": event.instruction[:60]},
        }
        for event in shown
    ]
    return Section(_("领导批示的网格事件"), rows=rows, count=events.count())
