"""Statutory time limits: working days on the Chinese statutory calendar, and natural days.

Which days are working days: a year an administrator entered (CalendarYear/CalendarDay, from
the State Council's annual notice) first; else the `chinese-calendar` package, which knows
the years it was released with (including adjusted working weekends, 调休); else Monday to
Friday, and the deadline records that it fell back.

A period counts from the day after the day it starts (期间开始的当日不计算在内). Periods of
working days exclude statutory holidays and count adjusted working weekends (行政处罚法
第八十五条); periods of natural days count every day; periods of working hours count the office
hours (08:30–12:00, 14:30–17:30 unless the rule says otherwise) of working days from the moment
they start.

An app declares its limits as `ClockRule`s (period, unit, warning threshold, the extensions
and pauses the law allows) and calls `start`, `meet`, `cancel`, `pause`, `resume`, `extend`;
one pure function, `compute`, turns a start, a period, pauses and extensions into the due time
and the steps that explain it (the "how this date was computed" page). `recount_open` counts
open deadlines again when the holiday table changes.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from dataclasses import dataclass

import chinese_calendar
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import ledger
from fazhi.core.models import (
    CalendarDay,
    CalendarYear,
    Deadline,
    DeadlineExtension,
    DeadlinePause,
    LedgerEntry,
    Region,
)
from fazhi.core.models.calendar import period_text

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

WEEKDAYS = "一二三四五六日"

# How many days ahead "due soon" looks by default (home page, deadlines page, command).
DUE_SOON_DAYS = 7


# --- the calendar -----------------------------------------------------------------------------


class Calendar:
    """The entered years, read once: {year: {date: is_workday}} for the days that differ from
    Monday–Friday (or repeat it, with a name), and the names of those days."""

    def __init__(self, entered: dict[int, dict[dt.date, bool]], names: dict[dt.date, str] | None = None):
        self.entered = entered
        self.names = names or {}

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

    def detail(self, day: dt.date) -> tuple[bool, str, str]:
        """(is it a working day, source, the day's name: 国庆节, 国庆节调休上班 …, or "")."""
        workday, source = self.info(day)
        if source == ENTERED:
            return workday, source, self.names.get(day, "")
        if source == PACKAGE:
            _holiday, name = chinese_calendar.get_holiday_detail(day)
            label = str(HOLIDAY_NAMES.get(name, name)) if name else ""
            if workday and day.weekday() >= 5:
                label = _("%(name)s调休上班") % {"name": label} if label else _("调休上班")
            return workday, source, label
        return workday, source, ""


_cache: dict[str, object] = {"version": None, "calendar": None, "checked": 0.0}
_lock = threading.Lock()
# Per thread: whether it is serving a request, and the calendar it has checked in this request.
_local = threading.local()
# Outside a request (commands, background tasks) the change check runs at most this often per
# process. Setting CALENDAR_RECHECK_SECONDS; 0 (the test settings): every call checks, in a
# request too.
RECHECK_SECONDS = 1.0
CALENDAR_TYPES = ("core.calendaryear", "core.calendarday")


def _version() -> tuple:
    """The calendar's version, shared by every process: every change of a year or a day (in this
    process or another, through any door) is ledgered in its own transaction, so the number and
    the last id of the calendar's ledger entries change with it. One aggregate over the
    (object_type, action) index: a few hundred index entries at most."""
    found = LedgerEntry.objects.filter(object_type__in=CALENDAR_TYPES).aggregate(n=Count("id"), top=Max("id"))
    return (found["n"], found["top"])


def _load() -> Calendar:
    entered: dict[int, dict[dt.date, bool]] = {
        y: {} for y in CalendarYear.objects.values_list("year", flat=True)
    }
    names: dict[dt.date, str] = {}
    for year, date, workday, name in CalendarDay.objects.values_list(
        "year__year", "date", "is_workday", "name"
    ):
        entered.setdefault(year, {})[date] = workday
        names[date] = name
    return Calendar(entered, names)


def calendar() -> Calendar:
    """The current calendar, cached per process. While a request is served its version is read
    once, at the first call (one query), so a change another process made is seen by the next
    request; outside requests at most every CALENDAR_RECHECK_SECONDS. A change made in this
    process clears the cache at once (clear_cache)."""
    cached = _cache["calendar"]
    if cached is not None:
        recheck = getattr(settings, "CALENDAR_RECHECK_SECONDS", RECHECK_SECONDS)
        if recheck and getattr(_local, "serving", False):
            if _local.seen is cached:
                return cached  # type: ignore[return-value]
        elif time.monotonic() - float(_cache["checked"]) < recheck:  # type: ignore[arg-type]
            return cached  # type: ignore[return-value]
    version = _version()
    with _lock:
        if _cache["version"] != version or _cache["calendar"] is None:
            _cache["calendar"], _cache["version"] = _load(), version
        _cache["checked"] = time.monotonic()
        current = _cache["calendar"]
    _local.seen = current
    return current  # type: ignore[return-value]


def clear_cache() -> None:
    with _lock:
        _cache["version"] = _cache["calendar"] = None
        _cache["checked"] = 0.0
    _local.seen = None


def _request_started(**_kwargs) -> None:
    _local.serving, _local.seen = True, None


def _request_finished(**_kwargs) -> None:
    _local.serving, _local.seen = False, None


request_started.connect(_request_started, dispatch_uid="fazhi.core.deadlines.request_started")
request_finished.connect(_request_finished, dispatch_uid="fazhi.core.deadlines.request_finished")
# an exception the test client re-raises ends the request without request_finished
got_request_exception.connect(_request_finished, dispatch_uid="fazhi.core.deadlines.request_exception")


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


# --- clocks: rules, and the one computation -----------------------------------------------------

NATURAL_DAYS = Deadline.Unit.NATURAL_DAYS
WORKING_DAYS = Deadline.Unit.WORKING_DAYS
WORKING_HOURS = Deadline.Unit.WORKING_HOURS

# Office hours of a period of working hours, unless its rule says otherwise.
DEFAULT_OFFICE_HOURS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(8, 30), dt.time(12, 0)),
    (dt.time(14, 30), dt.time(17, 30)),
)
END_OF_DAY = dt.time(23, 59, 59)  # a period of days runs to the end of its last day
MAX_SCAN_DAYS = 366 * 20  # a calendar without working days must not loop for ever


