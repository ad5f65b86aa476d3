"""Statutory time limits: working days on the Chinese statutory calendar, and natural days.

Which days are working days: a year an administrator entered (CalendarYear/CalendarDay, from
the State Council's annual notice) first; else the `chinese-calendar` package, which knows
the years it was released with (including adjusted working weekends, 调休); else Monday to
Friday, and the deadline records that it fell back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.models import CalendarDay, CalendarYear, Deadline


@lru_cache(maxsize=64)
def _entered_year(year: int) -> dict[dt.date, bool] | None:
    """The days that differ from Mon–Fri in an entered year, or None if nobody entered it."""
    if not CalendarYear.objects.filter(year=year).exists():
        return None
    return dict(CalendarDay.objects.filter(year__year=year).values_list("date", "is_workday"))


def clear_cache() -> None:
    _entered_year.cache_clear()


def day_info(day: dt.date) -> tuple[bool, str]:
    """(is it a working day, source) where source is 'entered', 'package' or 'fallback'."""
    entered = _entered_year(day.year)
    if entered is not None:
        return entered.get(day, day.weekday() < 5), "entered"
    try:
        return chinese_calendar.is_workday(day), "package"
    except NotImplementedError:
        return day.weekday() < 5, "fallback"


def is_workday(day: dt.date) -> bool:
    return day_info(day)[0]


def fallback_note(years: set[int]) -> str:
    if not years:
        return ""
    listed = "、".join(str(y) for y in sorted(years))
    return _("%(years)s年的法定节假日安排尚未录入，按周一至周五计算工作日") % {"years": listed}


@dataclass(frozen=True)
class Due:
    on: dt.date
    note: str = ""  # says so when a year fell back to Monday–Friday


def add_working_days(start: dt.date, days: int) -> Due:
    """The day on which a period of `days` working days, counted from the day after
    `start`, ends (行政处罚法 第八十五条: 法定节假日 excluded)."""
    day, counted, fallback = start, 0, set()
    while counted < days:
        day += dt.timedelta(days=1)
        workday, source = day_info(day)
        if source == "fallback":
            fallback.add(day.year)
        if workday:
            counted += 1
    return Due(day, fallback_note(fallback))


def add_natural_days(start: dt.date, days: int) -> Due:
    return Due(start + dt.timedelta(days=days))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count


def compute_due(start: dt.date, days: int, working: bool) -> Due:
    return add_working_days(start, days) if working else add_natural_days(start, days)


# --- deadline records ------------------------------------------------------------------------


def _owner(obj) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}


def start(
    obj, *, code: str, label: str, rule: str, days: int, working: bool, starts_on: dt.date | None = None
) -> Deadline:
    """Open a deadline on `obj` (which must belong to a region). Replaces an open one with the
    same code."""
    starts_on = starts_on or timezone.localdate()
    due = compute_due(starts_on, days, working)
    with transaction.atomic():
        cancel(obj, code)
        return Deadline.objects.create(
            **_owner(obj),
            region=obj.region,
            object_repr=str(obj)[:200],
            code=code,
            label=label,
            rule=rule,
            starts_on=starts_on,
            days=days,
            working_days=working,
            due_on=due.on,
            calendar_note=due.note,
        )


def meet(obj, code: str, when: dt.datetime | None = None) -> list[Deadline]:
    """Mark the open deadline(s) of `code` on `obj` met; late if met after the due day."""
    when = when or timezone.now()
    met = []
    for deadline in Deadline.objects.filter(**_owner(obj), code=code, status=Deadline.Status.OPEN):
        deadline.status = Deadline.Status.MET
        deadline.met_at = when
        deadline.met_late = timezone.localdate(when) > deadline.due_on
        deadline.save(update_fields=["status", "met_at", "met_late"])
        met.append(deadline)
    return met


def cancel(obj, code: str) -> int:
    """Cancel open deadline(s) of `code` on `obj` (saved one by one, so each is ledgered)."""
    cancelled = 0
    for deadline in Deadline.objects.filter(**_owner(obj), code=code, status=Deadline.Status.OPEN):
        deadline.status = Deadline.Status.CANCELLED
        deadline.save(update_fields=["status"])
        cancelled += 1
    return cancelled


def open_deadlines(obj):
    return Deadline.objects.filter(**_owner(obj), status=Deadline.Status.OPEN)


def days_left(deadline: Deadline, today: dt.date | None = None) -> int:
    return (deadline.due_on - (today or timezone.localdate())).days
