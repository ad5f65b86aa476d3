"""Entering a year's statutory holidays and adjusted working days (国务院办公厅 annual notice).

A file (.csv or .xlsx) has the columns 日期, 类型 (休 = holiday, 班 = adjusted working day),
名称 and optionally 依据 (the notice). Every row is checked first; if any row is bad, every bad
row is reported with its row number, column and reason, and nothing is written. Otherwise the
rows of each year in the file replace that year's entries, in one transaction, with one ledger
entry per year. Used by the calendar page and `fazhi holidays import`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import deadlines, ledger
from fazhi.core.models import CalendarDay, CalendarYear

COL_DATE, COL_KIND, COL_NAME, COL_SOURCE = "日期", "类型", "名称", "依据"
REQUIRED_COLUMNS = (COL_DATE, COL_KIND)
HOLIDAY, WORKDAY = "休", "班"
KIND_ALIASES = {
    "休": HOLIDAY,
    "假": HOLIDAY,
    "放假": HOLIDAY,
    "休息": HOLIDAY,
    "班": WORKDAY,
    "上班": WORKDAY,
    "调休上班": WORKDAY,
}
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
NAME_MAX = CalendarDay._meta.get_field("name").max_length
SOURCE_MAX = CalendarYear._meta.get_field("source").max_length
WEEKDAYS = "一二三四五六日"


class HolidayFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too large)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            if self.column:
                return _("“%(column)s”：%(message)s") % {"column": self.column, "message": self.message}
            return self.message
        if self.column:
            return _("第%(row)s行 “%(column)s”列：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class HolidayRow:
    row: int
    date: dt.date
    is_workday: bool
    name: str


@dataclass
class Parsed:
    years: dict[int, list[HolidayRow]] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings that do not stop the import
    moved: int = 0  # open deadlines whose due day changed once the file was written

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading ----------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HolidayFileError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 .xlsx 文件"))


def _read_rows(filename: str, content: bytes) -> list[tuple[int, list[object]]]:
    """The non-empty rows of the file as (row number as the user sees it, cells)."""
    suffix = Path(filename).suffix.lower()
    if len(content) > MAX_FILE_BYTES:
        raise HolidayFileError(_("文件过大（不超过 2 MB）"))
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(_decode(content)))
        rows = list(enumerate(reader, start=1))
    elif suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise HolidayFileError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from exc
        sheet = book.worksheets[0]
        rows = [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        book.close()
    else:
        raise HolidayFileError(_("文件类型应为 .csv 或 .xlsx"))
    return [(n, cells) for n, cells in rows if any(_text(c) for c in cells)]


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse(filename: str, content: bytes, source: str = "") -> Parsed:
    """Check every row of a holidays file; collect every error and the good rows by year."""
    parsed = Parsed()
    try:
        rows = _read_rows(filename, content)
    except HolidayFileError as exc:
        parsed.errors.append(RowError(0, "", str(exc)))
        return parsed
    if not rows:
        parsed.errors.append(RowError(1, "", _("文件为空")))
        return parsed
    header_row, header = rows[0]
    columns = {_text(c): i for i, c in enumerate(header) if _text(c)}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        for column in missing:
            parsed.errors.append(
                RowError(
                    header_row,
                    column,
                    _("缺少此列（表头应为：日期、类型、名称，可选：依据）"),
                )
            )
        return parsed
    if len(rows) - 1 > MAX_ROWS:
        parsed.errors.append(RowError(header_row, "", _("行数过多（不超过 %(n)s 行）") % {"n": MAX_ROWS}))
        return parsed

    def cell(cells, column):
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    source = source.strip()
    if len(source) > SOURCE_MAX:
        parsed.errors.append(RowError(0, COL_SOURCE, _("不超过%(n)s个字") % {"n": SOURCE_MAX}))
    seen: dict[dt.date, int] = {}
    source_rows: dict[int, tuple[str, int]] = {}
    for number, cells in rows[1:]:
        errors = []
        raw_date = cell(cells, COL_DATE)
        date = _parse_date(raw_date)
        if not _text(raw_date):
            errors.append(RowError(number, COL_DATE, _("不能为空")))
        elif date is None:
            errors.append(
                RowError(
                    number,
                    COL_DATE,
                    _("“%(value)s”不是有效日期，应写作 2027-01-01") % {"value": _text(raw_date)},
                )
            )
        elif not FIRST_YEAR <= date.year <= LAST_YEAR:
            errors.append(
                RowError(
                    number,
                    COL_DATE,
                    _("年份应在%(first)s年至%(last)s年之间") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
            )
        elif date in seen:
            errors.append(RowError(number, COL_DATE, _("与第%(row)s行日期重复") % {"row": seen[date]}))

        raw_kind = _text(cell(cells, COL_KIND))
        kind = KIND_ALIASES.get(raw_kind)
        if not raw_kind:
            errors.append(RowError(number, COL_KIND, _("不能为空，应为“休”（放假）或“班”（调休上班）")))
        elif kind is None:
            errors.append(
                RowError(
                    number,
                    COL_KIND,
                    _("“%(value)s”无法识别，应为“休”（放假）或“班”（调休上班）") % {"value": raw_kind},
                )
            )
        elif kind == WORKDAY and date is not None and date.weekday() < 5:
            errors.append(
                RowError(
                    number,
                    COL_KIND,
                    _("%(date)s是星期%(weekday)s，本就是工作日；“班”只用于调休上班的周六、周日")
                    % {"date": date.isoformat(), "weekday": WEEKDAYS[date.weekday()]},
                )
            )

        name = _text(cell(cells, COL_NAME))
        if len(name) > NAME_MAX:
            errors.append(RowError(number, COL_NAME, _("不超过%(n)s个字") % {"n": NAME_MAX}))

        row_source = _text(cell(cells, COL_SOURCE))
        if len(row_source) > SOURCE_MAX:
            errors.append(RowError(number, COL_SOURCE, _("不超过%(n)s个字") % {"n": SOURCE_MAX}))
        elif row_source and date is not None and not source:
            earlier = source_rows.get(date.year)
            if earlier and earlier[0] != row_source:
                errors.append(
                    RowError(
                        number,
                        COL_SOURCE,
                        _("同一年度的依据应一致，与第%(row)s行“%(value)s”不同")
                        % {"row": earlier[1], "value": earlier[0]},
                    )
                )
            elif not earlier:
                source_rows[date.year] = (row_source, number)

        if date is not None:
            seen.setdefault(date, number)
        if errors:
            parsed.errors.extend(errors)
            continue
        if not name:
            name = _("调休上班") if kind == WORKDAY else _("法定节假日")
        parsed.years.setdefault(date.year, []).append(HolidayRow(number, date, kind == WORKDAY, name))

    if parsed.errors:
        parsed.years.clear()
        return parsed
    if not parsed.years:
        parsed.errors.append(RowError(header_row, "", _("表头之后没有数据行")))
        return parsed
    for year in parsed.years:
        parsed.sources[year] = source or source_rows.get(year, ("", 0))[0]
        if deadlines.PACKAGE_FIRST_YEAR <= year <= deadlines.PACKAGE_LAST_YEAR:
            parsed.notes.append(_("%(year)s年已由内置日历提供，录入后以录入的安排为准") % {"year": year})
        elif CalendarYear.objects.filter(year=year).exists():
            parsed.notes.append(_("%(year)s年原有的录入已被替换") % {"year": year})
    return parsed


# --- writing ----------------------------------------------------------------------------------
#
# CalendarYear and CalendarDay are ledgered models: every day added, changed or removed and every
# change of the year leaves its own entry (whoever acts: the calendar page, the command, the
# admin). An import adds one more entry per year naming the file by its digest.


def save(parsed: Parsed, user=None, filename: str = "", digest: str = "") -> list[CalendarYear]:
    """Replace the entries of every year in `parsed` (which must be free of errors)."""
    if not parsed.ok:
        raise ValueError("refusing to save a file with errors")
    entered_by = user if getattr(user, "is_authenticated", False) else None
    saved = []
    try:
        saved = _save_years(parsed, entered_by, filename, digest)
    finally:  # committed or rolled back: this process reads the calendar again
        deadlines.clear_cache()
    return saved


def _save_years(parsed: Parsed, entered_by, filename: str, digest: str) -> list[CalendarYear]:
    saved = []
    with transaction.atomic():
        for year, rows in sorted(parsed.years.items()):
            entry = CalendarYear.objects.select_for_update(no_key=True).filter(year=year).first()
            created = entry is None
            entry = entry or CalendarYear(year=year)
            entry.source = parsed.sources.get(year, "")
            entry.entered_by = entered_by
            entry.save()
            existing = {d.date: d for d in entry.days.all()}
            wanted = {r.date: r for r in rows}
            added = changed = removed = 0
            for date, day in existing.items():
                if date not in wanted:
                    day.delete()
                    removed += 1
            for row in sorted(rows, key=lambda r: r.date):
                day = existing.get(row.date)
                if day is None:
                    CalendarDay.objects.create(
                        year=entry, date=row.date, is_workday=row.is_workday, name=row.name
                    )
                    added += 1
                elif (day.is_workday, day.name) != (row.is_workday, row.name):
                    day.is_workday, day.name = row.is_workday, row.name
                    day.save(update_fields=["is_workday", "name"])
                    changed += 1
            ledger.record(
                "calendar:import",
                entry,
                actor=entered_by,
                data={
                    "year": year,
                    "replaced": not created,
                    "file": filename,
                    "source": entry.source,
                    "holidays": sum(not r.is_workday for r in rows),
                    "workdays": sum(r.is_workday for r in rows),
                    "added": added,
                    "changed": changed,
                    "removed": removed,
                },
                digests=[digest] if digest else [],
            )
            saved.append(entry)
        deadlines.clear_cache()
        parsed.moved = deadlines.recount_open(set(parsed.years))
        transaction.on_commit(deadlines.clear_cache)
    return saved


def import_file(
    filename: str, content: bytes, user=None, source: str = ""
) -> tuple[Parsed, list[CalendarYear]]:
    """Check and, if every row is good, write a holidays file. Returns (parsed, years written)."""
    parsed = parse(filename, content, source)
    if not parsed.ok:
        return parsed, []
    return parsed, save(parsed, user, filename=filename, digest=ledger.digest(content))


def delete_year(year: CalendarYear) -> int:
    """Forget an entered year (each day and the year ledgered as deleted): its dates fall back to
    the package, or to Monday–Friday. Returns how many open deadlines moved."""
    try:
        with transaction.atomic():
            number = year.year
            year.delete()
            deadlines.clear_cache()
            moved = deadlines.recount_open({number})
            transaction.on_commit(deadlines.clear_cache)
    finally:  # committed or rolled back: this process reads the calendar again
        deadlines.clear_cache()
    return moved
