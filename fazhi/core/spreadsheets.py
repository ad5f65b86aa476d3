"""Every list exports to Excel the same way: one sheet, a bold frozen header, rows written one
by one (openpyxl's write-only mode, so memory stays flat for a long iterator), and a ledger
entry with the file's digest saying who exported what and when."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fazhi.core import ledger

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    title: str,
    headers: list[str],
    rows: Iterable[list],
    *,
    user,
    object_type: str,
    filename: str,
    action: str = "export",
    data: dict | None = None,
    widths: list[int] | None = None,
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(title)[:31])
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths else max(10, min(40, len(str(header)) * 2 + 4))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        ws.append(row)
        count += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()
    ledger.record(
        action,
        object_type=object_type,
        object_repr=_("导出%(title)s") % {"title": title},
        data={"title": str(title), "rows": count, **(data or {})},
        digests=[ledger.digest(content)],
        actor=user,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
