"""Official documents as they print: rendered by LibreOffice, the body keeps the GB/T 9704 grid of
28 characters a line and 22 lines a page.

The documents are converted to PDF by `soffice --headless` (all of a module's documents in one
run) with fazhi's fontconfig aliases for the official fonts, and read back with `pdftotext`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import pytest
from docx.shared import Pt

from fazhi.core import documents
from fazhi.core.documents import LINE_PITCH_PT, SIZE_3, OfficialDocument, text_width_chars

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
FONTCONFIG = Path(documents.__file__).parent / "data" / "fontconfig-fazhi.conf"
PAGE_NUMBER = re.compile(r"—\d+—")

requires_libreoffice = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not (SOFFICE and PDFTOTEXT),
        reason="needs soffice and pdftotext: apt-get install libreoffice-writer-nogui "
        "fonts-noto-cjk poppler-utils",
    ),
]
pytestmark = requires_libreoffice


# --- rendering ------------------------------------------------------------------------------


class Line(NamedTuple):
    text: str  # without whitespace (pdftotext spaces out justified CJK text)
    top: float  # pt from the top of the page
    bottom: float


class Rendered(NamedTuple):
    pages: list[list[Line]]  # the text lines of each page, page numbers left out
    paragraphs: list[tuple[str, int]]  # each body paragraph's text and first-line indent (chars)

    def lines(self) -> list[str]:
        return [line.text for page in self.pages for line in page]


def fontconfig_file(workdir: Path) -> Path:
    """The system's fontconfig setup plus fazhi's aliases, for FONTCONFIG_FILE."""
    path = workdir / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        "  <include>/etc/fonts/fonts.conf</include>\n"
        f"  <include>{FONTCONFIG}</include>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def render(docs: dict[str, OfficialDocument], workdir: Path) -> dict[str, Rendered]:
    """Convert the documents to PDF in one LibreOffice run (its own profile in `workdir`, so
    that parallel runs do not share one) and read each back page by page."""
    workdir.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, doc in docs.items():
        doc.save(workdir / f"{name}.docx")
        sources.append(str(workdir / f"{name}.docx"))
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(workdir)), "HOME": str(workdir)}
    profile = (workdir / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), *sources],
        env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {name: _read(workdir / f"{name}.pdf", doc) for name, doc in docs.items()}


def _read(pdf: Path, doc: OfficialDocument) -> Rendered:
    # pdftotext -layout for the text of each line, -bbox-layout for where the line is.
    layout = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    boxes = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    xhtml = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", boxes.stdout))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for text_page, box_page in zip(layout.stdout.split("\f"), xhtml.iterfind(".//x:page", ns), strict=False):
        texts = [re.sub(r"\s+", "", t) for t in text_page.split("\n")]
        texts = [t for t in texts if t]
        # One box per line of text, top to bottom (a line pdftotext splits in two has one top).
        boxes_by_top = {}
        for box in box_page.iterfind(".//x:line", ns):
            top, bottom = round(float(box.get("yMin")), 1), round(float(box.get("yMax")), 1)
            boxes_by_top[top] = max(bottom, boxes_by_top.get(top, 0))
        spans = sorted(boxes_by_top.items())
        assert len(texts) == len(spans), (pdf.name, texts, spans)
        lines = [Line(t, *span) for t, span in zip(texts, spans, strict=True)]
        pages.append([line for line in lines if not PAGE_NUMBER.fullmatch(line.text)])
    paragraphs = []
    for para in doc.docx.paragraphs:
        text = re.sub(r"\s+", "", para.text)
        indent = para.paragraph_format.first_line_indent or para.style.paragraph_format.first_line_indent
        if text:
            paragraphs.append((text, round((indent or 0) / Pt(SIZE_3))))
    return Rendered(pages, paragraphs)


# --- measuring ------------------------------------------------------------------------------


# Full-width in the Chinese fonts although below U+2E80 (where text_width_chars counts half).
FULL_WIDTH_PUNCTUATION = "“”‘’—…·"
# Marks that may not open a line (GB/T 15834 标点符号用法): the character before moves with them.
NO_LINE_START = "，。、；：？！）》」』”’…—"
NO_LINE_END = "（《「『“‘"


def width(text: str) -> float:
    """Width in characters: Chinese is one, a half-width letter or digit half."""
    return text_width_chars(text) + sum(0.5 for ch in text if ch in FULL_WIDTH_PUNCTUATION)


def full_lines(rendered: Rendered) -> list[tuple[float, str, str]]:
    """Every full line, as (width, line, next line): each line of a paragraph that runs over
    two lines or more, but its last; the first line's width counts its indent. Fails when a
    long paragraph cannot be found line by line in the PDF."""
    lines = rendered.lines()
    found = []
    for text, indent in rendered.paragraphs:
        if width(text) + indent <= documents.CHARS_PER_LINE:
            continue
        for start in range(len(lines)):
            joined, end = "", start
            while end < len(lines) and text.startswith(joined + lines[end]):
                joined += lines[end]
                end += 1
                if joined == text:
                    break
            if joined == text:
                break
        else:
            pytest.fail(f"paragraph not found line by line in the PDF: {text}")
        for k in range(start, end - 1):
            found.append((width(lines[k]) + (indent if k == start else 0), lines[k], lines[k + 1]))
    return found


def next_unit(line: str) -> str:
    """What a line break cannot split at the start of `line`: a word of Latin letters or digits,
    or one character, with the marks that may not end a line before it and those that may not
    open a line after it."""
    unit = re.match(rf"[{NO_LINE_END}]*(?:[!-~¥]+|.)", line).group(0)
    rest = line[len(unit) :]
    return unit + rest[: len(rest) - len(rest.lstrip(NO_LINE_START))]


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def autospace(text: str) -> float:
    """The room, in characters, of the quarter-em spaces that Word and LibreOffice put between
    Chinese and Latin letters or digits (Word's 「自动调整中文与西文/数字的间距」, on by default;
    LibreOffice applies it whatever the document says)."""
    return 0.25 * sum(
        1 for a, b in zip(text, text[1:], strict=False) if _latin(a) != _latin(b) and not (a + b).isascii()
    )


def assert_full(line_width: float, line: str, following: str) -> None:
    """The line holds at most 28 characters and was broken because the next would not fit. A
    mark that may not open a line may hang past the 28th character, in the margin (Word's
    「允许标点溢出边界」, on by default, and LibreOffice's hanging punctuation)."""
    if line_width > documents.CHARS_PER_LINE and line[-1] in NO_LINE_START:
        line_width -= width(line[-1])
    assert line_width <= documents.CHARS_PER_LINE, line
    unit = next_unit(following)
    room = line_width + autospace(line + unit) + width(unit)
    assert room > documents.CHARS_PER_LINE, (line, following)


def lines_on(page: list[Line]) -> int:
    """The lines a page spans from its first text line to its last, blank lines included."""
    return 1 + round((page[-1].bottom - page[0].bottom) / LINE_PITCH_PT)


# --- a long document made with the core builder ---------------------------------------------

# 58 characters of plain text; no punctuation mark may open a line, so none moves a character.
SENTENCE = "为深入推进法治乡镇建设提高群众的法治意识和依法办事能力镇人民政府决定在全镇范围内开展法治宣传教育活动现将有关事项通知如下"


def long_document() -> OfficialDocument:
    doc = OfficialDocument(
        title="关于开展法治宣传教育活动的通知", number="石鼓政发〔2021〕3号", authority="湘潭县石鼓镇人民政府"
    )
    doc.salutation("各村（社区）、镇直各单位：")
    doc.paragraph(SENTENCE * 3 + "。")
    doc.heading1("一、总体要求")
    doc.paragraph(SENTENCE * 26 + "。")  # some 54 lines: the whole of page 2 and more
    doc.heading2("（一）工作安排")
    doc.paragraph(SENTENCE * 2 + "。")
    doc.signature("湘潭县石鼓镇人民政府", dt.date(2021, 12, 30))
    return doc


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Rendered:
    return render({"notice": long_document()}, tmp_path_factory.mktemp("render"))["notice"]


def test_it_finds_the_official_fonts_through_fazhis_aliases(tmp_path):
    # when
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(tmp_path))}
    found = {
        font: subprocess.run(
            ["fc-match", "-f", "%{family[0]}", font], env=env, capture_output=True, text=True, check=True
        ).stdout
        for font in (documents.FONT_BODY, documents.FONT_TITLE, documents.FONT_HEADING1)
    }
    # then: Noto CJK (fonts-noto-cjk), not a Latin face without Chinese glyphs
    assert found == {
        documents.FONT_BODY: "Noto Serif CJK SC",
        documents.FONT_TITLE: "Noto Serif CJK SC",
        documents.FONT_HEADING1: "Noto Sans CJK SC",
    }


