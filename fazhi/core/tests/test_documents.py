"""Official documents in the GB/T 9704-2012 layout: what Word shows when it opens the file."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from urllib.parse import unquote

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from fazhi.core.documents import (
    DOCX_CONTENT_TYPE,
    OfficialDocument,
    Opinion,
    chinese_date,
    document_number,
    docx_response,
)


def _sample() -> OfficialDocument:
    doc = OfficialDocument(
        title="行政处罚决定书", number="石鼓执罚〔2021〕19号", authority="湘潭县石鼓镇人民政府"
    )
    doc.salutation("当事人：张三")
    doc.heading1("一、违法事实")
    doc.heading2("（一）基本情况")
    doc.paragraph("经查，当事人于2021年3月1日在歇马村河道非法采砂。")
    doc.table([["序号", "物品名称", "数量"], ["1", "砂石", "20吨"]], widths_mm=[20, 96, 40])
    doc.field_table(
        [
            ("案由", "非法采砂"),
            ("当事人", "张三", "联系电话", "13800000000"),
            ("承办人意见", Opinion("建议立案。", "王强", dt.date(2021, 3, 2))),
        ]
    )
    doc.attachments(["现场照片", "询问笔录"])
    doc.signature("湘潭县石鼓镇人民政府", dt.date(2021, 12, 30))
    return doc


def _open(doc: OfficialDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(doc.to_bytes()))


def _east_asia(run_or_style) -> str | None:
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._r
    fonts = element.rPr.rFonts if element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _para(opened, text: str):
    return next(p for p in opened.paragraphs if p.text == text)


def test_it_lays_out_an_a4_page_with_the_standard_margins():
    # when
    section = _open(_sample()).sections[0]
    # then: A4, 天头 37 mm, 订口 28 mm, text block 156 × 225 mm (within rounding to twips)
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    text_width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    text_height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert (text_width, text_height) == (pytest.approx(156, abs=0.1), pytest.approx(225, abs=0.1))


def test_it_sets_a_grid_of_22_lines_of_28_characters():
    # when
    opened = _open(_sample())
    grid = opened.sections[0]._sectPr.find(qn("w:docGrid"))
    normal = opened.styles["Normal"]
    # then: 22 lines of 28.95 pt fill the 225 mm block, 28 characters the 156 mm line
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert line_pitch_pt == pytest.approx(28.95, abs=0.01)
    assert 22 * line_pitch_pt <= 225 * 72 / 25.4 < 23 * line_pitch_pt
    char_pitch_pt = normal.font.size.pt + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * char_pitch_pt == pytest.approx(156 * 72 / 25.4, abs=0.1)
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.01)


def test_it_sets_the_title_in_2hao_xiaobiaosong_centred():
    # when
    title = _para(_open(_sample()), "行政处罚决定书")
    # then
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert _east_asia(title.runs[0]) == "方正小标宋简体"
    assert title.style.font.size == Pt(22)
    assert _east_asia(title.style) == "方正小标宋简体"


def test_it_sets_body_text_in_3hao_fangsong_with_a_two_character_indent():
    # when
    body = _para(_open(_sample()), "经查，当事人于2021年3月1日在歇马村河道非法采砂。")
    # then
    assert body.runs[0].font.size == Pt(16)
    assert _east_asia(body.runs[0]) == "仿宋_GB2312"
    assert _east_asia(body.style) == "仿宋_GB2312"
    indent = body.style.element.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert body.style.paragraph_format.first_line_indent.pt == pytest.approx(32)


def test_it_sets_headings_in_heiti_and_kaiti():
    # when
    opened = _open(_sample())
    level1, level2 = _para(opened, "一、违法事实"), _para(opened, "（一）基本情况")
    # then: 一、 in 3号黑体, （一） in 3号楷体, both in the navigation pane (outline levels)
    assert _east_asia(level1.runs[0]) == "黑体"
    assert _east_asia(level2.runs[0]) == "楷体_GB2312"
    assert level1.runs[0].font.size == level2.runs[0].font.size == Pt(16)
    assert level1.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    assert level2.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"


def test_it_puts_the_authority_title_and_number_at_the_head():
    # when
    texts = [p.text for p in _open(_sample()).paragraphs[:4]]
    # then
    assert texts == ["湘潭县石鼓镇人民政府", "行政处罚决定书", "石鼓执罚〔2021〕19号", ""]


def test_it_can_put_the_number_above_the_title_for_letters():
    # when
    doc = OfficialDocument(
        title="关于开展普法宣传的通知",
        number="石鼓政发〔2021〕3号",
        authority="石鼓镇人民政府",
        number_position="top",
    )
    # then
    texts = [p.text for p in _open(doc).paragraphs[:5]]
    assert texts == ["石鼓镇人民政府", "石鼓政发〔2021〕3号", "", "关于开展普法宣传的通知", ""]


def test_it_writes_document_numbers_with_hexagonal_brackets():
    assert document_number("石鼓执罚", 2021, 19) == "石鼓执罚〔2021〕19号"
    assert document_number("石鼓执罚", 2021, 7) == "石鼓执罚〔2021〕7号"  # 不编虚位


def test_it_numbers_pages_with_a_page_field_between_dashes():
    # when
    section = _open(_sample()).sections[0]
    odd, even = section.footer, section.even_page_footer
    # then: 「— 1 —」 in 4号宋体, odd pages right, even pages left
    for footer, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        para = footer.paragraphs[0]
        instructions = [t.text.strip() for t in para._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert para.text == "— 1 —"
        assert para.alignment == alignment
        assert all(r.font.size == Pt(14) for r in para.runs)
        assert _east_asia(para.runs[0]) == "宋体"


def test_it_fills_a_table_cell_by_cell_with_borders():
    # when
    opened = _open(_sample())
    table = opened.tables[0]
    # then
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["序号", "物品名称", "数量"],
        ["1", "砂石", "20吨"],
    ]
    assert table.rows[0].cells[1].paragraphs[0].runs[0].font.bold
    assert _east_asia(table.rows[1].cells[1].paragraphs[0].runs[0]) == "仿宋_GB2312"
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    assert [round(c.width.mm) for c in table.rows[1].cells] == [20, 96, 40]


def test_it_lays_out_an_approval_form_of_labels_and_values():
    # when
    form = _open(_sample()).tables[1]
    rows = [[c.text for c in row.cells] for row in form.rows]
    # then: a one-field row spans the value columns; an opinion ends with signature and date
    assert rows[0] == ["案由", "非法采砂", "非法采砂", "非法采砂"]
    assert rows[1] == ["当事人", "张三", "联系电话", "13800000000"]
    opinion = form.rows[2].cells[1]
    assert [p.text for p in opinion.paragraphs] == ["建议立案。", "", "签名：王强", "2021年3月2日"]
    assert opinion.paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_it_writes_dates_the_chinese_way():
    assert chinese_date(dt.date(2021, 12, 30)) == "2021年12月30日"
    assert chinese_date(dt.date(2021, 3, 2)) == "2021年3月2日"  # 月、日不编虚位
    assert chinese_date(None).endswith("年\u3000\u3000月\u3000\u3000日")


def test_it_signs_with_the_authority_over_the_date_at_the_right():
    # when
    opened = _open(_sample())
    texts = [p.text for p in opened.paragraphs]
    authority = opened.paragraphs[len(texts) - 2]
    date = opened.paragraphs[-1]
    # then: the date four characters from the right, the authority centred over it
    assert (authority.text, date.text) == ("湘潭县石鼓镇人民政府", "2021年12月30日")
    assert authority.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"
    assert authority._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "250"


def test_it_lists_attachments_below_the_text():
    # when
    texts = [p.text for p in _open(_sample()).paragraphs]
    # then
    assert "附件：1．现场照片" in texts
    assert "2．询问笔录" in texts


def test_it_writes_a_package_whose_every_part_word_can_read():
    # when
    data = _sample().to_bytes()
    # then: a valid zip, every XML part parses, every part has a content type, every internal
    # relationship points at a part that exists
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    names = set(package.namelist())
    xml_parts = [n for n in names if n.endswith((".xml", ".rels"))]
    parsed = {name: etree.fromstring(package.read(name)) for name in xml_parts}
    types = parsed["[Content_Types].xml"]
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {d.get("Extension") for d in types.iter(f"{ns}Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{ns}Override")}
    for name in names:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    for name, root in parsed.items():
        if not name.endswith(".rels"):
            continue
        source_dir = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels → word
        for rel in root:
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(source_dir, target))
            )
            assert target in names, (name, target)


def test_it_names_a_fallback_for_every_official_font():
    # when
    package = zipfile.ZipFile(io.BytesIO(_sample().to_bytes()))
    fonts = etree.fromstring(package.read("word/fontTable.xml"))
    # then: Word/WPS without the official fonts substitute a Chinese face of the same kind
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    alt = {
        f.get(f"{w}name"): f.find(f"{w}altName").get(f"{w}val")
        for f in fonts
        if f.find(f"{w}altName") is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["方正小标宋简体"] == "宋体"
    assert alt["楷体_GB2312"] == "楷体"
    assert "黑体" in alt


def test_it_saves_to_a_file(tmp_path):
    # when
    path = tmp_path / "决定书.docx"
    _sample().save(path)
    # then
    assert docx.Document(str(path)).paragraphs[1].text == "行政处罚决定书"


def test_it_serves_the_docx_for_download_with_its_chinese_name():
    # when
    response = docx_response(_sample(), "石鼓执罚〔2021〕19号 行政处罚决定书")
    # then
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="document.docx"; ')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "石鼓执罚〔2021〕19号 行政处罚决定书.docx"
    assert " " not in encoded and '"' not in encoded
    assert docx.Document(io.BytesIO(response.content)).paragraphs[2].text == "石鼓执罚〔2021〕19号"


def test_it_enters_a_served_document_in_the_ledger_with_its_digest(regions):
    # given
    from fazhi.core import ledger
    from fazhi.core.models import LedgerEntry

    # when
    response = docx_response(_sample(), "决定书.docx", record=regions.town)
    # then
    entry = LedgerEntry.objects.filter(action="document.export").latest("id")
    assert entry.digests == [ledger.digest(response.content)]
    assert entry.data["number"] == "石鼓执罚〔2021〕19号"
