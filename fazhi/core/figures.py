"""Figures: the metrics contract of every app, and the evaluator that computes them.

A figure is declared once, in its app's `metrics.py`, with `register(Figure(...))`:

- a stable `code` (`<app>.<name>`, or the numbering of its statistics template where one exists),
  a Chinese `label` and `unit`;
- its `kind`: COUNT (records), SUM (of one field), RATE (numerator ÷ denominator, both
  registered figures of the same period) or TOTAL (the sum of registered COUNT or SUM `parts`,
  e.g. of two apps' records: 排查登记 = disputes registered + dispute events not converted);
- a COUNT or SUM with an `until_field` is a stock: the records in force on the period's last
  day (`date_field` on or before it, `until_field` empty or after it: 现行有效 documents, current
  advisers), not those that started in the period;
- a COUNT with `distinct` counts the distinct values of that field among its records (grids
  patrolled in a month, not patrol logs); its link still opens the records;
- the `model`, the `date_field` that places a record in a period, the optional `where` (a Q)
  that keeps the records it counts and, for a SUM, the `field` added up;
- its `definition`, the `source` of that definition (`source_kind`: statute, 司法部统计, a
  template, a county rule, or this system's own rule) and the `link` that opens its records
  (a list URL with the list's filter parameters; the period is added to them).

`evaluate(codes, scope, periods, group_by=None)` computes many figures for a scope (a user,
through `visible_to(user)`, or a region subtree for a county roll-up) and periods in ONE
aggregate query per model: every (figure, period) is a conditional aggregate
(`Count("pk", filter=…)`, `Coalesce(Sum(field, filter=…), 0)`) of that query. Grouping by town
or village groups the same query by a prefix of the region path (`Substr`); grouping by month
splits each period into its months, one conditional aggregate each (the figures of one model
place their records by different date fields, so one GROUP BY month could not serve them all).
Nothing loads rows into Python. A county of 20 towns costs the queries of one town.

Each value knows its link (`Value.url`): the figure's list with its filter and the value's
period, so every figure opens the records behind it. `records(code, scope, period)` is the
queryset a value counts (provenance).

Apps' `metrics.py` modules are imported by `CoreConfig.ready` (autodiscover_modules).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.models.regions import CODE_LENGTHS, Region, RegionKind
from fazhi.core.scoping import under_q

COUNT, SUM, RATE, TOTAL = "count", "sum", "rate", "total"
KIND_LABELS = {
    COUNT: gettext_lazy("计数"),
    SUM: gettext_lazy("求和"),
    RATE: gettext_lazy("比率"),
    TOTAL: gettext_lazy("合计"),
}


class SourceKind(models.TextChoices):
    """Where a figure's definition comes from."""

    STATUTE = "statute", gettext_lazy("法律法规")
    MOJ = "moj", gettext_lazy("司法部统计")
    TEMPLATE = "template", gettext_lazy("国家报表模板")
    COUNTY = "county", gettext_lazy("县级规定")
    REPORT = "report", gettext_lazy("年度报告用语")
    SYSTEM = "system", gettext_lazy("本系统口径")


# Grouping: by town or village (a prefix of the region path), or by month (of each period).
TOWN, VILLAGE, MONTH = "town", "village", "month"


def _path_length(kind: str) -> int:
    """Length of the path of a region of `kind` (each code followed by "/")."""
    order = [RegionKind.COUNTY, RegionKind.TOWN, RegionKind.VILLAGE, RegionKind.GRID]
    return sum(CODE_LENGTHS[k] + 1 for k in order[: order.index(kind) + 1])


