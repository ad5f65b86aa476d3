"""The enforcement documents of a case: each comes out as a .docx Word opens, in the GB/T 9704
layout, carrying what the law requires it to say."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from fazhi.enforcement import documents
from fazhi.enforcement.models import Case, RectificationOrder


def _open(doc) -> docx.document.Document:
    data = doc.to_bytes()
    package = zipfile.ZipFile(io.BytesIO(data))
    for name in package.namelist():  # every part parses: a file Word opens
        if name.endswith((".xml", ".rels")):
            etree.fromstring(package.read(name))
    return docx.Document(io.BytesIO(data))


def _form(table) -> dict[str, str]:
    """label → value over a form's rows, two fields a row where there are four columns."""
    fields = {}
    for row in table.rows:
        cells = [c.text for c in row.cells]
        fields.setdefault(cells[0], cells[1])
        if len(cells) == 4 and cells[2] != cells[1]:
            fields.setdefault(cells[2], cells[3])
    return fields


def _text(opened) -> str:
    parts = [p.text for p in opened.paragraphs]
    for table in opened.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_it_renders_the_decision_with_its_number_margins_and_fonts(decided_case):
    # when
    opened = _open(documents.decision(decided_case))
    # then: the number under the title, the GB/T 9704 page, 2号小标宋 title, 3号仿宋 body
    texts = [p.text for p in opened.paragraphs]
    assert texts[:3] == ["湘潭县石鼓镇人民政府", "行政处罚决定书", "石鼓执罚〔2021〕19号"]
    section = opened.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    title = opened.paragraphs[1].runs[0]
    assert title.font.size == Pt(22)
    assert title._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in opened.paragraphs if p.text.startswith("经查"))
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in opened.paragraphs if p.text == "一、违法事实和证据")
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_it_identifies_the_party_in_the_decision_only(decided_case):
    # given
    id_number = decided_case.party.id_number
    # when
    decision_text = _text(_open(documents.decision(decided_case)))
    others = [
        documents.case_filing_form,
        documents.advance_notice,
        documents.hearing_notice,
        documents.service_receipt,
        documents.closing_report,
    ]
    # then: the decision names the party beyond doubt; the other documents only by name
    assert f"身份证号码：{id_number}" in decision_text
    assert "住址：湘潭县石鼓镇歇马村3组" in decision_text
    for build in others:
        text = _text(_open(build(decided_case)))
        assert "张三丰" in text
        assert id_number not in text, build.__name__


def test_it_states_the_facts_basis_penalty_and_payment_in_the_decision(decided_case):
    # when
    text = _text(_open(documents.decision(decided_case)))
    # then
    assert "使用采砂船非法采砂约200吨" in text
    assert "1．现场笔录：现场笔录一份；" in text
    assert "《湖南省河道采砂管理条例》第三十条" in text
    assert "罚款人民币伍仟元整（¥5,000.00）" in text
    assert "没收违法所得、没收非法财物" in text
    assert "经法制审核" in text
    assert "本机关于2021年10月8日依法举行了听证" in text
    # 罚缴分离 within 15 days, 加处罚款 3% a day capped at the fine (第六十七、七十二条)
    assert "自收到本决定书之日起15日内" in text
    assert "到指定的银行或者通过电子支付系统缴纳罚款" in text
    assert "每日按罚款数额的3%加处罚款" in text
    assert "不超出罚款的数额" in text
    # remedies: 行政复议 60 days, 行政诉讼 6 months
    assert "当事人非法采砂一案" in text
    assert "收到本决定书之日起60日内向湘潭县人民政府申请行政复议" in text
    assert "6个月内依法向湘潭县人民法院提起行政诉讼" in text
    assert texts_end(text) == ["湘潭县石鼓镇人民政府", "2021年10月15日"]


def texts_end(text: str) -> list[str]:
    return text.split("\n")[-2:] if "\n" in text else [text]


def test_it_identifies_an_organization_by_its_credit_code(enf, make_case):
    # given
    enf.company.legal_representative = "李四"
    enf.company.save()
    case = make_case(number="石鼓执罚〔2021〕7号", party=enf.company, intended_penalties=["warning"])
    # when
    text = _text(_open(documents.decision(case)))
    # then: a draft (not decided yet) carrying the intended penalty and no date
    assert f"统一社会信用代码：{enf.company.credit_code}" in text
    assert "法定代表人（负责人）：李四" in text
    assert "警告。" in text
    assert "缴纳罚款" not in text
    assert text.endswith("年\u3000\u3000月\u3000\u3000日")


