"""A report's outputs, all written from one `compose.Composed`: .docx on the GB/T 9704 grid
(fazhi.core.documents: title 2号小标宋, 一、 黑体, （一） 楷体, page numbers "— 1 —", signature
and date), Markdown, JSON (each figure with its code, value, unit, definition and the ids of
its records) and PDF through LibreOffice where `soffice` is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from fazhi.core import documents, figures
from fazhi.core.chinese import chinese_date
from fazhi.core.figures import Period
from fazhi.reports import compose
from fazhi.reports.models import Report

FORMATS = ("docx", "md", "json", "pdf")
FONTCONFIG = Path(documents.__file__).parent / "data" / "fontconfig-fazhi.conf"


class OutputUnavailable(Exception):
    """An output this installation cannot produce (PDF without LibreOffice)."""


def chain_note(composed: compose.Composed) -> str:
    head = composed.chain_head
    if not head:
        return ""
    text = _("审定时本镇台账链头：链 %(chain)s 第 %(seq)s 条，%(hash)s") % {
        "chain": head.get("chain", ""),
        "seq": head.get("seq", 0),
        "hash": head.get("hash", ""),
    }
    anchor = head.get("anchor")
    if anchor:
        text += _("；最近锚点根 %(root)s") % {"root": anchor.get("root", "")}
    return f"（{text}）"


def _date_text(day) -> str:
    return chinese_date(day) if day else _("（成文日期待定）")


def markdown_table(table: compose.Table) -> list[str]:
    """A pipe table of the grid (Markdown has no spans: a spanned cell's text stands in its
    first position, the positions it covers are empty)."""
    grid = table.grid()
    heads = 1 + max((c.row for c in table.cells if c.head), default=-1)
    heads = max(heads, 1)
    lines = []
    for i, row in enumerate(grid):
        lines.append("| " + " | ".join(text.replace("|", "\\|") for text in row) + " |")
        if i == heads - 1:
            lines.append("|" + "---|" * len(row))
    return lines


def markdown(composed: compose.Composed) -> str:
    lines = [f"# {composed.title}", ""]
    for block in composed.blocks:
        if block.kind == "table":
            lines += [*markdown_table(block.table), ""]
        elif block.kind == "h1":
            lines += [f"## {block.text}", ""]
        elif block.kind == "h2":
            lines += [f"### {block.text}", ""]
        else:
            lines += [block.text, ""]
    lines += ["", f'<p align="right">{composed.authority}<br>{_date_text(composed.signed_on)}</p>', ""]
    note = chain_note(composed)
    if note:
        lines += [note, ""]
    return "\n".join(lines).rstrip() + "\n"


def docx_table(doc: documents.OfficialDocument, table: compose.Table):
    """The table on the 156 mm text block: spans merged, headings bold and centred, figures
    centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    built = doc.table(table.grid(), header=False, widths_mm=table.widths_mm, size_pt=table.size_pt)
    # a row never splits across pages; the heading rows (all headings, from the top) repeat on
    # each page the table runs onto (table 三 takes two pages)
    heads = {c.row for c in table.cells if c.head} - {c.row for c in table.cells if not c.head}
    header_rows = 0
    while header_rows in heads:
        header_rows += 1
    for i, row in enumerate(built.rows):
        tr_pr = row._tr.get_or_add_trPr()
        documents._put(tr_pr, documents._el("w:cantSplit"), documents._TRPR_ORDER)
        if i < header_rows:
            documents._put(tr_pr, documents._el("w:tblHeader"), documents._TRPR_ORDER)
    for cell in table.cells:
        target = built.cell(cell.row, cell.column)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(built.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1))
            # the covered cells' empty paragraphs come along: keep the first paragraph only
            for para in target.paragraphs[1:]:
                if not para.text:
                    para._p.getparent().remove(para._p)
        centred = cell.head or bool(cell.segment.code) or cell.segment.text in ("—", "0")
        for para in target.paragraphs:
            if centred:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if cell.head:
                for run in para.runs:
                    run.bold = True
    return built