class ClockRefused(ValidationError):
    """A pause, resumption or extension the rule does not allow; the message says why, in
    Chinese, citing the rule, and `code` names the reason (not_open, not_pausable, paused,
    not_paused, bad_time, reason_required, approver_required, bad_length, not_extendable,
    extension_count, extension_length)."""


@dataclass(frozen=True)
class PauseRule:
    """A reason for which a period stops running: its time does not count (征求第三方意见,
    缴纳信息处理费), or the period counts afresh once it is over (`restarts`: 补正)."""

    code: str
    label: str
    citation: str = ""
    restarts: bool = False


@dataclass(frozen=True)
class ClockRule:
    """A statutory time limit as an app declares it, e.g.

        REPLY = ClockRule("disclosure.reply", _("答复申请"), _("政府信息公开条例第三十三条"), 20,
                          WORKING_DAYS, warn_before=5, max_extensions=1, max_extension_length=20,
                          pausable=(CONSULTATION, FEE, CORRECTION))

    `period`, `warn_before` and `max_extension_length` are in `unit`; `office_hours` applies to
    periods of working hours."""

    code: str
    label: str
    citation: str
    period: int
    unit: str = NATURAL_DAYS
    warn_before: int | None = None
    max_extensions: int = 0
    max_extension_length: int | None = None
    pausable: tuple[PauseRule, ...] = ()
    office_hours: tuple[tuple[dt.time, dt.time], ...] | None = None


@dataclass(frozen=True)
class Span:
    """A pause as the computation sees it (local wall times)."""

    starts: dt.datetime
    ends: dt.datetime | None
    label: str
    restarts: bool = False


@dataclass(frozen=True)
class Added:
    """An extension as the computation sees it."""

    length: int
    reason: str
    approver: str = ""


@dataclass(frozen=True)
class Step:
    """One line of 'how this date was computed'. kind: start, rule, skip, adjusted, count,
    pause, paused, restart, extension, fallback, warn, result."""

    kind: str
    text: str
    day: dt.date | None = None


@dataclass(frozen=True)
class Computation:
    due_on: dt.date
    due_at: dt.datetime  # local wall time
    warn_at: dt.datetime | None
    steps: list[Step]
    note: str = ""  # says so when a year fell back to Monday–Friday
    paused: bool = False  # a pause is running: the due time moves on once it is resumed


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0))


def _day_text(day: dt.date) -> str:
    return _("%(date)s（星期%(weekday)s）") % {"date": day.isoformat(), "weekday": WEEKDAYS[day.weekday()]}


