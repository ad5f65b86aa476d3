"""A report's text: its placeholders resolved from the figure registry (live) or from the
figures frozen into it on approval, sentence by sentence.

`compose(report, user=None)` returns a `Composed` document (title, blocks of segments, the
figures used, the placeholders waiting for data) that the page, the Markdown, the JSON and the
.docx are all written from. The placeholder grammar is `fazhi.reports.outline`'s. Values come
from `fazhi.core.figures.evaluate` over the report's region (one aggregate query per model for
all the years the report names); nothing here counts rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import figures, rules
from fazhi.core.figures import RATE, Period
from fazhi.reports import approx, tables
from fazhi.reports.models import FrozenFigure, Report

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?|[。；！？]")
CODE = re.compile(r"^[a-z_]+(?:\.[a-z0-9_]+)+$")
YEAR_WORD = re.compile(r"^year(?:([+-])(\d+))?$")
PENDING = "（待数据）"
CN_ORDINALS = "一二三四五六七八九十"

TOLERANCE = rules.declare(
    "reports.about_tolerance",
    gettext_lazy("年度报告“约N”的允许误差"),
    rules.NUMBER,
    0.05,
    gettext_lazy("本系统默认（±5%）：法律未作规定，县可另定"),
    unit="",
    help=gettext_lazy("“约N”只在 |实际值 − N| ≤ 误差 × 实际值 时使用；否则多保留一位有效数字或写出准确值。"),
)


@dataclass(frozen=True)
class Ref:
    """One figure placeholder: its code (two codes: a rate recomputed from them), the year
    (absolute, or relative to the report's), and the number format."""

    codes: tuple[str, ...]
    fmt: str = ""
    offset: int = 0
    absolute: int | None = None

    def year(self, report_year: int) -> int:
        return self.absolute if self.absolute is not None else report_year + self.offset


def parse(inner: str) -> Ref | str:
    """The inside of a placeholder: a Ref, or a word (year, year-5, town, county, authority)."""
    inner = inner.strip()
    left, _bar, fmt = inner.partition("|")
    left, _at, when = left.partition("@")
    codes = tuple(c.strip() for c in left.split("/"))
    if not all(CODE.match(c) for c in codes) or len(codes) > 2:
        return inner
    offset, absolute = 0, None
    if when:
        number = int(when)
        if when.startswith(("-", "+")) or abs(number) < 100:
            offset = number
        else:
            absolute = number
    return Ref(codes, fmt.strip(), offset, absolute)


def refs_in(text: str) -> list[Ref]:
    return [r for r in (parse(m.group(1)) for m in PLACEHOLDER.finditer(text or "")) if isinstance(r, Ref)]


def known(code: str) -> bool:
    try:
        figures.get(code)
    except KeyError:
        return False
    return True


# --- values ----------------------------------------------------------------------------------


@dataclass
class Shown:
    """A figure's value as a report uses it (live or frozen)."""

    code: str
    year: int
    label: str
    unit: str
    kind: str
    definition: str
    value: Decimal | int | None
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    url: str = ""
    record_ids: list | None = None


def table_codes(report: Report) -> list[str]:
    """The figures the report's template tables name (the disclosure report's 二、三、四)."""
    found = []
    for section in report.sections.all():
        table = tables.get(section.key)
        if table is not None:
            found += table.codes
    return found


def _texts(report: Report) -> list[str]:
    texts = [s.body for s in report.sections.all()]
    for p in report.problems.all():
        texts += [p.problem, p.cause, p.measure]
    return texts


def needed(report: Report) -> tuple[set[tuple[str, int]], set[str]]:
    """The (code, year) pairs the report's text names, and the codes not in the registry."""
    pairs, unknown = set(), set()
    for text in _texts(report):
        for ref in refs_in(text):
            for code in ref.codes:
                if known(code):
                    pairs.add((code, ref.year(report.year)))
                else:
                    unknown.add(code)
    for code in table_codes(report):
        if known(code):
            pairs.add((code, report.year))
        else:
            unknown.add(code)
    return pairs, unknown


def live_values(report: Report, pairs) -> dict[tuple[str, int], Shown]:
    """The live values of `pairs` over the report's region: one evaluate for every year."""
    if not pairs:
        return {}
    codes = sorted({c for c, _y in pairs})
    periods = {y: Period.year(y) for y in sorted({y for _c, y in pairs})}
    values = figures.evaluate(codes, report.region, periods.values())
    found = {}
    for code, year in pairs:
        value = values.get(code, periods[year])
        figure = value.figure
        found[(code, year)] = Shown(
            code,
            year,
            str(figure.label),
            str(figure.unit),
            figure.kind,
            str(figure.definition),
            value.value,
            value.numerator.value if value.numerator is not None else None,
            value.denominator.value if value.denominator is not None else None,
            url=_safe_url(value),
        )
    return found


def _safe_url(value) -> str:
    try:
        return value.url
    except NoReverseMatch:  # a list URL not installed (an app left out): the number only
        return ""


def frozen_values(report: Report) -> dict[tuple[str, int], Shown]:
    found = {}
    for f in report.figures.all():
        found[(f.code, f.year)] = Shown(
            f.code,
            f.year,
            f.label,
            f.unit,
            f.kind,
            f.definition,
            _plain(f.value),
            _plain(f.numerator),
            _plain(f.denominator),
            url=_frozen_url(f),
            record_ids=f.record_ids,
        )
    return found


def _plain(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


def _frozen_url(f: FrozenFigure) -> str:
    if not known(f.code):
        return ""
    figure = figures.get(f.code)
    target = figures.get(figure.numerator) if figure.kind == RATE else figure
    if target.link is None:
        return ""
    try:
        return target.link.url(Period.year(f.year))
    except NoReverseMatch:
        return ""


def values_of(report: Report) -> tuple[dict[tuple[str, int], Shown], set[str]]:
    """The values the report shows (frozen once approved, else live), and the unknown codes."""
    pairs, unknown = needed(report)
    if report.frozen_figures:
        return frozen_values(report), unknown
    return live_values(report, pairs), unknown


# --- composing ---------------------------------------------------------------------------------


@dataclass
class Segment:
    text: str
    url: str = ""
    code: str = ""
    pending: bool = False
    year: int | None = None


@dataclass
class TableCell:
    segment: Segment
    row: int
    column: int
    colspan: int = 1
    rowspan: int = 1
    head: bool = False


@dataclass
class Table:
    key: str
    widths_mm: tuple[float, ...]
    size_pt: float
    cells: list[TableCell]

    @property
    def rows(self) -> list[list[TableCell]]:
        found: list[list[TableCell]] = [[] for _ in range(1 + max((c.row for c in self.cells), default=0))]
        for cell in self.cells:
            found[cell.row].append(cell)
        return found

    def grid(self) -> list[list[str]]:
        """Every position's text (a spanned cell's text in its first position only)."""
        nrows = 1 + max(c.row + c.rowspan - 1 for c in self.cells)
        grid = [[""] * len(self.widths_mm) for _ in range(nrows)]
        for cell in self.cells:
            grid[cell.row][cell.column] = cell.segment.text
        return grid


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "table"
    segments: list[Segment] = field(default_factory=list)
    table: Table | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    def all_segments(self) -> list[Segment]:
        if self.table is None:
            return self.segments
        return [c.segment for c in self.table.cells]


@dataclass
class Composed:
    title: str
    authority: str
    signed_on: object
    blocks: list[Block]
    used: list[Shown]
    pending: list[str]  # codes not in the registry
    chain_head: dict
    frozen: bool


def _words(report: Report) -> dict[str, str]:
    region = report.region
    county = region.parent.name if region.parent_id else region.name
    return {"town": region.name, "county": county, "authority": report.authority}


def _word(word: str, report: Report) -> str | None:
    found = YEAR_WORD.match(word)
    if found:
        sign, number = found.groups()
        year = report.year + (int(number) if sign == "+" else -int(number) if sign == "-" else 0)
        return str(year)
    return _words(report).get(word)


def _format(ref: Ref, values, report: Report, tolerance) -> tuple[str, str, str, int] | None:
    """(text, url, code, year) of a placeholder, or None when a figure is missing."""
    year = ref.year(report.year)
    shown = [values.get((code, year)) for code in ref.codes]
    if any(s is None for s in shown):
        return None
    if len(shown) == 2:
        num, den = shown[0].value, shown[1].value
        value = Decimal(num) / Decimal(den) if den else None
        fmt = ref.fmt or "pct"
        return approx.render(value, fmt, tolerance), shown[0].url, shown[0].code, year
    one = shown[0]
    if ref.fmt == "months":
        months = record_months(report, one)
        if not months:
            return None  # no record to date the sentence by
        return "、".join(f"{m}月" for m in months), one.url, one.code, year
    fmt = ref.fmt or ("pct" if one.kind == RATE else "")
    return approx.render(one.value, fmt, tolerance), one.url, one.code, year


def record_months(report: Report, shown: Shown) -> list[int]:
    """The months in which the records behind a value fall (8月 for the August oath): from the
    frozen record ids once approved, else from the live records. One query."""
    if not known(shown.code):
        return []
    figure = figures.get(shown.code)
    base = figures.get(figure.numerator) if figure.kind == RATE else figure
    if shown.record_ids is not None:
        qs = base.model._default_manager.filter(pk__in=shown.record_ids)
    else:
        qs = figures.records(shown.code, report.region, Period.year(shown.year))
    return sorted({d.month for d in qs.dates(base.date_field, "month")})


def render_text(text: str, report: Report, values, tolerance, *, draft: bool) -> list[Segment]:
    """`text` with its placeholders resolved: each sentence naming a missing figure is left out
    (a draft shows （待数据） in its place)."""
    segments: list[Segment] = []
    for sentence in SENTENCE.findall(text):
        parts: list[Segment] = []
        missing = False
        last = 0
        for match in PLACEHOLDER.finditer(sentence):
            parts.append(Segment(sentence[last : match.start()]))
            last = match.end()
            parsed = parse(match.group(1))
            if isinstance(parsed, str):
                word = _word(parsed, report)
                parts.append(Segment(word if word is not None else match.group(0)))
                continue
            formatted = _format(parsed, values, report, tolerance)
            if formatted is None:
                missing = True
                break
            shown, url, code, year = formatted
            parts.append(Segment(shown, url, code, year=year))
        if missing:
            if draft:
                segments.append(Segment(PENDING, pending=True))
            continue
        parts.append(Segment(sentence[last:]))
        segments.extend(p for p in parts if p.text or p.pending)
    return segments


def _problem_blocks(report, values, tolerance, draft) -> list[Block]:
    problems = list(report.problems.all())
    if not problems:
        return []
    found = Block("p")
    for i, p in enumerate(problems):
        ordinal = CN_ORDINALS[i] if i < len(CN_ORDINALS) else str(i + 1)
        found.segments.append(Segment(_("%(n)s是") % {"n": ordinal}))
        found.segments += render_text(p.problem, report, values, tolerance, draft=draft)
        if p.cause:
            found.segments.append(Segment(_("究其原因，")))
            found.segments += render_text(p.cause, report, values, tolerance, draft=draft)
    blocks = [found]
    measures = [p for p in problems if p.measure]
    if measures:
        block = Block("p", [Segment(_("针对上述问题，我镇将："))])
        for i, p in enumerate(measures):
            ordinal = CN_ORDINALS[i] if i < len(CN_ORDINALS) else str(i + 1)
            block.segments.append(Segment(_("%(n)s是") % {"n": ordinal}))
            block.segments += render_text(p.measure, report, values, tolerance, draft=draft)
        blocks.append(block)
    return blocks


def _cell_text(value) -> str:
    if value is None:
        return "—"
    value = _plain(value)
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def table_block(template: tables.TableTemplate, report: Report, values) -> Block:
    """A template table with its figures' values for the report's year ("—" where the figure
    is not registered or has no value)."""
    cells = []
    for row, column, cell in tables.layout(template.rows):
        if cell.code:
            shown = values.get((cell.code, report.year))
            segment = Segment(
                _cell_text(shown.value if shown else None),
                url=shown.url if shown else "",
                code=cell.code if shown else "",
                year=report.year,
            )
        else:
            segment = Segment(cell.text)
        cells.append(TableCell(segment, row, column, cell.colspan, cell.rowspan, cell.head))
    return Block("table", table=Table(template.key, template.widths_mm, template.size_pt, cells))


def compose(report: Report, *, draft: bool | None = None) -> Composed:
    """The report as a document. `draft` (default: not yet approved) shows （待数据） markers."""
    draft = not report.frozen_figures if draft is None else draft
    values, unknown = values_of(report)
    tolerance = rules.value(TOLERANCE, report.region, on=None)
    blocks: list[Block] = []
    for section in report.sections.all():
        if section.heading:
            blocks.append(Block("h1" if section.level <= 1 else "h2", [Segment(section.heading)]))
        for paragraph in (section.body or "").split("\n"):
            if paragraph.strip():
                segments = render_text(paragraph.strip(), report, values, tolerance, draft=draft)
                if segments:
                    blocks.append(Block("p", segments))
        if section.lists_problems:
            blocks += _problem_blocks(report, values, tolerance, draft)
        template = tables.get(section.key)
        if template is not None:
            blocks.append(table_block(template, report, values))
    used = sorted(values.values(), key=lambda s: (s.code, s.year))
    return Composed(
        report.title,
        report.authority,
        report.signed_on,
        blocks,
        used,
        sorted(unknown),
        report.chain_head or {},
        report.frozen_figures,
    )


# --- freezing and comparing ---------------------------------------------------------------------


def freeze(report: Report) -> int:
    """Write the figures the report names, as they stand, with the ids of their records
    (inside the approval's transaction)."""
    pairs, _unknown = needed(report)
    live = live_values(report, pairs)
    report.figures.all().delete()
    rows = []
    for (code, year), shown in sorted(live.items()):
        ids = figures.record_keys(code, report.region, Period.year(year))
        rows.append(
            FrozenFigure(
                report=report,
                region=report.region,
                town_code=report.town_code,
                is_sample=report.is_sample,
                code=code,
                year=year,
                label=shown.label,
                unit=shown.unit,
                kind=shown.kind,
                definition=shown.definition,
                value=shown.value,
                numerator=shown.numerator,
                denominator=shown.denominator,
                record_ids=ids,
            )
        )
    for row in rows:
        row.save()
    return len(rows)


@dataclass
class Difference:
    frozen: Shown
    live: Shown | None
    added: list
    removed: list


def differences(report: Report) -> list[Difference]:
    """Where the live figures now differ from those frozen into the approved report: the value,
    and the records added to or gone from behind it."""
    frozen = frozen_values(report)
    pairs = {key for key in frozen if known(key[0])}
    live = live_values(report, pairs)
    found = []
    for key, was in sorted(frozen.items()):
        now = live.get(key)
        now_ids = (
            set(figures.record_keys(key[0], report.region, Period.year(key[1]))) if now is not None else set()
        )
        was_ids = set(was.record_ids or [])
        value_differs = now is None or _plain(now.value) != _plain(was.value)
        if value_differs or now_ids != was_ids:
            found.append(Difference(was, now, sorted(now_ids - was_ids), sorted(was_ids - now_ids)))
    return found


def strip_pending(text: str) -> str:
    """`text` without the sentences that name a figure not in the registry (a staff action
    before approval, where an app is not installed)."""
    lines = []
    for line in (text or "").split("\n"):
        kept = [
            s for s in SENTENCE.findall(line) if not any(not known(c) for r in refs_in(s) for c in r.codes)
        ]
        if "".join(kept).strip():
            lines.append("".join(kept))
    return "\n".join(lines)


def drop_pending(report: Report) -> int:
    """Remove the sentences waiting for data from every section and problem; returns how many
    texts changed."""
    changed = 0
    for section in report.sections.all():
        body = strip_pending(section.body)
        if body != section.body:
            section.body = body
            section.save(update_fields=["body"])
            changed += 1
    return changed