def test_it_tells_the_party_their_rights_and_deadlines_in_the_advance_notice(decided_case):
    # when
    opened = _open(documents.advance_notice(decided_case))
    text = _text(opened)
    # then: numbered with 告 after the prefix, addressed to the party, the intended penalty,
    # the statement right (3 working days) and, for a fine of ¥5,000 from a citizen, the
    # hearing right (5 working days)
    assert [p.text for p in opened.paragraphs[:3]] == [
        "湘潭县石鼓镇人民政府",
        "行政处罚事先告知书",
        "石鼓执罚告〔2021〕19号",
    ]
    assert "张三丰：" in text
    assert "以上事实有现场笔录、视听资料等证据证实" in text
    assert "罚款人民币伍仟元整" in text
    assert "陈述和申辩" in text and "3个工作日内" in text
    assert "不因你陈述、申辩而给予更重的处罚" in text
    assert "有权要求举行听证" in text and "5个工作日内" in text
    assert "王强（执法证号：43030000001）、赵敏（执法证号：43030000002）" in text


def test_it_leaves_out_the_hearing_right_below_the_threshold(make_case):
    # given: a ¥500 fine for a citizen, under the province's ¥1,000 (行政处罚法 第六十三条)
    case = make_case(number="石鼓执罚〔2021〕3号", intended_penalties=["fine"], intended_fine=Decimal("500"))
    # when
    text = _text(_open(documents.advance_notice(case)))
    # then
    assert "罚款人民币伍佰元整" in text
    assert "听证" not in text


def test_it_announces_the_hearing_with_its_chair_and_rights(decided_case):
    # when
    text = _text(_open(documents.hearing_notice(decided_case)))
    # then
    assert "石鼓执罚听〔2021〕19号" in text
    assert "根据你于2021年9月23日提出的听证申请" in text
    assert "2021年10月8日在石鼓镇人民政府三楼会议室" in text
    assert "听证主持人：徐镇长" in text
    assert "申请回避" in text


def test_it_refuses_a_hearing_notice_without_a_hearing(make_case):
    # given
    case = make_case(number="石鼓执罚〔2021〕4号")
    # when / then
    with pytest.raises(documents.DocumentError, match="尚未安排听证"):
        documents.hearing_notice(case)


def test_it_fills_the_filing_form_with_case_and_officers(decided_case):
    # when
    opened = _open(documents.case_filing_form(decided_case))
    rows = _form(opened.tables[0])
    # then
    assert rows["案号"] == "石鼓执罚〔2021〕19号"
    assert rows["案由"] == "非法采砂案"
    assert rows["案件来源"] == "网格上报（编号：SJ-2021-0087）"
    assert "王强（执法证号：43030000001）" in rows["承办人员"]
    assert "《湖南省河道采砂管理条例》第三十条" in rows["涉嫌违反的规定及处罚依据"]
    assert "建议立案调查。" in rows["承办人意见"] and "2021年9月3日" in rows["承办人意见"]


def test_it_records_service_on_the_receipt(decided_case):
    # when
    rows = _form(_open(documents.service_receipt(decided_case)).tables[0])
    # then
    assert rows["送达文书名称及文号"] == "《行政处罚决定书》（石鼓执罚〔2021〕19号）"
    assert rows["受送达人"] == "张三丰"
    assert rows["送达时间"] == "2021年10月18日"
    assert rows["送达方式"] == "直接送达"
    assert "赵敏（执法证号：43030000002）" in rows["送达人"]


def test_it_reports_execution_in_the_closing_report(decided_case):
    # when
    text = _text(_open(documents.closing_report(decided_case)))
    # then
    assert "当事人于2021年10月30日缴纳罚款人民币伍仟元整（¥5,000.00）" in text
    assert "2021年11月5日" in text
    assert "本案已办理终结，建议结案。" in text


def test_it_orders_rectification_by_a_deadline(enf, users):
    # given
    order = RectificationOrder.objects.create(
        region=enf.body.region,
        body=enf.body,
        party=enf.company,
        issued_on=dt.date(2021, 5, 6),
        deadline=dt.date(2021, 5, 20),
        requirement="拆除河道内违法搭建的砂石堆场。",
        issued_by=users.officer,
    )
    # when
    opened = _open(documents.rectification_notice(order))
    text = _text(opened)
    # then: numbered 石鼓执罚改〔2021〕1号 (the body has no order prefix), addressed to the company
    assert [p.text for p in opened.paragraphs[:3]] == [
        "湘潭县石鼓镇人民政府",
        "责令改正通知书",
        "石鼓执罚改〔2021〕1号",
    ]
    assert "湘潭某某砂石有限公司：" in text
    assert "责令你单位于2021年5月20日前改正" in text
    assert "拆除河道内违法搭建的砂石堆场" in text
    assert "执法人员：王强（执法证号：43030000001）" in text
    assert enf.company.credit_code not in text


def test_it_decides_no_penalty_with_its_reason(make_case):
    # given
    case = make_case(
        number="石鼓执罚〔2021〕5号",
        filed_on=dt.date(2021, 9, 3),
        decision_kind=Case.DecisionKind.NO_PENALTY,
        decided_on=dt.date(2021, 9, 30),
        decision_reason="违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）。",
    )
    # when
    opened = _open(documents.decision(case))
    text = _text(opened)
    # then
    assert opened.paragraphs[1].text == "不予行政处罚决定书"
    assert "决定对当事人不予行政处罚" in text
    assert "缴纳罚款" not in text


