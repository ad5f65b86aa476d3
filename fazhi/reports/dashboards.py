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
from django.utils.translation import gettext as _

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


@dataclass
class Ranked:
    """One figure's ranking of the towns: (rank, town, Cell) best first, ties sharing a rank
    (1, 2, 2, 4); the towns left out because the figure is not defined for them (a rate whose
    denominator is 0: no base to rank on)."""

    figure: figures.Figure
    ranked: list
    left_out: list


def rank(figure: figures.Figure, towns, cells) -> Ranked:
    """Rank `towns` by their `cells` of `figure`, highest first (a rate or a count alike): only
    the towns for which the figure is defined are ranked (DOMAIN.md 7(c): rankings with
    caution)."""
    defined = [(t, c) for t, c in zip(towns, cells, strict=True) if c.value.value is not None]
    left_out = [t for t, c in zip(towns, cells, strict=True) if c.value.value is None]
    defined.sort(key=lambda tc: (-tc[1].value.value, tc[0].code))
    ranked, previous, position = [], None, 0
    for i, (t, c) in enumerate(defined, start=1):
        if c.value.value != previous:
            position, previous = i, c.value.value
        ranked.append((position, t, c))
    return Ranked(figure, ranked, left_out)


def rankable(rows) -> list[figures.Figure]:
    """The figures a ranking may be asked for: the rates (按期办结率, 结案率 …)."""
    return [f for f, _cells, _total in rows if f.kind == RATE]


def publication(report: Report | None, kind: str, year: int, today) -> tuple[str, str]:
    """(standing, tone) of a town's report of `kind` for `year` against its publication day:
    公布 on time, late, not yet due, or overdue."""
    from fazhi.reports import workflow

    region = report.region if report is not None else None
    due = workflow.publish_due(year, kind, region)
    if report is not None and report.published_on:
        if report.published_on <= due:
            return _("按期公布"), "ok"
        return _("逾期公布（%(day)s）") % {"day": report.published_on.isoformat()}, "warn"
    if today <= due:
        return _("未公布（%(due)s前）") % {"due": due.isoformat()}, "info"
    return _("逾期未公布（应于%(due)s前）") % {"due": due.isoformat()}, "danger"


def county(user, region: Region, year: int, ranking: list[str] | None = None) -> dict:
    """Every town side by side for every figure the viewer may read; the county's own column
    from the same query's sums (a rate recomputed from them); the towns ranked on the chosen
    rates (`ranking`: codes; default the first three); each town's two annual reports against
    their publication days (1 April; the disclosure report by the county's rule)."""
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
    found = Report.objects.visible_to(user).filter(region__in=towns, year=year).select_related("region")
    reports = {(r.region_id, r.kind): r for r in found}
    late = overdue(user, region, by_town=True)
    today = timezone.localdate()
    town_rows, unpublished = [], []
    for t, present, n in completeness:
        law = reports.get((t.pk, Report.Kind.RULE_OF_LAW))
        disclosure = reports.get((t.pk, Report.Kind.DISCLOSURE))
        standing = publication(law, Report.Kind.RULE_OF_LAW, year, today)
        disclosure_standing = publication(disclosure, Report.Kind.DISCLOSURE, year, today)
        town_rows.append((t, law, late.get(t.code, 0), present, n, standing, disclosure, disclosure_standing))
        for report, (text, tone), kind in (
            (law, standing, Report.Kind.RULE_OF_LAW),
            (disclosure, disclosure_standing, Report.Kind.DISCLOSURE),
        ):
            if tone in ("warn", "danger"):
                unpublished.append((t, Report.Kind(kind).label, report, text, tone))
    choices = rankable(rows)
    chosen = [f for f in choices if f.code in (ranking or [])] if ranking else choices[:3]
    by_code = {f.code: cells for f, cells, _total in rows}
    rankings = [rank(f, towns, by_code[f.code]) for f in chosen]
    return {
        "towns": towns,
        "rows": rows,
        "town_rows": town_rows,
        "unpublished": unpublished,
        "rankings": rankings,
        "rank_choices": choices,
        "rank_chosen": {f.code for f in chosen},
    }
