"""The outputs: the .docx on the GB/T 9704 grid (opened with python-docx), Markdown, JSON, and
`fazhi report` on a small built tree."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from fazhi.reports import compose, outputs
from fazhi.reports.testing import PENDING_CODE


def _east_asia(style) -> str:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def test_the_docx_is_an_official_document(report, actions):
    # when the draft is written as .docx and opened again
    data, content_type, filename = outputs.render(report, "docx")
    doc = Document(io.BytesIO(data))
    assert filename == "湘潭县石鼓镇2021年法治政府建设工作报告.docx"
    # then the page is A4 with the GB/T 9704 margins
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert abs(section.top_margin - Mm(37)) < Mm(0.5)
    assert abs(section.left_margin - Mm(28)) < Mm(0.5)
    assert abs(section.right_margin - Mm(26)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(35)) < Mm(0.5)
    # the title in 2号小标宋, 一、 in 黑体, （一） in 楷体, the body in 3号仿宋
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == "湘潭县石鼓镇2021年法治政府建设工作报告"
    assert _east_asia(title.style) == "方正小标宋简体" and title.style.font.size.pt == 22
    h1 = next(p for p in paragraphs if p.text.startswith("一、"))
    assert _east_asia(h1.style) == "黑体"
    h2 = next(p for p in paragraphs if p.text.startswith("（二）规范执法"))
    assert _east_asia(h2.style) == "楷体_GB2312"
    body = next(p for p in paragraphs if "制止焚烧秸秆10余起" in p.text)
    assert _east_asia(body.style) == "仿宋_GB2312" and body.style.font.size.pt == 16
    # the page number "— 1 —" as a PAGE field in the footer
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "—" in footer
    # the signature and date at the end
    texts = [p.text for p in paragraphs]
    assert "湘潭县石鼓镇人民政府" in texts


def test_the_markdown_and_json_carry_the_same_figures(report, actions):
    composed = compose.compose(report)
    md = outputs.markdown(composed)
    assert md.startswith("# 湘潭县石鼓镇2021年法治政府建设工作报告")
    assert "## 一、认真学习贯彻习近平法治思想、开展宪法宣誓活动" in md
    assert "收缴罚款0元" in md
    data = outputs.as_json(report, composed)
    codes = {(f["code"], f["year"]) for f in data["figures"]}
    assert ("enforcement.sand_mining_actions", 2021) in codes
    sand = next(f for f in data["figures"] if f["code"] == "enforcement.sand_mining_actions")
    assert sand["value"] == 23 and sand["unit"] == "次" and sand["definition"]
    assert PENDING_CODE in data["pending"]
    assert [s["key"] for s in data["sections"]][:3] == ["opening", "study", "duty"]
    json.dumps(data, ensure_ascii=False, default=str)


def test_the_command_prints_markdown_and_writes_docx_and_json(regions, actions, tmp_path, capsys):
    # given no stored report: the command composes a draft and stores nothing
    call_command("report", region="石鼓镇", year=2021)
    out = capsys.readouterr().out
    assert "专项整治行动共20余次" in out
    from fazhi.reports.models import Report

    assert not Report.objects.exists()
    target = tmp_path / "r.docx"
    call_command("report", region="430321108", year=2021, format="docx", output=str(target))
    assert Document(str(target)).paragraphs[0].text == "湘潭县石鼓镇2021年法治政府建设工作报告"
    target = tmp_path / "r.json"
    call_command("report", region="430321108", year=2021, format="json", output=str(target))
    assert json.loads(target.read_text())["year"] == 2021
    with pytest.raises(CommandError):
        call_command("report", region="没有这个镇", year=2021)


def test_the_command_uses_the_stored_report(report, actions, capsys):
    section = report.sections.get(key="enforcement")
    section.body = "本镇自定段落{enforcement.campaign_actions}次。"
    section.save()
    call_command("report", region="430321108", year=2021)
    assert "本镇自定段落23次。" in capsys.readouterr().out