REGION_PREFIX = {TOWN: _path_length(RegionKind.TOWN), VILLAGE: _path_length(RegionKind.VILLAGE)}


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """Days from `start` to `end`, both included; both None: all time."""

    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def all_time(cls) -> Period:
        return cls()

    @property
    def is_all_time(self) -> bool:
        return self.start is None and self.end is None

    @property
    def calendar_year(self) -> int | None:
        """The year, when the period is exactly one calendar year."""
        if self.start and self.end and self.start == dt.date(self.start.year, 1, 1):
            if self.end == dt.date(self.start.year, 12, 31):
                return self.start.year
        return None

    def q(self, date_field: str) -> Q:
        """Records whose `date_field` falls in the period (a plain range: native date
        comparison on SQLite and PostgreSQL, and an index range scan where there is one)."""
        if self.is_all_time:
            return Q(**{f"{date_field}__isnull": False})
        if self.start is None:
            return Q(**{f"{date_field}__lte": self.end})
        if self.end is None:
            return Q(**{f"{date_field}__gte": self.start})
        return Q(**{f"{date_field}__range": (self.start, self.end)})

    def months(self) -> list[Period]:
        """The period cut at month ends (the first and last months may be partial)."""
        if self.start is None or self.end is None:
            raise ValueError("grouping by month needs a bounded period")
        found, day = [], self.start
        while day <= self.end:
            last = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
            found.append(Period(day, min(last, self.end)))
            day = last + dt.timedelta(days=1)
        return found

    def __str__(self) -> str:
        if self.is_all_time:
            return _("全部")
        if self.calendar_year:
            return _("%(year)s年") % {"year": self.calendar_year}
        if self.start and self.end and self == Period.month(self.start.year, self.start.month):
            return _("%(year)s年%(month)s月") % {"year": self.start.year, "month": self.start.month}
        return _("%(start)s至%(end)s") % {
            "start": self.start.isoformat() if self.start else "…",
            "end": self.end.isoformat() if self.end else "…",
        }


