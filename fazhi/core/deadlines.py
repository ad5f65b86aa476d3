"""Statutory time limits: working days on the Chinese statutory calendar, and natural days.

Which days are working days: a year an administrator entered (CalendarYear/CalendarDay, from
the State Council's annual notice) first; else the `chinese-calendar` package, which knows
the years it was released with (including adjusted working weekends, 调休); else Monday to
Friday, and the deadline records that it fell back.

A period counts from the day after the day it starts (期间开始的当日不计算在内). Periods of
working days exclude statutory holidays and count adjusted working weekends (行政处罚法
第八十五条); periods of natural days count every day.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

import chinese_calendar
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.models import CalendarDay, CalendarYear, Deadline, Region

ENTERED, PACKAGE, FALLBACK = "entered", "package", "fallback"

SOURCE_LABELS = {
    ENTERED: gettext_lazy("已录入"),
    PACKAGE: gettext_lazy("内置日历"),
    FALLBACK: gettext_lazy("未录入，按周一至周五计算"),
}

# The years the installed `chinese-calendar` release knows.
PACKAGE_FIRST_YEAR = min(chinese_calendar.holidays).year
PACKAGE_LAST_YEAR = max(max(chinese_calendar.holidays), max(chinese_calendar.workdays)).year

# chinese-calendar names its holidays in English.
HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("元旦"),
    "Spring Festival": gettext_lazy("春节"),
    "Tomb-sweeping Day": gettext_lazy("清明节"),
    "Labour Day": gettext_lazy("劳动节"),
    "Dragon Boat Festival": gettext_lazy("端午节"),
    "National Day": gettext_lazy("国庆节"),
    "Mid-autumn Festival": gettext_lazy("中秋节"),
    "Anti-Fascist 70th Day": gettext_lazy("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
}

# How many days ahead "due soon" looks by default (home page, deadlines page, command).
DUE_SOON_DAYS = 7


# --- the calendar -----------------------------------------------------------------------------


class Calendar:
    """The entered years, read once: {year: {date: is_workday}} for the days that differ from
    Monday–Friday (or repeat it, with a name)."""

    def __init__(self, entered: dict[int, dict[dt.date, bool]]):
        self.entered = entered

    def source(self, year: int) -> str:
        if year in self.entered:
            return ENTERED
        if PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR:
            return PACKAGE
        return FALLBACK

    def info(self, day: dt.date) -> tuple[bool, str]:
        """(is it a working day, source) where source is 'entered', 'package' or 'fallback'."""
        days = self.entered.get(day.year)
        if days is not None:
            return days.get(day, day.weekday() < 5), ENTERED
        try:
            return chinese_calendar.is_workday(day), PACKAGE
        except NotImplementedError:
            return day.weekday() < 5, FALLBACK


_cache: dict[str, object] = {"signature": None, "calendar": None}
_lock = threading.Lock()


def _signature() -> tuple:
    """Changes whenever a year is entered, replaced or deleted, in this process or another."""
    years = CalendarYear.objects.aggregate(n=Count("id"), last=Max("entered_at"), top=Max("id"))
    days = CalendarDay.objects.aggregate(n=Count("id"), top=Max("id"))
    return (years["n"], years["last"], years["top"], days["n"], days["top"])


def calendar() -> Calendar:
    """The current calendar; re-read from the database when an administrator changed it."""
    signature = _signature()
    with _lock:
        if _cache["signature"] != signature or _cache["calendar"] is None:
            entered: dict[int, dict[dt.date, bool]] = {
                y: {} for y in CalendarYear.objects.values_list("year", flat=True)
            }
            for year, date, workday in CalendarDay.objects.values_list("year__year", "date", "is_workday"):
                entered.setdefault(year, {})[date] = workday
            _cache["calendar"], _cache["signature"] = Calendar(entered), signature
        return _cache["calendar"]  # type: ignore[return-value]


def clear_cache() -> None:
    with _lock:
        _cache["signature"] = _cache["calendar"] = None


def day_info(day: dt.date) -> tuple[bool, str]:
    """(is it a working day, source) where source is 'entered', 'package' or 'fallback'."""
    return calendar().info(day)


def is_workday(day: dt.date) -> bool:
    return day_info(day)[0]


def year_source(year: int) -> str:
    """Where a year's working days come from: 'entered', 'package' or 'fallback'."""
    return calendar().source(year)