def test_it_sets_28_characters_on_every_full_line(rendered):
    # when
    lines = full_lines(rendered)
    # then
    assert len(lines) > 60
    assert {line_width for line_width, _line, _next in lines} == {28}


def test_it_sets_22_lines_on_a_full_page(rendered):
    # when: page 2 is all body text, one paragraph from its first line to its last
    page = rendered.pages[1]
    # then
    assert len(page) == 22
    assert lines_on(page) == 22
    assert all(width(line.text) == 28 for line in page)


def test_it_starts_the_text_at_the_top_of_the_text_block_on_every_page(rendered):
    # then: each page's first line is the first line of the 225 mm block, 37 mm down; its last
    # line ends in the block
    top = documents.TOP_MARGIN_MM * 72 / 25.4
    for page in rendered.pages:
        assert top <= page[0].top < top + LINE_PITCH_PT
        assert page[-1].bottom <= top + documents.TEXT_HEIGHT_MM * 72 / 25.4


def test_a_signature_table_kept_together_moves_whole_to_the_next_page(tmp_path):
    # given: body text ending a few lines above the page's foot, then a signature block of
    # eight rows that cannot fit there — once as a plain form, once kept together
    def with_block(keep: bool) -> OfficialDocument:
        doc = OfficialDocument(title="人民调解协议书", authority="歇马村人民调解委员会")
        doc.paragraph(SENTENCE * 7 + "。")  # about 15 lines: the foot of page 1 is near
        rows = [("当事人（签名、盖章或按指印）", "")] + [(f"第{i}方", "") for i in range(1, 7)]
        rows.append(("记录人（签名）", ""))
        doc.field_table(rows, label_width_mm=60, keep_together=keep)
        return doc

    # when
    out = render({"plain": with_block(False), "kept": with_block(True)}, tmp_path)

    def page_of(rendered: Rendered, text: str) -> int:
        return next(i for i, page in enumerate(rendered.pages) for line in page if text in line.text)

    # then: the plain form splits across the page end; the kept one starts on page 2, whole
    assert page_of(out["plain"], "当事人（签名") != page_of(out["plain"], "记录人（签名）")
    assert page_of(out["kept"], "当事人（签名") == page_of(out["kept"], "记录人（签名）") == 1