# --- the declaration -------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """The list that shows a figure's records: its URL name and the filter parameters that select
    exactly them (`query`), and how the list takes a period: `year_param` for a calendar year
    (e.g. `filed_year=2021`), else `range_query` with `since`/`until` dates."""

    url_name: str
    query: dict = field(default_factory=dict)
    year_param: str = ""
    range_query: dict = field(default_factory=dict)
    since_param: str = "since"
    until_param: str = "until"
    as_of_param: str = ""  # a stock's list: the records in force on a day (e.g. `in_force_on`)

    def params(self, period: Period) -> dict:
        params = dict(self.query)
        if self.as_of_param:
            if period.end:
                params[self.as_of_param] = period.end.isoformat()
            return params
        if period.is_all_time:
            return params
        if period.calendar_year and self.year_param:
            params[self.year_param] = period.calendar_year
            return params
        params.update(self.range_query)
        if period.start:
            params[self.since_param] = period.start.isoformat()
        if period.end:
            params[self.until_param] = period.end.isoformat()
        return params

    def url(self, period: Period) -> str:
        params = self.params(period)
        base = reverse(self.url_name)
        return f"{base}?{urlencode(params)}" if params else base


@dataclass(frozen=True, eq=False)
class Figure:
    code: str
    label: str
    unit: str
    kind: str
    definition: str
    source: str
    source_kind: str = SourceKind.SYSTEM
    model: type[models.Model] | None = None
    date_field: str = ""
    field: str = ""  # the field a SUM adds up
    where: Q | None = None
    numerator: str = ""
    denominator: str = ""
    link: Link | None = None
    until_field: str = ""  # a stock: in force on the period's last day (see the module's docs)
    until_inclusive: bool = False  # the until day is still in force (聘期止, 有效期至), not the day it ended
    parts: tuple[str, ...] = ()  # a TOTAL: the COUNT or SUM figures it adds up
    distinct: str = ""  # a COUNT of the distinct values of this field (e.g. grids patrolled)

    def period_q(self, period: Period) -> Q:
        """The records of a COUNT or SUM that belong to `period`: placed in it by `date_field`,
        or, for a stock, in force on its last day."""
        if not self.until_field:
            return period.q(self.date_field)
        ended_after = Q(**{f"{self.until_field}__isnull": True})
        if period.end is None:
            return Q(**{f"{self.date_field}__isnull": False}) & ended_after
        ended_after |= Q(**{f"{self.until_field}__{'gte' if self.until_inclusive else 'gt'}": period.end})
        return Q(**{f"{self.date_field}__lte": period.end}) & ended_after

    @property
    def app_label(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def caption(self) -> str:
        """The label with its unit: 立案（件）; a unit the label already says is not repeated."""
        label, unit = str(self.label), str(self.unit)
        return label if not unit or unit in label else f"{label}（{unit}）"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def source_kind_label(self) -> str:
        return str(SourceKind(self.source_kind).label)

    def zero(self):
        if self.kind == TOTAL:
            return sum((get(code).zero() for code in self.parts), 0)
        if self.kind == SUM and isinstance(self.model._meta.get_field(self.field), models.DecimalField):
            return Decimal("0")
        return 0

    def aggregate(self, period: Period):
        """The conditional aggregate of this figure over `period`."""
        where = self.period_q(period)
        if self.where is not None:
            where &= self.where
        if self.kind == COUNT:
            return Count(self.distinct or "pk", filter=where, distinct=bool(self.distinct))
        model_field = self.model._meta.get_field(self.field)
        if isinstance(model_field, models.DecimalField):
            output = models.DecimalField(max_digits=20, decimal_places=model_field.decimal_places)
            return Coalesce(Sum(self.field, filter=where), V(Decimal("0")), output_field=output)
        return Coalesce(Sum(self.field, filter=where), V(0), output_field=models.BigIntegerField())

    def readable_by(self, user) -> bool:
        """Whether `user` may read any record this figure counts (for a rate, both parts')."""
        if self.kind == RATE:
            return all(get(code).readable_by(user) for code in (self.numerator, self.denominator))
        if self.kind == TOTAL:
            return all(get(code).readable_by(user) for code in self.parts)
        return bool(user.is_authenticated and user.permission_paths(self.model.read_permission))

    def rule_text(self) -> str:
        """How the figure is computed, in words: the records, the date that places them in a
        period, the condition and what is added up (the rule in force)."""
        if self.kind == RATE:
            return _("%(num)s ÷ %(den)s（同一统计期；分母为0时不计算）") % {
                "num": get(self.numerator).label,
                "den": get(self.denominator).label,
            }
        if self.kind == TOTAL:
            return _("%(parts)s之和（同一统计期）") % {
                "parts": " + ".join(str(get(c).label) for c in self.parts)
            }
        meta = self.model._meta
        parts = [_("记录：%(model)s") % {"model": meta.verbose_name}]
        if self.until_field:
            parts.append(
                (
                    _("统计期末日有效：%(start)s不晚于期末日，且%(end)s为空或不早于期末日")
                    if self.until_inclusive
                    else _("统计期末日有效：%(start)s不晚于期末日，且%(end)s为空或晚于期末日")
                )
                % {
                    "start": meta.get_field(self.date_field).verbose_name,
                    "end": meta.get_field(self.until_field).verbose_name,
                }
            )
        else:
            parts.append(_("统计期按：%(field)s") % {"field": meta.get_field(self.date_field).verbose_name})
        if self.where is not None:
            parts.append(_("条件：%(condition)s") % {"condition": describe_q(self.model, self.where)})
        if self.kind == COUNT:
            parts.append(_("计：记录数"))
        else:
            parts.append(_("计：%(field)s之和") % {"field": meta.get_field(self.field).verbose_name})
        return "；".join(str(p) for p in parts)


_REGISTRY: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    """Add figures to the registry (from an app's metrics.py). A code is registered once."""
    for figure in figures:
        if figure.code in _REGISTRY and _REGISTRY[figure.code] is not figure:
            raise ImproperlyConfigured(f"figure {figure.code} is registered twice")
        if figure.kind == RATE:
            missing = [c for c in (figure.numerator, figure.denominator) if c not in _REGISTRY]
            if missing:
                raise ImproperlyConfigured(f"rate {figure.code}: register {', '.join(missing)} first")
        elif figure.kind == TOTAL:
            missing = [c for c in figure.parts if c not in _REGISTRY]
            if not figure.parts or missing:
                raise ImproperlyConfigured(
                    f"total {figure.code}: register its parts first ({', '.join(missing)})"
                )
            if any(_REGISTRY[c].kind not in (COUNT, SUM) for c in figure.parts):
                raise ImproperlyConfigured(f"total {figure.code}: its parts are COUNT or SUM figures")
        elif figure.kind in (COUNT, SUM):
            if figure.model is None or not figure.date_field:
                raise ImproperlyConfigured(f"figure {figure.code} needs a model and a date field")
            try:
                figure.model._meta.get_field(figure.date_field)
                if figure.until_field:
                    figure.model._meta.get_field(figure.until_field)
                if figure.kind == SUM:
                    figure.model._meta.get_field(figure.field)
                if figure.distinct:
                    if figure.kind != COUNT:
                        raise ImproperlyConfigured(
                            f"figure {figure.code}: only a COUNT counts distinct values"
                        )
                    figure.model._meta.get_field(figure.distinct.split("__")[0])
            except FieldDoesNotExist as error:
                raise ImproperlyConfigured(f"figure {figure.code}: {error}") from error
        else:
            raise ImproperlyConfigured(f"figure {figure.code}: unknown kind {figure.kind!r}")
        _REGISTRY[figure.code] = figure


def get(code: str) -> Figure:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"no figure {code!r} is registered") from None