def fallback_note(years: set[int]) -> str:
    if not years:
        return ""
    listed = "、".join(str(y) for y in sorted(years))
    return _("%(years)s年的法定节假日安排尚未录入，按周一至周五计算工作日") % {"years": listed}


def package_days(year: int) -> list[tuple[dt.date, bool, str]]:
    """The days of a year the package knows that differ from Monday–Friday, as
    (date, is_workday, name): holidays on weekdays and adjusted working weekends."""
    rows = []
    day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    while day <= end:
        try:
            workday = chinese_calendar.is_workday(day)
        except NotImplementedError:
            return []
        if workday != (day.weekday() < 5):
            _holiday, name = chinese_calendar.get_holiday_detail(day)
            label = str(HOLIDAY_NAMES.get(name, name or "")) if name else ""
            if workday:
                label = _("%(name)s调休上班") % {"name": label} if label else _("调休上班")
            rows.append((day, workday, label))
        day += dt.timedelta(days=1)
    return rows


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    on: dt.date
    note: str = ""  # says so when a year fell back to Monday–Friday


def add_working_days(start: dt.date, days: int) -> Due:
    """The day on which a period of `days` working days, counted from the day after
    `start`, ends (行政处罚法 第八十五条: 法定节假日 excluded)."""
    if days < 0:
        raise ValueError("days must not be negative")
    cal = calendar()
    day, counted, fallback = start, 0, set()
    while counted < days:
        day += dt.timedelta(days=1)
        workday, source = cal.info(day)
        if source == FALLBACK:
            fallback.add(day.year)
        if workday:
            counted += 1
    return Due(day, fallback_note(fallback))


def add_natural_days(start: dt.date, days: int) -> Due:
    """The last day of a period of `days` natural days counted from the day after `start`."""
    if days < 0:
        raise ValueError("days must not be negative")
    return Due(start + dt.timedelta(days=days))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    cal = calendar()
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += cal.info(day)[0]
    return count


def compute_due(start: dt.date, days: int, working: bool) -> Due:
    return add_working_days(start, days) if working else add_natural_days(start, days)


# --- deadline records ------------------------------------------------------------------------


def _owner(obj) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}


def start(
    obj, *, code: str, label: str, rule: str, days: int, working: bool, starts_on: dt.date | None = None
) -> Deadline:
    """Open a deadline on `obj` (a record that belongs to a region, or a region itself).
    Replaces an open one with the same code."""
    region = obj if isinstance(obj, Region) else getattr(obj, "region", None)
    if region is None:
        raise ValueError(f"{obj!r} belongs to no region: a deadline needs one")
    starts_on = starts_on or timezone.localdate()
    due = compute_due(starts_on, days, working)
    with transaction.atomic():
        cancel(obj, code)
        return Deadline.objects.create(
            **_owner(obj),
            region=region,
            object_repr=str(obj)[:200],
            code=code,
            label=str(label)[:100],
            rule=str(rule)[:200],
            starts_on=starts_on,
            days=days,
            working_days=working,
            due_on=due.on,
            calendar_note=due.note[:200],
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


def recompute_open(years: set[int] | list[int]) -> int:
    """Count again the open working-day deadlines whose period touches one of `years`, after
    their calendar changed (a year entered, replaced or deleted): a due day computed on
    Monday–Friday becomes the statutory one. Each change is saved, hence ledgered. Returns how
    many deadlines moved."""
    if not years:
        return 0
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    changed = 0
    qs = Deadline.objects.filter(
        status=Deadline.Status.OPEN, working_days=True, starts_on__lte=last, due_on__gte=first
    ).order_by("id")
    with transaction.atomic():
        for deadline in qs.select_for_update():
            due = add_working_days(deadline.starts_on, deadline.days)
            if (due.on, due.note[:200]) != (deadline.due_on, deadline.calendar_note):
                deadline.due_on, deadline.calendar_note = due.on, due.note[:200]
                deadline.save(update_fields=["due_on", "calendar_note"])
                changed += 1
    return changed


def open_deadlines(obj):
    return Deadline.objects.filter(**_owner(obj), status=Deadline.Status.OPEN)


def open_for(objs) -> dict[str, list[Deadline]]:
    """The open deadlines of each of `objs` (records of one model), soonest first, in one
    query, keyed by the record's pk as a string."""
    objs = list(objs)
    found: dict[str, list[Deadline]] = {}
    if objs:
        for deadline in Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(objs[0]),
            object_id__in=[str(o.pk) for o in objs],
            status=Deadline.Status.OPEN,
        ).order_by("due_on", "id"):
            found.setdefault(deadline.object_id, []).append(deadline)
    return found


