"""Official documents (公文) as .docx in the national layout, GB/T 9704-2012.

One builder, `OfficialDocument`, for every document fazhi issues: enforcement documents, notices,
the annual report. It writes the page, the fonts and the character grid once, so that each app
only says what goes into the document:

    doc = OfficialDocument(title="行政处罚决定书", number="石鼓执罚〔2021〕19号", authority="湘潭县石鼓镇人民政府")
    doc.paragraph("当事人：张三")
    doc.heading1("一、违法事实")
    doc.signature("湘潭县石鼓镇人民政府", dt.date(2021, 12, 30))
    return docx_response(doc, "行政处罚决定书.docx")

The documents name the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312). The font table
gives each a fallback family (w:altName: 宋体, 仿宋, SimHei, 楷体) and the GB2312 charset, so Word and
WPS on a machine without the official fonts substitute a Chinese face of the same kind. For PDF
conversion with LibreOffice, `fazhi/core/data/fontconfig-fazhi.conf` aliases the official names
to Noto CJK.

python-docx has no API for East Asian fonts, the character grid, character-unit indents, fields
or the font table; those few elements are written here as XML, each in the position the schema
requires (Word refuses a file whose elements are out of order).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from urllib.parse import quote

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

# The text helpers live in fazhi.core.chinese; documents import them from here too.
from fazhi.core.chinese import chinese_date, chinese_date_upper, rmb_upper  # noqa: F401

# --- the page (GB/T 9704-2012, 5.2) ---------------------------------------------------------

PAGE_WIDTH_MM = 210  # 5.2.1: A4, 210 mm × 297 mm
PAGE_HEIGHT_MM = 297
TOP_MARGIN_MM = 37  # 5.2.2: 天头（上白边）37 mm ± 1 mm
LEFT_MARGIN_MM = 28  # 5.2.2: 订口（左白边）28 mm ± 1 mm
TEXT_WIDTH_MM = 156  # 5.2.2: 版心尺寸 156 mm × 225 mm
TEXT_HEIGHT_MM = 225
RIGHT_MARGIN_MM = PAGE_WIDTH_MM - LEFT_MARGIN_MM - TEXT_WIDTH_MM  # 26 mm
BOTTOM_MARGIN_MM = PAGE_HEIGHT_MM - TOP_MARGIN_MM - TEXT_HEIGHT_MM  # 35 mm
LINES_PER_PAGE = 22  # 5.2.4: 一般每面排 22 行，每行排 28 个字
CHARS_PER_LINE = 28
PAGE_NUMBER_GAP_MM = 7  # 7.5.1: 一字线上距版心下边缘 7 mm

# --- type sizes (号 → points) and fonts (GB/T 9704-2012, 5.2.3 and 7) -----------------------

SIZE_2 = 22  # 二号: 标题 (7.3.1)
SIZE_3 = 16  # 三号: 正文、各层标题、发文字号、署名、日期 (5.2.3)
SIZE_4 = 14  # 四号: 页码 (7.5.1); fazhi's forms (tables) use it too so that a form fits one page

FONT_TITLE = "方正小标宋简体"  # 7.3.1: 标题一般用 2 号小标宋体字
FONT_BODY = "仿宋_GB2312"  # 5.2.3: 正文一般用 3 号仿宋体字
FONT_HEADING1 = "黑体"  # 7.3.3: 第一层（一、）用黑体字
FONT_HEADING2 = "楷体_GB2312"  # 7.3.3: 第二层（（一））用楷体字
FONT_PAGE_NUMBER = "宋体"  # 7.5.1: 4 号半角宋体阿拉伯数字
FONT_LATIN = "Times New Roman"  # digits and Latin letters in body text and forms

# The family Word/WPS substitute when the official font is not installed (font table w:altName).
FONT_FALLBACKS = {
    FONT_TITLE: "宋体",
    FONT_BODY: "仿宋",
    FONT_HEADING1: "SimHei",
    FONT_HEADING2: "楷体",
    FONT_PAGE_NUMBER: "SimSun",
}

# --- the grid: 22 lines of 28 characters ----------------------------------------------------

_TWIPS_PER_MM = 1440 / 25.4
# 225 mm / 22 = 579.8 twips; rounded down so that 22 lines always fit: 579 twips = 28.95 pt.
# Every paragraph has exact line spacing of this pitch and no space before or after it.
LINE_PITCH_TWIPS = int(TEXT_HEIGHT_MM * _TWIPS_PER_MM / LINES_PER_PAGE)
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
# 156 mm / 28 = 15.79 pt per character. w:docGrid charSpace is the difference from the Normal
# style's font size (16 pt), in 4096ths of a point (ECMA-376 17.6.5): what Word's and WPS's
# 「文档网格」 dialog shows as 每行 28 字、每页 22 行.
CHAR_PITCH_PT = TEXT_WIDTH_MM * 72 / 25.4 / CHARS_PER_LINE
GRID_CHAR_SPACE = round((CHAR_PITCH_PT - SIZE_3) * 4096)
# The 28 characters do not come from the grid but from character spacing. LibreOffice gives a
# character larger than the grid's cell (16 pt in 15.79 pt) two cells, not a narrower advance as
# Word does: with the grid alone, LibreOffice sets 14 characters a line. So no paragraph snaps to
# the character grid (w:snapToGrid off in Normal) and 3号 text is condensed by 0.3 pt (w:spacing,
# in twips): 28 × 15.7 pt = 155.1 mm in the 156 mm line in Word, WPS and LibreOffice alike, and a
# 29th character does not fit. 0.25 pt (28 × 15.75 pt, 1.2 pt to spare on paper) is too tight:
# LibreOffice 7.4 then sets 27 (measured; fazhi/core/tests/test_documents_render.py).
CHAR_SPACING_TWIPS = -6
FOOTER_DISTANCE_MM = BOTTOM_MARGIN_MM - PAGE_NUMBER_GAP_MM - SIZE_4 * 25.4 / 72  # ≈ 23 mm

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EM_DASH = "\u2014"  # 一字线 around the page number (7.5.1)

# Element order inside w:pPr (ECMA-376 17.3.1.26); Word rejects out-of-order children.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
# Element order inside w:rPr (ECMA-376 17.3.2.28).
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip
_TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip


def _put(parent, child, order: Sequence[str]):
    """Insert `child` into `parent` (replacing one of the same tag) at the schema's position."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    name = next(n for n in order if qn(n) == tag)
    parent.insert_element_before(child, *order[order.index(name) + 1 :])
    return child


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