def _time_text(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _hours_text(amount: dt.timedelta) -> str:
    hours = amount.total_seconds() / 3600
    return f"{hours:g}"


def _why_not_counted(day: dt.date, name: str) -> str:
    if name:
        return _("法定节假日（%(name)s）") % {"name": name}
    return _("周末")


def _minus(start: dt.datetime, end: dt.datetime, spans: list[tuple[dt.datetime, dt.datetime]]):
    """[start, end) without the spans, as ordered pieces."""
    pieces = [(start, end)]
    for a, b in spans:
        rest = []
        for x, y in pieces:
            if b <= x or a >= y:
                rest.append((x, y))
                continue
            if x < a:
                rest.append((x, a))
            if b < y:
                rest.append((b, y))
        pieces = rest
    return pieces


def compute(
    start: dt.datetime,
    period: int,
    unit: str,
    *,
    cal: Calendar,
    office_hours=None,
    pauses: list[Span] | tuple[Span, ...] = (),
    extensions: list[Added] | tuple[Added, ...] = (),
    warn_before: int | None = None,
) -> Computation:
    """When a period ends, and why. Pure: reads only `cal` (Calendar, which holds the entered
    years; the package and Monday–Friday need no database).

    - natural days and working days count from the day after `start`'s day (期间开始的当日不计算
      在内); working days skip the days the calendar has off and count adjusted working
      weekends (行政处罚法 第八十五条);
    - working hours count from `start` itself, within the office hours of working days;
    - a resumed pause from A to B stops the count: for days, the days after A up to B count for
      nothing; for hours, the office time between the two moments; a pause that `restarts`
      makes the whole period count afresh from B; a running pause leaves the due time where it
      was (it moves once the pause is resumed);
    - extensions add their lengths to the period.

    Returns the due day, the due moment (the end of the day for day periods), the moment the
    warning starts (when `warn_before` units are left) and the steps of the explanation."""
    if period < 0 or any(e.length < 0 for e in extensions):
        raise ValueError("a period must not be negative")

    def _when(moment: dt.datetime) -> str:
        return _time_text(moment) if unit == WORKING_HOURS else moment.date().isoformat()

    total = period + sum(e.length for e in extensions)
    steps = [
        Step(
            "start",
            _("起算：%(at)s")
            % {"at": _time_text(start) if unit == WORKING_HOURS else _day_text(start.date())},
            start.date(),
        )
    ]
    if unit == WORKING_HOURS:
        hours = office_hours or DEFAULT_OFFICE_HOURS
        windows = "、".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in hours)
        steps.append(
            Step(
                "rule",
                _(
                    "期限%(n)s个工作小时，自起算时刻计算；只计工作日的工作时间（%(windows)s），午休、下班后及非工作日不计"
                )
                % {"n": period, "windows": windows},
            )
        )
    elif unit == WORKING_DAYS:
        steps.append(
            Step(
                "rule",
                _("期限%(n)s个工作日，自起算日的次日计算；法定节假日和周末不计，调休上班日计入")
                % {"n": period},
            )
        )
    else:
        steps.append(
            Step("rule", _("期限%(n)s日（自然日），自起算日的次日计算；节假日照常计算") % {"n": period})
        )
    for e in extensions:
        text = _("延长%(length)s：%(reason)s") % {"length": period_text(e.length, unit), "reason": e.reason}
        if e.approver:
            text += _("（批准人：%(name)s）") % {"name": e.approver}
        steps.append(Step("extension", text))

    # A pause that restarts the period (补正) moves its start; what came before it is spent.
    begin = start
    for span in sorted(pauses, key=lambda p: p.starts):
        if span.restarts and span.ends is not None and span.ends >= begin:
            steps.append(
                Step(
                    "restart",
                    _("%(label)s：%(from)s暂停，%(to)s恢复，期限自恢复之日重新起算")
                    % {"label": span.label, "from": _when(span.starts), "to": _when(span.ends)},
                    span.ends.date(),
                )
            )
            begin = span.ends if unit == WORKING_HOURS else _midnight(span.ends.date())
    resumed = [p for p in pauses if p.ends is not None and not p.restarts and p.ends > begin]
    running = [p for p in pauses if p.ends is None]

    fallback: set[int] = set()
    if unit == WORKING_HOURS:
        due, warn_at, day_steps, pause_counts = _count_hours(
            begin, total, warn_before, cal, office_hours or DEFAULT_OFFICE_HOURS, resumed, fallback
        )
        due_on = due.date()
    else:
        due_on, warn_at, day_steps, pause_counts = _count_days(
            begin, total, warn_before, unit, cal, resumed, fallback
        )
        due = dt.datetime.combine(due_on, END_OF_DAY)
    for span, counted in zip(resumed, pause_counts, strict=True):
        steps.append(
            Step(
                "pause",
                _("%(label)s：%(from)s暂停，%(to)s恢复，其间%(n)s不计入期限")
                % {
                    "label": span.label,
                    "from": _when(span.starts),
                    "to": _when(span.ends),
                    "n": period_text(counted, unit)
                    if unit != WORKING_HOURS
                    else _("%(h)s个工作小时") % {"h": counted},
                },
                span.starts.date(),
            )
        )
    steps.extend(day_steps)
    for span in running:
        steps.append(
            Step(
                "paused",
                _("%(label)s：自%(from)s暂停，尚未恢复；恢复后届满时间相应顺延")
                % {"label": span.label, "from": _when(span.starts)},
                span.starts.date(),
            )
        )
    note = fallback_note(fallback)
    if note:
        steps.append(Step("fallback", note))
    if warn_at is not None and warn_before:
        steps.append(
            Step(
                "warn",
                _("预警：自%(at)s起（届满前%(n)s）")
                % {"at": _when(warn_at), "n": period_text(warn_before, unit)},
            )
        )
    result = _time_text(due) if unit == WORKING_HOURS else _day_text(due_on)
    steps.append(Step("result", _("届满：%(at)s") % {"at": result}, due_on))
    return Computation(due_on, due, warn_at, steps, note, paused=bool(running))


