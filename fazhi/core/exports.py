"""A list's Excel export declared once: its columns, each with how to read a row and, for
personal information, its kind.

    CASE_COLUMNS = [
        Column(_("案号"), "number"),
        Column(_("当事人"), "party.name", pii=pii.NAME, masked=lambda case: case.party.public_name),
        Column(_("立案日期"), "filed_on"),
    ]
    return export_response(_("执法案件"), CASE_COLUMNS, filterset.qs, request.user)

Each row's personal information is shown in full only to a reader who may see it over that
record's region (`pii.may_see_full`), masked otherwise; when any value was shown in full, one
"pii.view" entry per kind shown is ledgered (via "export"), after the export's own entry
(`spreadsheets.xlsx_response`: title, rows, the file's digest).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import pii
from fazhi.core.spreadsheets import xlsx_response


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read it from a row (a dotted attribute path, where a
    `get_FOO_display` method is called, or a function of the row), the kind of personal
    information it holds (None: none), how to mask it (default: `pii.mask(kind, value)`) and its
    width in characters (default: from the header)."""

    header: Any
    value: str | Callable[[Any], Any]
    pii: str | None = None
    masked: Callable[[Any], Any] | None = None
    width: int | None = None

    def read(self, row) -> Any:
        if callable(self.value):
            value = self.value(row)
        else:
            value = row
            for part in self.value.split("."):
                if value is None:
                    break
                value = getattr(value, part)
                if callable(value):
                    value = value()
        return cell(value)

    def read_for(self, row, full: bool) -> tuple[Any, bool]:
        """(the cell, whether personal information was shown in full)."""
        value = self.read(row)
        if self.pii is None or value in (None, ""):
            return value, False
        hidden = self.masked(row) if self.masked else pii.mask(self.pii, value)
        if not full:
            return hidden, False
        return value, value != hidden


def cell(value) -> Any:
    """A value as a spreadsheet cell: amounts as numbers, booleans as 是/否, labels as text."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | str) or hasattr(value, "isoformat"):
        return value
    return str(value)


def export_rows(columns: list[Column], rows: Iterable, user, shown: set[str]) -> Iterable[list]:
    """The cells of each row, masked per row for `user`; the kinds shown in full go into `shown`."""
    personal = any(c.pii for c in columns)
    for row in rows:
        full = personal and pii.may_see_full(user, row)
        cells = []
        for column in columns:
            value, in_full = column.read_for(row, full)
            if in_full:
                shown.add(column.pii)
            cells.append(value)
        yield cells


def export_response(
    title,
    columns: list[Column],
    rows: QuerySet | Iterable,
    user,
    *,
    object_type: str = "",
    filename: str = "",
    chunk_size: int = 500,
):
    """The .xlsx of `rows` (a queryset is read in chunks, its prefetches per chunk) with one
    column per `columns`, ledgered; a full view of personal information ledgered too."""
    if isinstance(rows, QuerySet):
        object_type = object_type or rows.model._meta.label_lower
        rows = rows.iterator(chunk_size=chunk_size)
    shown: set[str] = set()
    response = xlsx_response(
        title,
        [str(c.header) for c in columns],
        export_rows(columns, rows, user, shown),
        user=user,
        object_type=object_type,
        filename=filename or f"{title}_{timezone.localdate():%Y%m%d}.xlsx",
        widths=[c.width or max(10, min(40, len(str(c.header)) * 2 + 4)) for c in columns],
    )
    if shown:
        pii.record_full_view(
            user, None, via="export", kinds=sorted(shown), object_type=object_type, object_repr=str(title)
        )
    return response
