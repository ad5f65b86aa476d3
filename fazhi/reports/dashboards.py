"""The dashboards: a town's year against last year by area, months, overdue items and villages
side by side; a county's towns side by side for every registered figure. Every value comes
from `fazhi.core.figures.evaluate` for the viewer (visible_to) within the region: one aggregate
query per model however many towns; rates are recomputed from their numerators and
denominators (for the county: the sums over the towns), never averaged."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from fazhi.core import figures
from fazhi.core.figures import COUNT, MONTH, RATE, SUM, TOWN, VILLAGE, Period
from fazhi.core.models import Deadline, Region, RegionKind
from fazhi.core.scoping import under_q
from fazhi.reports import charts
from fazhi.reports.models import Report


@dataclass
class Cell:
    value: figures.Value
    link: str = ""  # the records behind it (empty: the viewer may not open them)

    @property
    def display(self) -> str:
        return self.value.display


@dataclass
class Area:
    label: str
    rows: list = field(default_factory=list)  # (figure, this year Cell, last year Cell)
    chart: str = ""
    chart_figure: figures.Figure | None = None
    months: list = field(default_factory=list)  # (month label, this year, last year)


def readable(user) -> list[figures.Figure]:
    return [f for f in figures.registered() if f.readable_by(user)]


def headline(figure: figures.Figure) -> bool:
    """Shown on the dashboards: an app's own figures (`app.name`) and, of a statistics
    template's cells (`app.t3.r1.c3`), only the totals; the whole table stays in the API and on
    the 口径说明 page."""
    return figure.code.count(".") == 1 or "总计" in str(figure.label)


def shown_on_dashboards(user) -> list[figures.Figure]:
    return [f for f in readable(user) if headline(f)]


def records_url(code: str, year: int, region: Region | None = None) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    params = {"code": code, "year": year}
    if region is not None:
        params["region"] = region.code
    return f"{reverse('reports:records')}?{urlencode(params)}"


def overdue(user, region: Region, by_town: bool = False):
    """Open deadlines past their due day the viewer may read, by app (and by town)."""
    today = timezone.localdate()
    qs = (
        Deadline.objects.visible_to(user)
        .filter(under_q(region.path), status=Deadline.Status.OPEN, due_on__lt=today)
        .order_by()
    )
    if by_town:
        return {row["town_code"]: row["n"] for row in qs.values("town_code").annotate(n=Count("pk"))}
    rows = qs.values("content_type__app_label").annotate(n=Count("pk"))
    return [
        (apps.get_app_config(r["content_type__app_label"]).verbose_name, r["n"])
        for r in rows
        if r["content_type__app_label"] in {c.label for c in apps.get_app_configs()}
    ]


def town(user, region: Region, year: int) -> dict:
    shown = shown_on_dashboards(user)
    this, last = Period.year(year), Period.year(year - 1)
    codes = [f.code for f in shown]
    values = figures.evaluate(codes, user, [this, last], within=region) if codes else None
    areas: dict[str, Area] = {}
    for f in shown:
        area = areas.setdefault(f.app_label, Area(str(apps.get_app_config(f.app_label).verbose_name)))
        link = records_url(f.code, year, region)
        area.rows.append((f, Cell(values.get(f.code, this), link), Cell(values.get(f.code, last))))
        if area.chart_figure is None and f.kind in (COUNT, SUM):
            area.chart_figure = f
    chart_codes = [a.chart_figure.code for a in areas.values() if a.chart_figure]
    if chart_codes:
        monthly = figures.evaluate(chart_codes, user, [this, last], group_by=MONTH, within=region)
        for area in areas.values():
            f = area.chart_figure
            if f is None:
                continue
            now = [monthly.get(f.code, this, m).value for m in this.months()]
            before = [monthly.get(f.code, last, m).value for m in last.months()]
            labels = [f"{m}月" for m in range(1, 13)]
            area.months = list(zip(labels, now, before, strict=True))
            area.chart = charts.bars(
                list(zip(labels, now, strict=True)), title=str(f.caption), compare=before
            )
    villages = []
    # one column per area (its chart's figure), then more of each area's, up to eight
    counts = [a.chart_figure for a in areas.values() if a.chart_figure]
    counts += [f for f in shown if f.kind in (COUNT, SUM) and f not in counts]
    counts = counts[:8]
    if counts:
        by_village = figures.evaluate([f.code for f in counts], user, [this], group_by=VILLAGE, within=region)
        places = Region.objects.filter(parent=region, kind=RegionKind.VILLAGE).order_by("code")
        for place in places:
            cells = [
                Cell(by_village.get(f.code, this, place.path), records_url(f.code, year, place))
                for f in counts
            ]
            villages.append((place, cells))
    return {
        "areas": list(areas.values()),
        "villages": villages,
        "village_figures": counts,
        "overdue": overdue(user, region),
    }


def county(user, region: Region, year: int) -> dict:
    """Every town side by side for every figure the viewer may read; the county's own column
    from the same query's sums (a rate recomputed from them)."""
    shown = shown_on_dashboards(user)
    period = Period.year(year)
    codes = [f.code for f in shown]
    towns = list(Region.objects.filter(parent=region, kind=RegionKind.TOWN).order_by("code"))
    grouped = figures.evaluate(codes, user, [period], group_by=TOWN, within=region) if codes else None
    total = figures.evaluate(codes, user, [period], within=region) if codes else None
    rows = []
    for f in shown:
        cells = [Cell(grouped.get(f.code, period, t.path), records_url(f.code, year, t)) for t in towns]
        rows.append((f, cells, Cell(total.get(f.code, period), records_url(f.code, year, region))))
    base = [f for f in shown if f.kind != RATE]
    completeness = []
    for i, t in enumerate(towns):
        present = sum(1 for f, cells, _t in rows if f.kind != RATE and cells[i].value.value)
        completeness.append((t, present, len(base)))
    reports = {
        r.region_id: r
        for r in Report.objects.visible_to(user).filter(
            region__in=towns, year=year, kind=Report.Kind.RULE_OF_LAW
        )
    }
    late = overdue(user, region, by_town=True)
    town_rows = [(t, reports.get(t.pk), late.get(t.code, 0), present, n) for (t, present, n) in completeness]
    return {"towns": towns, "rows": rows, "town_rows": town_rows}