def _count_days(begin, total, warn_before, unit, cal, resumed, fallback):
    """Natural or working days after `begin`'s day: (due day, warn moment, steps, units each
    resumed pause kept out)."""
    excluded: dict[dt.date, int] = {}
    for index, span in enumerate(resumed):
        day = span.starts.date()
        while day < span.ends.date():
            day += dt.timedelta(days=1)
            excluded.setdefault(day, index)
    pause_counts = [0] * len(resumed)
    steps: list[Step] = []
    threshold = None if warn_before is None else total - warn_before
    day = begin.date()
    warn_at = _midnight(day) if threshold is not None and threshold <= 0 else None
    counted = 0
    for _scan in range(MAX_SCAN_DAYS):
        if counted >= total:
            break
        day += dt.timedelta(days=1)
        workday, source, name = cal.detail(day)
        if source == FALLBACK and unit == WORKING_DAYS:
            fallback.add(day.year)
        if day in excluded:
            if unit != WORKING_DAYS or workday:
                pause_counts[excluded[day]] += 1
            continue
        if unit == WORKING_DAYS:
            if not workday:
                steps.append(
                    Step(
                        "skip",
                        _("%(day)s %(why)s，不计")
                        % {"day": _day_text(day), "why": _why_not_counted(day, name)},
                        day,
                    )
                )
                continue
            if day.weekday() >= 5:
                steps.append(
                    Step(
                        "adjusted",
                        _("%(day)s %(name)s，计入") % {"day": _day_text(day), "name": name or _("调休上班")},
                        day,
                    )
                )
        counted += 1
        if counted == threshold:
            warn_at = _midnight(day + dt.timedelta(days=1))
    else:
        raise ValueError("no end within twenty years: the calendar has no working days")
    return day, warn_at, steps, pause_counts


def _count_hours(begin, total, warn_before, cal, office_hours, resumed, fallback):
    """Working hours from `begin`: (due moment, warn moment, steps, hours each resumed pause
    kept out)."""
    need = dt.timedelta(hours=total)
    warn_mark = None if warn_before is None else dt.timedelta(hours=max(total - warn_before, 0))
    spans = [(p.starts, p.ends) for p in resumed]
    pause_time = [dt.timedelta()] * len(resumed)
    steps: list[Step] = []
    done = dt.timedelta()
    warn_at = begin if warn_mark is not None and warn_mark <= dt.timedelta() else None
    if need == dt.timedelta():
        return begin, warn_at, steps, [0] * len(resumed)
    day = begin.date()
    for _scan in range(MAX_SCAN_DAYS):
        workday, source, name = cal.detail(day)
        if source == FALLBACK:
            fallback.add(day.year)
        if not workday:
            if day > begin.date():
                steps.append(
                    Step(
                        "skip",
                        _("%(day)s %(why)s，不计")
                        % {"day": _day_text(day), "why": _why_not_counted(day, name)},
                        day,
                    )
                )
            day += dt.timedelta(days=1)
            continue
        pieces = []
        for open_at, close_at in office_hours:
            a = max(dt.datetime.combine(day, open_at), begin)
            b = dt.datetime.combine(day, close_at)
            if a >= b:
                continue
            for index, (x, y) in enumerate(spans):
                lo, hi = max(a, x), min(b, y)
                if lo < hi:
                    pause_time[index] += hi - lo
            pieces.extend(_minus(a, b, spans))
        due = None
        counted_today = []
        for x, y in pieces:
            if warn_at is None and warn_mark is not None and done + (y - x) >= warn_mark:
                warn_at = x + (warn_mark - done)
            if done + (y - x) >= need:
                due = x + (need - done)
                counted_today.append((x, due))
                done = need
                break
            done += y - x
            counted_today.append((x, y))
        if counted_today:
            total_today = sum((y - x for x, y in counted_today), dt.timedelta())
            prefix = (
                _("%(day)s 调休上班，") % {"day": _day_text(day)}
                if day.weekday() >= 5
                else _day_text(day) + " "
            )
            steps.append(
                Step(
                    "adjusted" if day.weekday() >= 5 else "count",
                    prefix
                    + _("计入%(pieces)s，共%(hours)s小时（累计%(done)s小时）")
                    % {
                        "pieces": "、".join(f"{x:%H:%M}–{y:%H:%M}" for x, y in counted_today),
                        "hours": _hours_text(total_today),
                        "done": _hours_text(done),
                    },
                    day,
                )
            )
        if due is not None:
            return due, warn_at, steps, [_hours_text(t) for t in pause_time]
        day += dt.timedelta(days=1)
    raise ValueError("no end within twenty years: the calendar has no working days")


# --- periods (day counts for guards; on top of `compute`) ------------------------------------


def add_working_days(start: dt.date, days: int) -> Due:
    """The day on which a period of `days` working days, counted from the day after
    `start`, ends (行政处罚法 第八十五条: 法定节假日 excluded)."""
    result = compute(_midnight(start), days, WORKING_DAYS, cal=calendar())
    return Due(result.due_on, result.note)