# --- small public helpers -------------------------------------------------------------------


def document_number(prefix: str, year: int, sequence: int) -> str:
    """发文字号 (7.2.4): 石鼓执罚〔2021〕19号 — the year in 〔〕, the sequence without leading zeros.
    Numbers are issued by fazhi.core.numbering, which formats them with the same pattern."""
    from fazhi.core.numbering import DEFAULT_PATTERN

    return DEFAULT_PATTERN.format(prefix=prefix, year=year, seq=int(sequence))


def text_width_chars(text: str) -> float:
    """Width of a line in full-width characters: CJK is one, ASCII (half-width) half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


class Opinion(NamedTuple):
    """A signed opinion in a form cell (承办人意见, 审核意见, 审批意见): the text, then the
    signature and date right-aligned. Blank signer and date leave room to sign by hand."""

    text: str = ""
    signer: str = ""
    date: dt.date | None = None


# --- the builder ----------------------------------------------------------------------------


class OfficialDocument:
    """A .docx in the GB/T 9704-2012 layout. See the module docstring for an example.

    `number_position`: "below_title" (enforcement documents: authority, title, number) or "top"
    (letters and notices: authority, number, then the title two lines below, 7.2.4).
    """

    def __init__(
        self,
        title: str,
        number: str = "",
        authority: str = "",
        *,
        number_position: str = "below_title",
    ):
        if number_position not in ("below_title", "top"):
            raise ValueError(f"number_position must be 'below_title' or 'top', not {number_position!r}")
        self.title = title
        self.number = number
        self.authority = authority
        self.docx = Document()
        self._setup_package()
        self._setup_styles()
        self._setup_page()
        self._setup_footers()
        self._setup_properties()
        # The python-docx template starts with no paragraph; the header block opens the body.
        if authority:
            self._line(authority, "GwTitle", WD_ALIGN_PARAGRAPH.CENTER)
        if number and number_position == "top":
            self._line(number, "GwNormal", WD_ALIGN_PARAGRAPH.CENTER)
            self.blank()
        self._line(title, "GwTitle", WD_ALIGN_PARAGRAPH.CENTER)
        if number and number_position == "below_title":
            self._line(number, "GwNormal", WD_ALIGN_PARAGRAPH.CENTER)
        self.blank()  # 7.3.2: 主送机关 / 正文 one line below the title

    # --- content ------------------------------------------------------------------------------

    def paragraph(self, text: str, *, indent: bool = True, align: str = "justify", bold: bool = False):
        """Body text, 3号仿宋, first line indented two characters (7.3.3). Each line of `text`
        becomes its own paragraph; returns the last one."""
        alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        para = None
        for line in str(text).split("\n"):
            para = self._line(line, "GwBody" if indent else "GwNormal", alignment, bold=bold)
        return para

    def heading1(self, text: str):
        """第一层标题 「一、」 in 3号黑体 (7.3.3)."""
        return self._line(text, "GwHeading1", WD_ALIGN_PARAGRAPH.JUSTIFY)

    def heading2(self, text: str):
        """第二层标题 「（一）」 in 3号楷体 (7.3.3)."""
        return self._line(text, "GwHeading2", WD_ALIGN_PARAGRAPH.JUSTIFY)

    def heading3(self, text: str):
        """第三层标题 「1.」 in 3号仿宋 (7.3.3), kept as a heading for the navigation pane."""
        return self._line(text, "GwHeading3", WD_ALIGN_PARAGRAPH.JUSTIFY)

    def salutation(self, text: str):
        """主送机关 / the party addressed (张三：), flush left (7.3.2)."""
        return self._line(text, "GwNormal", WD_ALIGN_PARAGRAPH.LEFT)

    def blank(self, lines: int = 1):
        for _i in range(lines):
            para = self._line("", "GwNormal", WD_ALIGN_PARAGRAPH.LEFT)
        return para

    def page_break(self):
        para = self._line("", "GwNormal", WD_ALIGN_PARAGRAPH.LEFT)
        para.runs[0].add_break(WD_BREAK.PAGE)
        return para

    def attachments(self, names: Sequence[str]):
        """附件说明 (7.3.4): one line below the text, two characters in: 附件：1．名称, the further
        names aligned under the first; no punctuation after a name."""
        names = [n.rstrip("。．.;；,，") for n in names if n]
        if not names:
            return None
        self.blank()
        label = _("附件：")
        if len(names) == 1:
            return self._line(label + names[0], "GwBody", WD_ALIGN_PARAGRAPH.JUSTIFY)
        first = self._line(f"{label}1．{names[0]}", "GwBody", WD_ALIGN_PARAGRAPH.JUSTIFY)
        hang = 2 + text_width_chars(label)
        for i, name in enumerate(names[1:], start=2):
            para = self._line(f"{i}．{name}", "GwNormal", WD_ALIGN_PARAGRAPH.JUSTIFY)
            _set_indent(para, left_chars=hang)
        return first

    def signature(self, authority: str, date: dt.date | None, *, sealed: bool = True):
        """发文机关署名 and 成文日期 (7.3.5). Sealed (7.3.5.1): the date four characters from the
        right, the authority centred over it. Unsealed (7.3.5.2): the authority two characters
        from the right and the date below it, starting two characters further right."""
        date_text = chinese_date(date)
        date_w, auth_w = text_width_chars(date_text), text_width_chars(authority)
        self.blank()
        if sealed:
            date_right = 4
            auth_right = max(0.0, date_right + (date_w - auth_w) / 2)
        else:
            auth_right = 2
            date_right = max(0.0, auth_right + auth_w - 2 - date_w)
            if date_right < 2:  # a date longer than the name: the date 2 from the right
                date_right = 2
                auth_right = date_right + date_w + 2 - auth_w
        auth = self._line(authority, "GwNormal", WD_ALIGN_PARAGRAPH.RIGHT)
        _set_indent(auth, right_chars=auth_right)
        day = self._line(date_text, "GwNormal", WD_ALIGN_PARAGRAPH.RIGHT)
        _set_indent(day, right_chars=date_right)
        return day

    def table(
        self,
        rows: Sequence[Sequence[object]],
        *,
        header: bool = True,
        widths_mm: Sequence[float] | None = None,
        size_pt: float = SIZE_4,
    ):
        """A bordered table in 仿宋; the first row is the header (bold, centred, repeated on
        every page) when `header`. Widths default to equal columns over the text block."""
        if not rows:
            raise ValueError("a table needs at least one row")
        ncols = max(len(r) for r in rows)
        widths = list(widths_mm) if widths_mm else [TEXT_WIDTH_MM / ncols] * ncols
        if len(widths) != ncols:
            raise ValueError(f"widths_mm has {len(widths)} values for {ncols} columns")
        table = self._new_table(len(rows), widths)
        for i, row in enumerate(rows):
            is_header = header and i == 0
            for j in range(ncols):
                value = row[j] if j < len(row) else ""
                self._fill(
                    table.cell(i, j),
                    value,
                    size_pt,
                    bold=is_header,
                    align=WD_ALIGN_PARAGRAPH.CENTER if is_header else WD_ALIGN_PARAGRAPH.LEFT,
                )
            if is_header:
                _put(table.rows[0]._tr.get_or_add_trPr(), _el("w:tblHeader"), _TRPR_ORDER)
        self._after_table()
        return table

    def field_table(
        self,
        rows: Iterable[Sequence[object]],
        *,
        label_width_mm: float = 30,
        size_pt: float = SIZE_4,
        min_heights_mm: dict[int, float] | None = None,
        keep_together: bool = False,
    ):
        """An approval form (立案审批表, 送达回证): label | value rows. A row is (label, value),
        (label, value, label, value) for two fields on one line, or (text,) for a full-width
        cell. A value may be an `Opinion` (text, then signature and date). `min_heights_mm`
        maps row index → minimum height, e.g. room for a handwritten opinion. `keep_together`
        keeps the whole table on one page (a signature block): no row splits, and every row's
        paragraphs keep with the next row (how Word and LibreOffice keep a table whole)."""
        rows = [tuple(r) for r in rows]
        if not rows or any(len(r) not in (1, 2, 4) for r in rows):
            raise ValueError("field_table rows are (text,), (label, value) or (label, value, label, value)")
        four = any(len(r) == 4 for r in rows)
        if four:
            value_w = (TEXT_WIDTH_MM - 2 * label_width_mm) / 2
            widths = [label_width_mm, value_w, label_width_mm, value_w]
        else:
            widths = [label_width_mm, TEXT_WIDTH_MM - label_width_mm]
        table = self._new_table(len(rows), widths)
        center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
        for i, row in enumerate(rows):
            cells = table.rows[i].cells
            if len(row) == 1:
                merged = cells[0].merge(cells[-1])
                self._fill(merged, row[0], size_pt, align=left)
            elif len(row) == 2:
                self._fill(cells[0], row[0], size_pt, align=center)
                value_cell = cells[1].merge(cells[-1]) if four else cells[1]
                self._fill(value_cell, row[1], size_pt, align=left)
            else:
                for j, value in enumerate(row):
                    self._fill(cells[j], value, size_pt, align=center if j % 2 == 0 else left)
        for index, height in (min_heights_mm or {}).items():
            table.rows[index].height = Mm(height)
            table.rows[index].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if keep_together:
            _keep_together(table)
        self._after_table()
        return table

    # --- output -------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()

    def save(self, path) -> None:
        self.docx.save(str(path))

    # --- internals ----------------------------------------------------------------------------

    def _line(self, text: str, style: str, alignment, *, bold: bool = False):
        para = self.docx.add_paragraph(style=self.docx.styles[self._style_names[style]])
        para.alignment = alignment
        lines = str(text).split("\n")
        for k, line in enumerate(lines):
            run = para.add_run(line)
            _format_run(run, *self._style_fonts[style], bold=bold)
            if k < len(lines) - 1:
                run.add_break()
        return para

    def _new_table(self, nrows: int, widths: Sequence[float]):
        table = self.docx.add_table(rows=nrows, cols=len(widths))
        table.style = self.docx.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        _put(tbl_pr, _el("w:tblW", w=round(sum(widths) * _TWIPS_PER_MM), type="dxa"), _TBLPR_ORDER)
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(f"w:{side}", val="single", sz=4, space=0, color="000000"))
        _put(tbl_pr, borders, _TBLPR_ORDER)
        for j, width in enumerate(widths):
            table.columns[j].width = Mm(width)
            for cell in table.columns[j].cells:
                cell.width = Mm(width)
        return table

    def _fill(self, cell, value, size_pt: float, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for para in list(cell.paragraphs):
            para._p.getparent().remove(para._p)
        style = self.docx.styles[self._style_names["GwTable"]]
        east_asia, latin, _size = self._style_fonts["GwTable"]

        def add(text: str, alignment):
            para = cell.add_paragraph(style=style)
            para.alignment = alignment
            run = para.add_run(text)
            _format_run(run, east_asia, latin, size_pt, bold=bold)
            return para

        if isinstance(value, Opinion):
            for line in (value.text or "").split("\n"):
                add(line, WD_ALIGN_PARAGRAPH.LEFT)
            add("", WD_ALIGN_PARAGRAPH.LEFT)
            signer = value.signer or "\u3000" * 6
            add(_("签名：") + signer, WD_ALIGN_PARAGRAPH.RIGHT)
            add(chinese_date(value.date), WD_ALIGN_PARAGRAPH.RIGHT)
            return
        text = "" if value is None else str(value)
        for line in text.split("\n"):
            add(line, align)

    def _after_table(self):
        # Two tables in a row would merge into one in Word; a paragraph after each keeps them
        # apart (and Word requires a paragraph before the end of a cell or the body anyway).
        self.blank()

    def _setup_package(self):
        """Drop the template's leftovers: an outdated copy of the styles and a thumbnail."""
        part = self.docx.part
        for rid, rel in list(part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                part.drop_rel(rid)
        package = part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rid]
        # Font table: the official fonts with their fallback family and the GB2312 charset.
        for font_part in package.iter_parts():
            if str(font_part.partname) == "/word/fontTable.xml":
                fonts = parse_xml(font_part.blob)
                for name, fallback in FONT_FALLBACKS.items():
                    font = _el("w:font", name=name)
                    font.append(_el("w:altName", val=fallback))
                    font.append(_el("w:charset", val="86"))  # GB2312_CHARSET
                    font.append(_el("w:family", val="roman" if name != FONT_HEADING1 else "modern"))
                    font.append(_el("w:pitch", val="variable"))
                    fonts.append(font)
                from lxml import etree

                font_part._blob = etree.tostring(
                    fonts, xml_declaration=True, encoding="UTF-8", standalone=True
                )
        # Settings: Chinese theme language, odd/even page footers (7.5.1).
        settings = self.docx.settings
        settings.odd_and_even_pages_header_footer = True
        for lang in settings.element.findall(qn("w:themeFontLang")):
            lang.set(qn("w:eastAsia"), "zh-CN")

    def _setup_styles(self):
        styles = self.docx.styles
        # Document defaults: no theme fonts (they would override the names), 3号仿宋, Chinese.
        defaults = styles.element.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(r_pr, FONT_BODY, FONT_LATIN)
        r_pr.find(qn("w:sz")).set(qn("w:val"), str(SIZE_3 * 2))
        r_pr.find(qn("w:szCs")).set(qn("w:val"), str(SIZE_3 * 2))
        lang = r_pr.find(qn("w:lang"))
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = p_pr.find(qn("w:spacing"))
        for key, value in (("before", "0"), ("after", "0"), ("line", "240"), ("lineRule", "auto")):
            spacing.set(qn(f"w:{key}"), value)
        # Normal: the grid's character size is measured against it (docGrid charSpace); it and
        # every style based on it keep off the character grid (see CHAR_SPACING_TWIPS).
        normal = styles["Normal"]
        _style_font(normal, FONT_BODY, FONT_LATIN, SIZE_3)
        _exact_lines(normal.paragraph_format)
        _put(normal.element.get_or_add_pPr(), _el("w:snapToGrid", val=0), _PPR_ORDER)
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

        # (style id, visible name, base, east-asian font, latin font, size, outline level)
        specs = [
            ("GwNormal", _("公文正文（顶格）"), "Normal", FONT_BODY, FONT_LATIN, SIZE_3, None),
            ("GwBody", _("公文正文"), "Normal", FONT_BODY, FONT_LATIN, SIZE_3, None),
            ("GwTitle", _("公文标题"), "Normal", FONT_TITLE, FONT_TITLE, SIZE_2, None),
            ("GwHeading1", _("公文一级标题"), "Normal", FONT_HEADING1, FONT_HEADING1, SIZE_3, 0),
            ("GwHeading2", _("公文二级标题"), "Normal", FONT_HEADING2, FONT_HEADING2, SIZE_3, 1),
            ("GwHeading3", _("公文三级标题"), "Normal", FONT_BODY, FONT_LATIN, SIZE_3, 2),
            ("GwTable", _("公文表格"), "Normal", FONT_BODY, FONT_LATIN, SIZE_4, None),
            ("GwPageNumber", _("公文页码"), "Normal", FONT_PAGE_NUMBER, FONT_PAGE_NUMBER, SIZE_4, None),
        ]
        self._style_names: dict[str, str] = {}
        self._style_fonts: dict[str, tuple[str, str, float]] = {}
        for style_id, name, base, east_asia, latin, size, outline in specs:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.set(qn("w:styleId"), style_id)
            style.base_style = styles[base]
            style.quick_style = True
            _style_font(style, east_asia, latin, size)
            fmt = style.paragraph_format
            if style_id in ("GwBody", "GwHeading1", "GwHeading2", "GwHeading3"):
                _set_indent(style, first_chars=2)
            if outline is not None:
                fmt.keep_with_next = True
                _put(style.element.get_or_add_pPr(), _el("w:outlineLvl", val=outline), _PPR_ORDER)
            if style_id in ("GwTable", "GwPageNumber"):
                # A form row or the footer is as tall as its text, not 28.95 pt.
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                if style_id == "GwTable":
                    fmt.space_before = Pt(2)
                    fmt.space_after = Pt(2)
                else:
                    fmt.line_spacing = Pt(SIZE_4)
                    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            self._style_names[style_id] = name
            self._style_fonts[style_id] = (east_asia, latin, size)

    def _setup_page(self):
        section = self.docx.sections[0]
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(TOP_MARGIN_MM)
        section.bottom_margin = Mm(BOTTOM_MARGIN_MM)
        section.left_margin = Mm(LEFT_MARGIN_MM)
        section.right_margin = Mm(RIGHT_MARGIN_MM)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        section.gutter = Mm(0)
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))

    def _setup_footers(self):
        """Page numbers (7.5.1): 「— 1 —」 in 4号半角宋体 below the text block; odd pages right,
        even pages left, one character in from the edge of the text block."""
        section = self.docx.sections[0]
        one_char = Pt(SIZE_4)
        for footer, alignment in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0]
            para.style = self.docx.styles[self._style_names["GwPageNumber"]]
            para.alignment = alignment
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                para.paragraph_format.right_indent = one_char
            else:
                para.paragraph_format.left_indent = one_char
            _add_page_field(para)

    def _setup_properties(self):
        props = self.docx.core_properties
        now = dt.datetime.now().replace(microsecond=0)
        props.title = self.title.replace("\n", "")
        props.author = self.authority
        props.last_modified_by = self.authority
        props.language = "zh-CN"
        props.created = now
        props.modified = now
        props.revision = 1
        props.subject = self.number