def test_it_makes_no_decision_document_for_a_transferred_case(make_case):
    # given
    case = make_case(number="石鼓执罚〔2021〕6号", decision_kind=Case.DecisionKind.TRANSFERRED)
    # when / then
    with pytest.raises(documents.DocumentError, match="移送司法机关"):
        documents.decision(case)


def test_it_renders_documents_in_chinese_for_an_english_interface(decided_case):
    # when
    with translation.override("en"):
        doc, filename = documents.case_document(decided_case, "decision")
    # then
    assert doc.title == "行政处罚决定书"
    assert filename == "石鼓执罚〔2021〕19号 行政处罚决定书.docx"


def test_it_renders_every_case_document_by_key(decided_case):
    # when / then: each of the case's documents opens
    for key in documents.CASE_DOCUMENTS:
        doc, filename = documents.case_document(decided_case, key)
        assert _open(doc).paragraphs[1].text == doc.title
        assert filename.endswith(".docx")


@pytest.mark.parametrize(
    ("amount", "upper"),
    [
        ("5000", "伍仟元整"),
        ("220500", "贰拾贰万零伍佰元整"),
        ("100000", "壹拾万元整"),
        ("10005", "壹万零伍元整"),
        ("1050", "壹仟零伍拾元整"),
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("200.05", "贰佰元零伍分"),
        ("0.5", "伍角"),
        ("100010000", "壹亿零壹万元整"),
    ],
)
def test_it_writes_amounts_in_capital_figures(amount, upper):
    assert documents.rmb_upper(Decimal(amount)) == upper


# --- the wording: the document supplies the subject the officer's facts begin with ------------


def _facts_paragraph(opened) -> str:
    return next(p.text for p in opened.paragraphs if p.text.startswith("经查"))


@pytest.mark.parametrize(
    "facts", ["当事人在歇马村河道内采砂。", "在歇马村河道内采砂", "张三丰在歇马村河道内采砂。"]
)
def test_it_says_the_facts_of_a_citizen_with_one_subject(make_case, enf, facts):
    # given: facts written with and without a subject (the party here is 张三丰)
    case = make_case(number="石鼓执罚〔2021〕7号", filed_on=dt.date(2021, 9, 3), facts=facts)
    # when
    decision = _facts_paragraph(_open(documents.decision(case)))
    notice = next(p.text for p in _open(documents.advance_notice(case)).paragraphs if "经查" in p.text)
    # then
    assert decision.startswith("经查，当事人在歇马村河道内采砂")
    assert "经查，你在歇马村河道内采砂。" in notice
    assert "当事人当事人" not in decision and "你当事人" not in notice and "你张三丰" not in notice


def test_it_says_the_facts_of_an_organization_as_your_unit(make_case, enf):
    # given
    case = make_case(
        number="石鼓执罚〔2021〕8号",
        party=enf.company,
        filed_on=dt.date(2021, 9, 3),
        facts=f"{enf.company.name}在涓水河歇马村段河道管理范围内堆放砂石。",
    )
    # when
    notice = next(p.text for p in _open(documents.advance_notice(case)).paragraphs if "经查" in p.text)
    # then
    assert "经查，你单位在涓水河歇马村段河道管理范围内堆放砂石。" in notice


def test_an_order_a_case_was_later_filed_from_does_not_cite_itself(make_case, enf, users):
    # given: 逾期未改 → a case filed after the order, whose facts cite the order's number
    order = RectificationOrder.objects.create(
        region=enf.body.region,
        body=enf.body,
        party=enf.company,
        issued_on=dt.date(2021, 5, 6),
        deadline=dt.date(2021, 5, 20),
        requirement="拆除河道内违法搭建的砂石堆场。",
        issued_by=users.officer,
    )
    case = make_case(
        party=enf.company,
        filed_on=dt.date(2021, 5, 24),
        facts=f"当事人经责令改正（{order.number}）逾期未改正。",
    )
    order.case = case
    order.save()
    # when
    text = _text(_open(documents.rectification_notice(order)))
    # then: the notice states what was found at its issue, never its own number as the facts
    assert f"（{order.number}）" not in text
    assert "经本机关检查，你单位存在下列应当改正的违法行为。" in text


def test_an_order_issued_within_a_case_states_the_case_facts(make_case, enf, users):
    # given
    case = make_case(
        party=enf.company, filed_on=dt.date(2021, 5, 3), facts="当事人在河道内违法搭建砂石堆场。"
    )
    order = RectificationOrder.objects.create(
        region=enf.body.region,
        body=enf.body,
        party=enf.company,
        case=case,
        issued_on=dt.date(2021, 5, 6),
        deadline=dt.date(2021, 5, 20),
        requirement="拆除河道内违法搭建的砂石堆场。",
        issued_by=users.officer,
    )
    # when
    text = _text(_open(documents.rectification_notice(order)))
    # then
    assert "经查，你单位在河道内违法搭建砂石堆场。上述行为违反了" in text