def days_left(deadline: Deadline, today: dt.date | None = None) -> int:
    return (deadline.due_on - (today or timezone.localdate())).days


# --- lists ------------------------------------------------------------------------------------

# The filters of the deadlines page and of `fazhi deadlines`: code -> label.
SHOW_OPEN, SHOW_DUE, SHOW_OVERDUE, SHOW_SOON, SHOW_LATE, SHOW_MET, SHOW_ALL = (
    "open",
    "due",
    "overdue",
    "soon",
    "late",
    "met",
    "all",
)
SHOW_CHOICES = [
    (SHOW_OPEN, gettext_lazy("全部进行中")),
    (SHOW_DUE, gettext_lazy("已逾期及临近到期")),
    (SHOW_OVERDUE, gettext_lazy("已逾期")),
    (SHOW_SOON, gettext_lazy("临近到期（未逾期）")),
    (SHOW_LATE, gettext_lazy("逾期完成")),
    (SHOW_MET, gettext_lazy("已完成")),
    (SHOW_ALL, gettext_lazy("全部（含已撤销）")),
]


def select(qs, show: str = SHOW_OPEN, within: int = DUE_SOON_DAYS, today: dt.date | None = None):
    """Narrow a Deadline queryset to one of SHOW_CHOICES; `within` days ahead for 'due'/'soon'."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within)
    is_open = Q(status=Deadline.Status.OPEN)
    filters = {
        SHOW_OPEN: is_open,
        SHOW_DUE: is_open & Q(due_on__lte=horizon),
        SHOW_OVERDUE: is_open & Q(due_on__lt=today),
        SHOW_SOON: is_open & Q(due_on__gte=today, due_on__lte=horizon),
        SHOW_LATE: Q(status=Deadline.Status.MET, met_late=True),
        SHOW_MET: Q(status=Deadline.Status.MET),
        SHOW_ALL: Q(),
    }
    return qs.filter(filters.get(show, is_open))


@dataclass(frozen=True)
class Standing:
    """How a deadline stands today, for a badge: text and tone (info/warn/danger/ok/muted)."""

    text: str
    tone: str
    days: int | None = None  # days left (negative: overdue) for open deadlines


def standing(deadline: Deadline, today: dt.date | None = None) -> Standing:
    if deadline.status == Deadline.Status.CANCELLED:
        return Standing(_("已撤销"), "muted")
    if deadline.status == Deadline.Status.MET:
        if deadline.met_late:
            return Standing(_("逾期完成"), "warn")
        return Standing(_("按期完成"), "ok")
    left = days_left(deadline, today)
    if left < 0:
        return Standing(_("逾期%(n)s天") % {"n": -left}, "danger", left)
    if left == 0:
        return Standing(_("今天到期"), "danger", left)
    return Standing(_("剩%(n)s天") % {"n": left}, "warn" if left <= 2 else "info", left)