def registered(app_label: str | None = None) -> list[Figure]:
    """The registered figures (of one app), in the order they were registered."""
    return [f for f in _REGISTRY.values() if app_label is None or f.app_label == app_label]


# --- values -----------------------------------------------------------------------------------


@dataclass
class Value:
    figure: Figure
    period: Period
    group: object
    value: int | Decimal | None
    numerator: Value | None = None
    denominator: Value | None = None
    parts: list[Value] | None = None  # a TOTAL's values of its parts (each opens its records)

    @property
    def code(self) -> str:
        return self.figure.code

    @property
    def url(self) -> str:
        """The list of the records behind this value: the figure's filter and the period (a
        month group: that month). A rate opens its numerator's records."""
        figure = self.numerator.figure if self.numerator is not None else self.figure
        if figure.link is None:  # a TOTAL (its parts have the links) or a figure without a list
            return ""
        period = self.group if isinstance(self.group, Period) else self.period
        return figure.link.url(period)

    @property
    def display(self) -> str:
        """The value as shown: thousands separated; a rate as a percentage (— when the
        denominator is 0)."""
        if self.value is None:
            return "—"
        if self.figure.kind == RATE:
            pct = (self.value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return f"{pct}%"
        if isinstance(self.value, Decimal):
            if self.value == self.value.to_integral_value():
                return f"{int(self.value):,}"
            return f"{self.value:,.2f}"
        return f"{self.value:,}"

    def __str__(self) -> str:
        return self.display


class Values:
    """The result of `evaluate`: values by (code, period, group)."""

    def __init__(self, periods: list[Period], group_by: str | None):
        self.periods = periods
        self.group_by = group_by
        self._values: dict[tuple, Value] = {}
        self._groups: list = []
        self._regions: dict[str, Region] | None = None

    def _put(self, value: Value) -> None:
        self._values[(value.code, value.period, value.group)] = value

    def get(self, code: str, period: Period | None = None, group=None) -> Value:
        """One value; `period` may be left out when there is one period. A group without any
        record has the figure's zero."""
        if period is None:
            if len(self.periods) != 1:
                raise ValueError("several periods were evaluated: name one")
            period = self.periods[0]
        found = self._values.get((code, period, group))
        if found is None:
            figure = get(code)
            if figure.kind == RATE:
                found = _rate(
                    figure,
                    self.get(figure.numerator, period, group),
                    self.get(figure.denominator, period, group),
                )
            elif figure.kind == TOTAL:
                parts = [self.get(c, period, group) for c in figure.parts]
                total = sum((p.value for p in parts), figure.zero())
                found = Value(figure, period, group, total, parts=parts)
            else:
                found = Value(figure, period, group, figure.zero())
        return found

    def __getitem__(self, code: str) -> Value:
        return self.get(code)

    @property
    def groups(self) -> list:
        """The groups found (regions' paths, months, or field values), sorted."""
        return sorted(self._groups, key=lambda g: (g is None, g))

    def by_group(self, code: str, period: Period | None = None) -> dict:
        return {group: self.get(code, period, group) for group in self.groups}

    def regions(self) -> dict[str, Region]:
        """{path: Region} of the region groups (one query, on first use)."""
        if self._regions is None:
            paths = [g for g in self._groups if isinstance(g, str)]
            self._regions = {r.path: r for r in Region.objects.filter(path__in=paths)}
        return self._regions


def _rate(figure: Figure, numerator: Value, denominator: Value) -> Value:
    ratio = None
    if denominator.value:
        ratio = Decimal(numerator.value) / Decimal(denominator.value)
    return Value(figure, numerator.period, numerator.group, ratio, numerator, denominator)


# --- the evaluator ----------------------------------------------------------------------------


def scoped(model, scope, within: Region | None = None):
    """The records of `model` in `scope`: a user's (visible_to), a region subtree's, or a queryset
    of `model` the caller has already scoped; narrowed to the subtree of `within` when given."""
    manager = model._default_manager
    if isinstance(scope, models.QuerySet):
        if scope.model is not model:
            raise ValueError(f"a queryset of {scope.model.__name__} cannot scope figures of {model.__name__}")
        qs = scope
    elif isinstance(scope, Region):
        qs = manager.filter(under_q(scope.path))
    else:
        qs = manager.visible_to(scope)
    if within is not None:
        qs = qs.filter(under_q(within.path))
    return qs


def records(code: str, scope, period: Period, within: Region | None = None):
    """The queryset of the records a value counts or adds up (provenance)."""
    figure = get(code)
    if figure.kind == RATE:
        figure = get(figure.numerator)
    if figure.kind == TOTAL:
        raise ValueError(f"{code} adds up several figures' records: use record_sets()")
    qs = scoped(figure.model, scope, within).filter(figure.period_q(period))
    return qs.filter(figure.where) if figure.where is not None else qs


def record_sets(
    code: str, scope, period: Period, within: Region | None = None
) -> list[tuple[Figure, object]]:
    """(figure, queryset) of each set of records a value counts: one for a COUNT or SUM (and a
    rate's numerator), one per part for a TOTAL — the provenance of any figure."""
    figure = get(code)
    if figure.kind == RATE:
        figure = get(figure.numerator)
    codes = figure.parts if figure.kind == TOTAL else (figure.code,)
    return [(get(c), records(c, scope, period, within)) for c in codes]


def record_keys(code: str, scope, period: Period, within: Region | None = None) -> list:
    """The ids of the records a value counts, sorted, to freeze into a report: primary keys for
    a figure of one model; "app_label.model:pk" for a TOTAL of several (ids of two tables can
    be equal)."""
    sets = record_sets(code, scope, period, within)
    if get(code).kind != TOTAL and (get(code).kind != RATE or get(get(code).numerator).kind != TOTAL):
        return list(sets[0][1].order_by("pk").values_list("pk", flat=True))
    keys = []
    for figure, qs in sets:
        label = figure.model._meta.label_lower
        keys += [f"{label}:{pk}" for pk in qs.order_by("pk").values_list("pk", flat=True)]
    return sorted(keys)


def _base_figures(codes: Iterable[str]) -> list[Figure]:
    """The COUNT and SUM figures needed for `codes` (a rate needs its two parts, a total its
    parts, a rate of totals theirs), once each."""
    found: dict[str, Figure] = {}

    def add(figure: Figure) -> None:
        if figure.kind == RATE:
            add(get(figure.numerator))
            add(get(figure.denominator))
        elif figure.kind == TOTAL:
            for part in figure.parts:
                add(get(part))
        else:
            found.setdefault(figure.code, figure)

    for code in codes:
        add(get(code))
    return list(found.values())


def evaluate(
    codes: Iterable[str],
    scope,
    periods: Iterable[Period],
    group_by: str | None = None,
    *,
    where: Q | None = None,
    within: Region | None = None,
) -> Values:
    """The figures `codes` for `scope` (a user, or a Region for a roll-up) in each of `periods`,
    grouped by TOWN, VILLAGE, MONTH or a field of the model (e.g. "campaign") when asked: one
    aggregate query per model. `where` narrows every model's records (e.g. one campaign's)."""
    codes = list(codes)
    periods = list(periods)
    result = Values(periods, group_by)
    by_model: dict[type, list[Figure]] = {}
    for figure in _base_figures(codes):
        by_model.setdefault(figure.model, []).append(figure)
    groups: set = set()

    for model, figures in by_model.items():
        qs = scoped(model, scope, within)
        if where is not None:
            qs = qs.filter(where)
        aggregates, slots = {}, []
        for figure in figures:
            for period in periods:
                windows = period.months() if group_by == MONTH else [None]
                for window in windows:
                    alias = f"v{len(aggregates)}"
                    aggregates[alias] = figure.aggregate(window or period)
                    slots.append((alias, figure, period, window))
        if group_by in (None, MONTH):
            row = qs.aggregate(**aggregates)
            for alias, figure, period, window in slots:
                result._put(Value(figure, period, window, row[alias]))
                groups.add(window)
            continue
        if group_by in REGION_PREFIX:
            key = Substr("region__path", 1, REGION_PREFIX[group_by])
            rows = qs.annotate(_group=key).order_by().values("_group").annotate(**aggregates)
        else:  # a field of the model
            rows = qs.order_by().values(_group=models.F(group_by)).annotate(**aggregates)
        for row in rows:
            groups.add(row["_group"])
            for alias, figure, period, _window in slots:
                result._put(Value(figure, period, row["_group"], row[alias]))
    result._groups = [None] if group_by is None else [g for g in groups if g is not None]
    return result


# --- words for a condition ----------------------------------------------------------------------

_LOOKUPS = {
    "exact": gettext_lazy("为"),
    "in": gettext_lazy("为"),
    "gt": gettext_lazy("大于"),
    "gte": gettext_lazy("不小于"),
    "lt": gettext_lazy("小于"),
    "lte": gettext_lazy("不大于"),
    "isnull": "",
}


def describe_q(model, q: Q) -> str:
    """A Q in words, by the fields' verbose names and the choices' labels (状态为 已结案、已归档)."""
    joiner = "，且" if q.connector == Q.AND else "，或"
    parts = []
    for child in q.children:
        if isinstance(child, Q):
            parts.append(f"（{describe_q(model, child)}）")
            continue
        if not isinstance(child, tuple):
            # an expression (e.g. an Exists over the record's deadlines): its own `description`
            parts.append(str(getattr(child, "description", "") or _("另有条件（见定义）")))
            continue
        lookup, value = child
        parts.append(_describe_lookup(model, lookup, value))
    text = joiner.join(parts)
    return _("非（%(text)s）") % {"text": text} if q.negated else text


def _describe_lookup(model, lookup: str, value) -> str:
    names = lookup.split("__")
    operator = names.pop() if names[-1] in _LOOKUPS else "exact"
    labels, target, current = [], None, model
    for name in names:
        target = current._meta.get_field(name)
        labels.append(str(getattr(target, "verbose_name", name)))
        if target.is_relation and target.related_model is not None:
            current = target.related_model
    label = "的".join(labels)
    if operator == "isnull":
        return _("%(field)s为空") % {"field": label} if value else _("%(field)s已填写") % {"field": label}
    choices = dict(getattr(target, "choices", None) or [])

    def shown(v):
        if isinstance(v, bool):
            return _("是") if v else _("否")
        return str(choices.get(v, v))

    values = value if isinstance(value, list | tuple | set) else [value]
    return f"{label}{_LOOKUPS[operator]} {'、'.join(shown(v) for v in values)}"