def add_natural_days(start: dt.date, days: int) -> Due:
    """The last day of a period of `days` natural days counted from the day after `start`."""
    result = compute(_midnight(start), days, NATURAL_DAYS, cal=Calendar({}))
    return Due(result.due_on, result.note)


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


def _local(moment: dt.datetime) -> dt.datetime:
    """An aware moment as a local wall time (China keeps no summer time)."""
    if timezone.is_naive(moment):
        return moment
    return timezone.localtime(moment).replace(tzinfo=None)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def _office_hours(deadline: Deadline):
    if not deadline.office_hours:
        return None
    return tuple((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in deadline.office_hours)


def _clock_start(deadline: Deadline) -> dt.datetime:
    if deadline.unit == WORKING_HOURS and deadline.starts_at:
        return _local(deadline.starts_at)
    return _midnight(deadline.starts_on)


def explain(deadline: Deadline, cal: Calendar | None = None) -> Computation:
    """The computation of a deadline from its start, unit, pauses and extensions, on the
    current calendar (what `start`, `pause`, `resume`, `extend` and `recount_open` store)."""
    pauses = [
        Span(
            _local(p.starts_at),
            _local(p.ends_at) if p.ends_at else None,
            f"{p.rule_label}（{p.reason}）",
            p.restarts,
        )
        for p in deadline.pauses.all()
    ]
    extensions = [Added(e.length, e.reason, e.approver_name) for e in deadline.extensions.all()]
    return compute(
        _clock_start(deadline),
        deadline.days,
        deadline.unit,
        cal=cal or calendar(),
        office_hours=_office_hours(deadline),
        pauses=pauses,
        extensions=extensions,
        warn_before=deadline.warn_before,
    )


def _apply(deadline: Deadline, result: Computation) -> list[str]:
    """Store a computation on the row; returns the fields that changed."""
    values = {
        "due_on": result.due_on,
        "due_at": _aware(result.due_at),
        "warn_at": _aware(result.warn_at),
        "calendar_note": result.note[:200],
    }
    changed = [name for name, value in values.items() if getattr(deadline, name) != value]
    for name in changed:
        setattr(deadline, name, values[name])
    return changed


def start(
    obj,
    *,
    code: str | None = None,
    label: str | None = None,
    rule: str | ClockRule | None = None,
    days: int | None = None,
    working: bool | None = None,
    starts_on: dt.date | None = None,
    starts_at: dt.datetime | None = None,
    unit: str | None = None,
) -> Deadline:
    """Open a deadline on `obj` (a record that belongs to a region, or a region itself).
    Replaces an open one with the same code.

    Either the rule as a ClockRule (`start(obj, rule=REPLY, starts_at=received_at)`; code,
    label, period and unit come from it, `days=` may override the period), or the parts as
    before (`code=, label=, rule="citation", days=, working=`). A period of working hours starts
    at `starts_at` (default now); day periods count from the day after `starts_on`."""
    deadline = _build(obj, code, label, rule, days, working, starts_on, starts_at, unit)
    with transaction.atomic():
        cancel(obj, deadline.code)
        deadline.save()
        return deadline


def historical(
    obj, rule: ClockRule, *, starts_on: dt.date, met_on: dt.date | None = None, days: int | None = None
) -> Deadline:
    """The deadline `rule` gave `obj` from `starts_on`, met on `met_on` (late if after its due
    day), unsaved: for the bulk path (`fazhi.core.bulk.insert(Deadline, rows)`), where records of
    past years are written with the dates their procedure gave them instead of firing each step."""
    deadline = _build(obj, None, None, rule, days, None, starts_on, None, None)
    if met_on is not None:
        deadline.status = Deadline.Status.MET
        deadline.met_at = _aware(_midnight(met_on) + dt.timedelta(hours=12))
        deadline.met_late = _late(deadline, deadline.met_at)
    return deadline


def _build(obj, code, label, rule, days, working, starts_on, starts_at, unit) -> Deadline:
    """A new, computed, unsaved deadline on `obj` (see `start`)."""
    clock = rule if isinstance(rule, ClockRule) else None
    if clock is not None:
        code = code or clock.code
        label = label or clock.label
        citation = clock.citation
        days = clock.period if days is None else days
        unit = unit or clock.unit
    else:
        citation = rule
        unit = unit or (WORKING_DAYS if working else NATURAL_DAYS)
    if not code or label is None or citation is None or days is None:
        raise ValueError("a deadline needs a code, a label, a rule and a period")
    region = obj if isinstance(obj, Region) else getattr(obj, "region", None)
    if region is None:
        raise ValueError(f"{obj!r} belongs to no region: a deadline needs one")
    if starts_at is not None:
        starts_at = _aware(starts_at)
        starts_on = starts_on or timezone.localdate(starts_at)
    elif unit == WORKING_HOURS:
        starts_at = (
            timezone.now() if starts_on in (None, timezone.localdate()) else _aware(_midnight(starts_on))
        )
    starts_on = starts_on or timezone.localdate()
    deadline = Deadline(
        **_owner(obj),
        region=region,
        object_repr=str(obj)[:200],
        code=code,
        label=str(label)[:100],
        rule=str(citation)[:200],
        starts_on=starts_on,
        starts_at=starts_at,
        days=days,
        unit=unit,
        working_days=unit == WORKING_DAYS,
        warn_before=clock.warn_before if clock else None,
        max_extensions=clock.max_extensions if clock else 0,
        max_extension_length=clock.max_extension_length if clock else None,
        pause_rules=[p.code for p in clock.pausable] if clock else [],
        office_hours=[[f"{a:%H:%M}", f"{b:%H:%M}"] for a, b in clock.office_hours]
        if clock and clock.office_hours
        else [],
    )
    result = compute(
        _clock_start(deadline),
        days,
        unit,
        cal=calendar(),
        office_hours=_office_hours(deadline),
        warn_before=deadline.warn_before,
    )
    _apply(deadline, result)
    return deadline


def _finish_pause(deadline: Deadline, when: dt.datetime) -> None:
    running = deadline.pauses.filter(ends_at__isnull=True).first()
    if running is not None:
        running.ends_at = max(when, running.starts_at)
        running.save(update_fields=["ends_at"])
    deadline.paused_since = None


def _late(deadline: Deadline, when: dt.datetime) -> bool:
    if deadline.unit == WORKING_HOURS and deadline.due_at is not None:
        return when > deadline.due_at
    return timezone.localdate(when) > deadline.due_on


def meet(obj, code: str, when: dt.datetime | None = None) -> list[Deadline]:
    """Mark the open deadline(s) of `code` on `obj` met; late if met after the due day (the due
    moment for working hours). A running pause ends with it."""
    when = when or timezone.now()
    met = []
    for deadline in Deadline.objects.filter(**_owner(obj), code=code, status=Deadline.Status.OPEN):
        fields = ["status", "met_at", "met_late"]
        if deadline.paused_since is not None:
            _finish_pause(deadline, when)
            fields.append("paused_since")
        deadline.status = Deadline.Status.MET
        deadline.met_at = when
        deadline.met_late = _late(deadline, when)
        deadline.save(update_fields=fields)
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


def recount_open(years: set[int] | list[int] | None = None) -> int:
    """Count again the open deadlines whose count depends on the calendar (working days, working
    hours) and whose period touches one of `years` (every year if None), after the holiday
    table changed (a year entered, replaced or deleted, in the import, the calendar page or the
    admin): a due day computed on Monday–Friday becomes the statutory one; pauses and extensions
    are counted again with it. Each change is saved, hence ledgered. Returns how many moved."""
    qs = Deadline.objects.filter(status=Deadline.Status.OPEN).exclude(unit=NATURAL_DAYS)
    if years is not None:
        if not years:
            return 0
        first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
        qs = qs.filter(Q(starts_on__lte=last, due_on__gte=first) | Q(paused_since__isnull=False))
    changed = 0
    with transaction.atomic():
        cal = calendar()
        for deadline in (
            qs.order_by("id").select_for_update(no_key=True).prefetch_related("pauses", "extensions")
        ):
            fields = _apply(deadline, explain(deadline, cal))
            if fields:
                deadline.save(update_fields=fields)
                changed += 1
    return changed


def recompute_open(years: set[int] | list[int]) -> int:
    """The former name of `recount_open`."""
    return recount_open(years)


# --- pauses and extensions -------------------------------------------------------------------


def _moment(on: dt.date | None, at: dt.datetime | None) -> dt.datetime:
    if at is not None:
        return _aware(at)
    if on is not None:
        return _aware(_midnight(on))
    return timezone.now()


def _locked(deadline: Deadline) -> Deadline:
    locked = Deadline.objects.select_for_update(no_key=True).get(pk=deadline.pk)
    if locked.status != Deadline.Status.OPEN:
        raise ClockRefused(
            _("“%(label)s”期限%(status)s，不能再暂停、恢复或延长")
            % {"label": locked.label, "status": locked.get_status_display()},
            code="not_open",
        )
    return locked


def _due_text(deadline: Deadline) -> str:
    if deadline.unit == WORKING_HOURS and deadline.due_at:
        return _time_text(_local(deadline.due_at))
    return deadline.due_on.isoformat()


def _refresh(deadline: Deadline, locked: Deadline) -> None:
    """The caller's instance follows the saved row."""
    deadline.refresh_from_db()


def pause(
    deadline: Deadline,
    *,
    reason: str,
    rule: PauseRule,
    starts_on: dt.date | None = None,
    starts_at: dt.datetime | None = None,
    user=None,
) -> DeadlinePause:
    """Stop a deadline's clock for one of the reasons its rule allows (ClockRule.pausable), from
    `starts_at` (or the day `starts_on`; default now). Ledgered as deadline:pause. Raises
    ClockRefused."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _locked(deadline)
        if rule.code not in (locked.pause_rules or []):
            raise ClockRefused(
                _("%(rule)s：本期限不因“%(reason)s”暂停计算") % {"rule": locked.rule, "reason": rule.label},
                code="not_pausable",
            )
        if locked.paused_since is not None:
            raise ClockRefused(
                _("期限已于%(at)s暂停，请先恢复") % {"at": _time_text(_local(locked.paused_since))},
                code="paused",
            )
        if not reason:
            raise ClockRefused(_("请说明暂停的事由"), code="reason_required")
        when = _moment(starts_on, starts_at)
        last = locked.pauses.exclude(ends_at__isnull=True).order_by("-ends_at").first()
        if _local(when) < _clock_start(locked) or (last and when < last.ends_at):
            raise ClockRefused(_("暂停时间不能早于起算时间或上一次恢复的时间"), code="bad_time")
        row = DeadlinePause.objects.create(
            deadline=locked,
            rule_code=rule.code,
            rule_label=str(rule.label)[:100],
            citation=str(rule.citation)[:200],
            restarts=rule.restarts,
            reason=reason[:200],
            starts_at=when,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        locked.paused_since = when
        locked.save(update_fields=["paused_since"])
        ledger.record(
            "deadline:pause",
            locked,
            actor=user,
            data={
                "code": locked.code,
                "rule": rule.code,
                "label": str(rule.label),
                "citation": str(rule.citation),
                "restarts": rule.restarts,
                "reason": reason,
                "from": when.isoformat(),
                "due": _due_text(locked),
            },
        )
    _refresh(deadline, locked)
    return row


def resume(
    deadline: Deadline, *, on: dt.date | None = None, at: dt.datetime | None = None, user=None
) -> Deadline:
    """Start a paused deadline's clock again at `at` (or the day `on`; default now): the due
    time moves by the paused time, or, after a pause that restarts the period, is counted
    afresh. Ledgered as deadline:resume. Raises ClockRefused."""
    with transaction.atomic():
        locked = _locked(deadline)
        running = locked.pauses.filter(ends_at__isnull=True).first()
        if running is None:
            raise ClockRefused(_("期限没有暂停，无需恢复"), code="not_paused")
        when = _moment(on, at)
        if when < running.starts_at:
            raise ClockRefused(_("恢复时间不能早于暂停时间"), code="bad_time")
        before = _due_text(locked)
        running.ends_at = when
        running.save(update_fields=["ends_at"])
        locked.paused_since = None
        fields = ["paused_since", *_apply(locked, explain(locked))]
        locked.save(update_fields=fields)
        ledger.record(
            "deadline:resume",
            locked,
            actor=user,
            data={
                "code": locked.code,
                "rule": running.rule_code,
                "restarts": running.restarts,
                "from": running.starts_at.isoformat(),
                "to": when.isoformat(),
                "due_before": before,
                "due_after": _due_text(locked),
            },
        )
    _refresh(deadline, locked)
    return deadline


def extend(deadline: Deadline, *, reason: str, approver, length: int, user=None) -> DeadlineExtension:
    """Extend a deadline by `length` (in its unit) with the approval of `approver` (a user or a
    name), within the number and total length its rule allows. Ledgered as deadline:extend.
    Raises ClockRefused, citing the rule."""
    reason = (reason or "").strip()
    unit_word = {NATURAL_DAYS: _("日"), WORKING_DAYS: _("个工作日"), WORKING_HOURS: _("个工作小时")}
    with transaction.atomic():
        locked = _locked(deadline)
        word = unit_word[locked.unit]
        done = list(locked.extensions.values_list("length", flat=True))
        if locked.max_extensions == 0:
            raise ClockRefused(_("%(rule)s：本期限不得延长") % {"rule": locked.rule}, code="not_extendable")
        if not isinstance(length, int) or length <= 0:
            raise ClockRefused(_("延长的长度应为正整数"), code="bad_length")
        if not reason:
            raise ClockRefused(_("请说明延长的理由"), code="reason_required")
        approver_name = (
            (getattr(approver, "full_name", "") or getattr(approver, "username", ""))
            if approver and not isinstance(approver, str)
            else (approver or "")
        )
        if not approver_name.strip():
            raise ClockRefused(_("延长期限须经批准，请注明批准人"), code="approver_required")
        if len(done) >= locked.max_extensions:
            raise ClockRefused(
                _("%(rule)s：最多延长%(max)s次，本期限已延长%(n)s次")
                % {"rule": locked.rule, "max": locked.max_extensions, "n": len(done)},
                code="extension_count",
            )
        cap = locked.max_extension_length
        if cap is not None and sum(done) + length > cap:
            raise ClockRefused(
                _("%(rule)s：延长合计不得超过%(max)s%(unit)s（已延长%(done)s%(unit)s，本次%(n)s%(unit)s）")
                % {"rule": locked.rule, "max": cap, "unit": word, "done": sum(done), "n": length},
                code="extension_length",
            )
        before = _due_text(locked)
        row = DeadlineExtension.objects.create(
            deadline=locked,
            reason=reason[:200],
            length=length,
            approver=approver if approver is not None and not isinstance(approver, str) else None,
            approver_name=approver_name.strip()[:100],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        fields = _apply(locked, explain(locked))
        if fields:
            locked.save(update_fields=fields)
        ledger.record(
            "deadline:extend",
            locked,
            actor=user,
            data={
                "code": locked.code,
                "reason": reason,
                "approver": row.approver_name,
                "length": length,
                "unit": locked.unit,
                "due_before": before,
                "due_after": _due_text(locked),
            },
        )
    _refresh(deadline, locked)
    return row


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


def _due_now(now: dt.datetime, today: dt.date) -> Q:
    """Open deadlines of working hours due earlier today are overdue already."""
    return Q(unit=WORKING_HOURS, due_on=today, due_at__lt=now)


def select(qs, show: str = SHOW_OPEN, within: int = DUE_SOON_DAYS, today: dt.date | None = None):
    """Narrow a Deadline queryset to one of SHOW_CHOICES; `within` days ahead for 'due'/'soon'.
    A paused deadline is neither overdue nor due soon while its clock stands still."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    horizon = today + dt.timedelta(days=within)
    is_open = Q(status=Deadline.Status.OPEN)
    running = is_open & Q(paused_since__isnull=True)
    overdue = Q(due_on__lt=today) | _due_now(now, today)
    filters = {
        SHOW_OPEN: is_open,
        SHOW_DUE: running & Q(due_on__lte=horizon),
        SHOW_OVERDUE: running & overdue,
        SHOW_SOON: running & Q(due_on__gte=today, due_on__lte=horizon) & ~_due_now(now, today),
        SHOW_LATE: Q(status=Deadline.Status.MET, met_late=True),
        SHOW_MET: Q(status=Deadline.Status.MET),
        SHOW_ALL: Q(),
    }
    return qs.filter(filters.get(show, is_open))


# How a deadline stands: its level, for lists and badges.
OK, WARNING, OVERDUE, PAUSED, MET, LATE, CANCELLED = (
    "ok",
    "warning",
    "overdue",
    "paused",
    "met",
    "late",
    "cancelled",
)
# Open deadlines without a warning threshold of their own turn yellow this many days before.
DEFAULT_WARN_DAYS = 2


@dataclass(frozen=True)
class Standing:
    """How a deadline stands now, for a badge: text, tone (info/warn/danger/ok/muted: yellow is
    warn, red is danger) and level (ok, warning, overdue, paused, met, late, cancelled)."""

    text: str
    tone: str
    days: int | None = None  # days left (negative: overdue) for open deadlines
    level: str = OK


def standing(
    deadline: Deadline, today: dt.date | dt.datetime | None = None, *, now: dt.datetime | None = None
) -> Standing:
    """ok, warning (yellow: from the rule's warning time, or within two days of the due day)
    or overdue (red: past the due day; past the due moment for working hours). `today` may be a
    date (as the lists pass it) or the moment itself."""
    if isinstance(today, dt.datetime):
        now, today = today, None
    if now is None:
        if today is None or today == timezone.localdate():
            now = timezone.now()
        else:
            now = _aware(_midnight(today))
    today = today or timezone.localdate(now)
    if deadline.status == Deadline.Status.CANCELLED:
        return Standing(_("已撤销"), "muted", level=CANCELLED)
    if deadline.status == Deadline.Status.MET:
        if deadline.met_late:
            return Standing(_("逾期完成"), "warn", level=LATE)
        return Standing(_("按期完成"), "ok", level=MET)
    if deadline.paused_since is not None:
        return Standing(_("暂停计算"), "muted", level=PAUSED)
    left = days_left(deadline, today)
    warned = deadline.warn_at is not None and now >= deadline.warn_at
    if deadline.unit == WORKING_HOURS and deadline.due_at is not None:
        hours = (deadline.due_at - now).total_seconds() / 3600
        if hours < 0:
            return Standing(_("逾期%(n)s小时") % {"n": math.ceil(-hours)}, "danger", left, OVERDUE)
        text = _("剩%(n)s小时") % {"n": math.ceil(hours)} if hours < 48 else _("剩%(n)s天") % {"n": left}
        if warned or (deadline.warn_at is None and left == 0):
            return Standing(text, "warn", left, WARNING)
        return Standing(text, "info", left, OK)
    if left < 0:
        return Standing(_("逾期%(n)s天") % {"n": -left}, "danger", left, OVERDUE)
    if left == 0:
        return Standing(_("今天到期"), "danger", left, WARNING)
    if warned or (deadline.warn_at is None and left <= DEFAULT_WARN_DAYS):
        return Standing(_("剩%(n)s天") % {"n": left}, "warn", left, WARNING)
    return Standing(_("剩%(n)s天") % {"n": left}, "info", left, OK)