# --- XML helpers ----------------------------------------------------------------------------


def _set_fonts(r_pr, east_asia: str, latin: str) -> None:
    """Name the fonts explicitly and drop theme-font references (which would win over names)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _set_spacing(r_pr, size: float) -> None:
    """3号 text is condensed so that 28 characters fill the line (CHAR_SPACING_TWIPS)."""
    if size == SIZE_3:
        _put(r_pr, _el("w:spacing", val=CHAR_SPACING_TWIPS), _RPR_ORDER)


def _style_font(style, east_asia: str, latin: str, size: float) -> None:
    style.font.size = Pt(size)
    style.font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), east_asia, latin)
    _set_spacing(style.element.get_or_add_rPr(), size)


def _format_run(run, east_asia: str, latin: str, size: float, *, bold: bool = False) -> None:
    """Direct formatting on the run as well as the style: WPS and older Word honour it first."""
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    _set_fonts(run._r.get_or_add_rPr(), east_asia, latin)
    _set_spacing(run._r.get_or_add_rPr(), size)


def _exact_lines(fmt) -> None:
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _keep_together(table) -> None:
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        _put(tr_pr, _el("w:cantSplit"), _TRPR_ORDER)
        if i == len(table.rows) - 1:
            continue
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def _set_indent(owner, *, first_chars: float = 0, left_chars: float = 0, right_chars: float = 0) -> None:
    """Indents in characters (w:firstLineChars etc., hundredths of a character, what Word's
    「首行缩进 2 字符」 writes) with the twips equivalent for readers that ignore them."""
    p_pr = owner.element.get_or_add_pPr() if hasattr(owner, "base_style") else owner._p.get_or_add_pPr()
    ind = p_pr.find(qn("w:ind"))
    if ind is None:
        ind = _put(p_pr, _el("w:ind"), _PPR_ORDER)
    char_twips = SIZE_3 * 20
    if first_chars:
        ind.set(qn("w:firstLineChars"), str(round(first_chars * 100)))
        ind.set(qn("w:firstLine"), str(round(first_chars * char_twips)))
    if left_chars:
        ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
        ind.set(qn("w:left"), str(round(left_chars * char_twips)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
        ind.set(qn("w:right"), str(round(right_chars * char_twips)))


def _add_page_field(para) -> None:
    """「— PAGE —」: a complex field so that Word and WPS update the number on every page."""

    def run(text: str = ""):
        r = para.add_run(text)
        _format_run(r, FONT_PAGE_NUMBER, FONT_PAGE_NUMBER, SIZE_4)
        return r

    run(f"{EM_DASH} ")
    run()._r.append(_el("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    run()._r.append(_el("w:fldChar", fldCharType="separate"))
    run("1")
    run()._r.append(_el("w:fldChar", fldCharType="end"))
    run(f" {EM_DASH}")


# --- the web response -----------------------------------------------------------------------


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    if filename.isascii():
        fallback = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    else:
        extension = re.search(r"\.[A-Za-z0-9]+$", filename)
        fallback = "document" + (extension.group(0) if extension else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def docx_response(doc: OfficialDocument, filename: str, *, record=None, user=None, person=None):
    """An HttpResponse that downloads `doc` as `filename` (.docx added when missing).

    With `record` (the model instance the document is about), the download is entered in the
    ledger with the SM3 digest of the bytes served: a document carries personal information,
    and a printed copy can later be matched against what the system issued. With `user` and
    `person` (the record whose personal information the document names), the entry says
    whether it was shown in full or masked, and a full one is a ledgered full view
    (fazhi.core.pii.record_full_view) that the auditor's search finds."""
    from django.http import HttpResponse

    if not filename.lower().endswith(".docx"):
        filename += ".docx"
    data = doc.to_bytes()
    if record is not None:
        from fazhi.core import ledger, pii

        full = person is not None and user is not None and pii.may_see_full(user, person)
        extra = {"pii": "full" if full else "masked"} if person is not None else {}
        ledger.record(
            "document.export",
            record,
            data={"title": doc.title, "number": doc.number, "filename": filename, **extra},
            digests=[ledger.digest(data)],
        )
        if full:
            pii.record_full_view(user, person, via="document", document=doc.title)
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(len(data))
    return response