def docx(composed: compose.Composed) -> documents.OfficialDocument:
    doc = documents.OfficialDocument(title=composed.title)
    for block in composed.blocks:
        if block.kind == "table":
            docx_table(doc, block.table)
        elif block.kind == "h1":
            doc.heading1(block.text)
        elif block.kind == "h2":
            doc.heading2(block.text)
        else:
            doc.paragraph(block.text)
    doc.signature(composed.authority, composed.signed_on, sealed=False)
    note = chain_note(composed)
    if note:
        doc.paragraph(note)  # 附注 (7.3.6): below the date, two characters in, in brackets
    return doc


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def as_json(report: Report, composed: compose.Composed) -> dict:
    """The report, its text and each figure with the ids of its records (frozen ones once
    approved; live ones counted now for a draft)."""
    used = []
    for shown in composed.used:
        ids = shown.record_ids
        if ids is None and compose.known(shown.code):
            ids = figures.record_keys(shown.code, report.region, Period.year(shown.year))
        used.append(
            {
                "code": shown.code,
                "year": shown.year,
                "label": shown.label,
                "value": _number(shown.value),
                "numerator": _number(shown.numerator),
                "denominator": _number(shown.denominator),
                "unit": shown.unit,
                "kind": shown.kind,
                "definition": shown.definition,
                "record_ids": ids or [],
            }
        )
    return {
        "kind": report.kind,
        "region": {"code": report.region.code, "name": report.region.name},
        "year": report.year,
        "title": composed.title,
        "state": report.state,
        "frozen": composed.frozen,
        "authority": composed.authority,
        "signed_on": composed.signed_on.isoformat() if composed.signed_on else None,
        "chain_head": composed.chain_head,
        "sections": [
            {
                "key": s.key,  # the template's stable identifier, for the county's collation
                "order": s.order,
                "heading": s.heading,
                "level": s.level,
                "item": s.item,
                "body": s.body,  # the text as written, with its placeholders
            }
            for s in report.sections.all()
        ],
        "problems": [
            {"problem": p.problem, "cause": p.cause, "measure": p.measure} for p in report.problems.all()
        ],
        "blocks": [_block_json(b) for b in composed.blocks],
        "figures": used,
        "pending": composed.pending,
    }


def _block_json(block: compose.Block) -> dict:
    if block.table is None:
        return {"kind": block.kind, "text": block.text}
    return {
        "kind": "table",
        "key": block.table.key,  # the template's table (二、三、四)
        "rows": block.table.grid(),
        "cells": [
            {
                "row": c.row,
                "column": c.column,
                "colspan": c.colspan,
                "rowspan": c.rowspan,
                "text": c.segment.text,
                "code": c.segment.code,
            }
            for c in block.table.cells
        ],
    }


def pdf(composed: compose.Composed) -> bytes:
    """The .docx converted by LibreOffice (its own profile, the official font names aliased to
    Noto CJK)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise OutputUnavailable(
            _("本机未安装 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer-nogui 或改用 .docx")
        )
    with tempfile.TemporaryDirectory(prefix="fazhi-report-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        docx(composed).save(source)
        conf = work / "fonts.conf"
        conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f"  <include>/etc/fonts/fonts.conf</include>\n  <include>{FONTCONFIG}</include>\n</fontconfig>\n",
            encoding="utf-8",
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(work)}
        subprocess.run(
            [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(work), str(source)],
            env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return (work / "report.pdf").read_bytes()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The disclosure report's tables as a workbook for the county's collation (one sheet per table).
TABLE_FORMATS = ("xlsx",)
SHEET_TITLES = {
    "disclosure_t2": "表二 主动公开",
    "disclosure_t3": "表三 依申请公开",
    "disclosure_t4": "表四 复议诉讼",
}


def formats_of(report: Report) -> tuple[str, ...]:
    """The outputs of `report`: every report's, and the tables' workbook where it has tables."""
    if report.kind == Report.Kind.DISCLOSURE:
        return (*FORMATS, *TABLE_FORMATS)
    return FORMATS


def workbook(report: Report, composed: compose.Composed) -> bytes:
    """The composed tables as .xlsx: spans merged, figures as numbers, each sheet headed by the
    report's title and the figure codes in a note row (the template's numbering, for collation)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for block in composed.blocks:
        if block.table is None:
            continue
        table = block.table
        sheet = book.create_sheet(SHEET_TITLES.get(table.key, table.key)[:31])
        sheet.cell(1, 1, composed.title).font = Font(bold=True)
        for cell in table.cells:
            text = cell.segment.text
            value = text
            if cell.segment.code and text not in ("", "—"):
                try:
                    value = int(text) if text.lstrip("-").isdigit() else float(text)
                except ValueError:
                    value = text
            target = sheet.cell(cell.row + 2, cell.column + 1, value)
            target.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            if cell.head:
                target.font = Font(bold=True)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=cell.row + 2,
                    start_column=cell.column + 1,
                    end_row=cell.row + cell.rowspan + 1,
                    end_column=cell.column + cell.colspan,
                )
        for j, width in enumerate(table.widths_mm, start=1):
            sheet.column_dimensions[get_column_letter(j)].width = max(6, width / 2.2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of `report` in `fmt`."""
    import json

    composed = compose.compose(report)
    name = f"{report.title}"
    if fmt == "md":
        return markdown(composed).encode(), "text/markdown; charset=utf-8", f"{name}.md"
    if fmt == "json":
        data = json.dumps(as_json(report, composed), ensure_ascii=False, indent=2, default=str)
        return data.encode(), "application/json", f"{name}.json"
    if fmt == "docx":
        return docx(composed).to_bytes(), documents.DOCX_CONTENT_TYPE, f"{name}.docx"
    if fmt == "pdf":
        return pdf(composed), "application/pdf", f"{name}.pdf"
    if fmt == "xlsx" and fmt in formats_of(report):
        return workbook(report, composed), XLSX_CONTENT_TYPE, f"{name}（表格）.xlsx"
    raise ValueError(f"unknown format {fmt!r}")


__all__ = [
    "FORMATS",
    "OutputUnavailable",
    "as_json",
    "docx",
    "formats_of",
    "markdown",
    "pdf",
    "render",
    "workbook",
]
