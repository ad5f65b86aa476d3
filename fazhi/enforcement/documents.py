"""The enforcement documents of a case, as .docx in the GB/T 9704-2012 layout.

One function per document, each taking a `Case` (or a `RectificationOrder`) and returning a
`fazhi.core.documents.OfficialDocument`; a view serves it with `docx_response(doc, filename,
record=case)`, which enters the download in the ledger with the file's digest.

What each document says follows the law it serves:
- 行政处罚事先告知书: the intended penalty, the facts, reasons and basis, and the rights to state,
  defend and ask for a hearing with their periods (行政处罚法 第四十四、四十五、六十三、六十四条).
- 行政处罚决定书: the party's name and address (and identity), the facts and evidence, the kind
  and basis of the penalty, how and when to pay (罚缴分离, 第六十七条; 加处罚款, 第七十二条),
  and the ways and periods of 行政复议 and 行政诉讼 (第五十九条).
- Only the decision carries the party's identity number: the other documents name the party.
  Documents for publication are not made here (the published decision masks the party).

Official documents are legal instruments in the national language: they are rendered in
Simplified Chinese whatever language the user's interface is in.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii
from fazhi.core.chinese import chinese_date, rmb_upper
from fazhi.core.documents import OfficialDocument, Opinion
from fazhi.core.models import RegionKind
from fazhi.enforcement import basis, rules
from fazhi.enforcement.models import Case, PenaltyKind, RectificationOrder
from fazhi.enforcement.workflow import has_hearing_rights

# Remedies against a penalty decision (行政处罚法 第五十九条第一款第五项 requires the document to
# state them). These periods are not 行政处罚法's and so are not in rules.py.
REVIEW_DAYS = 60  # 行政复议法 第二十条 (2023年修订; 原第九条): 知道该行政行为之日起六十日内申请行政复议
LAWSUIT_MONTHS = 6  # 行政诉讼法 第四十六条第一款: 知道作出行政行为之日起六个月内提起诉讼

DOCUMENT_LANGUAGE = "zh-hans"

# Marks inserted after the 机关代字 to number the case's other documents:
# 石鼓执罚〔2021〕19号 is the case and its decision; 石鼓执罚告〔2021〕19号 its advance notice.
NUMBER_MARKS = {"notice": "告", "hearing": "听", "reminder": "催", "preservation": "保"}


class DocumentError(ValueError):
    """The document cannot be made for this record (the message says why, in Chinese)."""


def _in_chinese(builder):
    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        with translation.override(DOCUMENT_LANGUAGE):
            return builder(*args, **kwargs)

    return wrapper


# --- the seven documents --------------------------------------------------------------------


@_in_chinese
def case_filing_form(case: Case) -> OfficialDocument:
    """立案审批表: the case as filed, for the officers' proposal and the leaders' approval."""
    party = case.party
    doc = OfficialDocument(title=_("立案审批表"), authority=case.body.name)
    source = case.get_source_display()
    if case.source_reference:
        source += _("（编号：%(ref)s）") % {"ref": case.source_reference}
    rows = [
        (_("案号"), case.number or ""),
        (_("案由"), case.cause),
        (
            _("案件来源"),
            source,
            _("发现日期"),
            chinese_date(case.discovered_on) if case.discovered_on else "",
        ),
        (_("当事人"), party.name, _("当事人类型"), party.get_kind_display()),
        (_("住址或住所"), party.address),
        (_("违法行为发生时间"), _act_period(case), _("违法地点"), case.place),
        (_("简要案情"), case.facts),
        (_("涉嫌违反的规定及处罚依据"), _basis(case)),
        (_("承办人员"), _officers_text(case, case.filed_on)),
        (_("承办人意见"), Opinion(_("建议立案调查。"), date=case.filed_on)),
        (_("审核意见"), Opinion()),
        (_("负责人审批意见"), Opinion()),
    ]
    opinions = {len(rows) - 3: 35, len(rows) - 2: 35, len(rows) - 1: 35}
    doc.field_table(rows, label_width_mm=34, min_heights_mm=opinions)
    return doc


@_in_chinese
def rectification_notice(order: RectificationOrder) -> OfficialDocument:
    """责令改正通知书 (行政处罚法 第二十八条第一款: 责令当事人改正或者限期改正违法行为)."""
    party, body, case = order.party, order.body, order.case
    you = _you(party)
    doc = OfficialDocument(title=_("责令改正通知书"), number=order.number, authority=body.name)
    doc.salutation(f"{party.name}：")
    if case is not None and case.filed_on and case.filed_on <= order.issued_on:
        # issued within a case: the case's facts. An order a case was later filed from (逾期未改)
        # says only what was found at its issue; the later case's facts cite this very order.
        doc.paragraph(
            _("经查，%(facts)s。上述行为违反了%(basis)s的规定。")
            % {"facts": _facts(you, party, case.facts or case.cause), "basis": case.power.basis}
        )
    else:
        doc.paragraph(_("经本机关检查，%(you)s存在下列应当改正的违法行为。") % {"you": you})
    doc.paragraph(
        _(
            "根据《中华人民共和国行政处罚法》第二十八条第一款的规定，现责令%(you)s于%(deadline)s前改正，整改要求如下："
        )
        % {"you": you, "deadline": chinese_date(order.deadline)}
    )
    doc.paragraph(order.requirement)
    doc.paragraph(
        _("逾期不改正的，本机关将依法立案查处。%(you)s改正后，请及时告知本机关，本机关将进行复查。")
        % {"you": you}
    )
    doc.paragraph(_remedies(body, you, _("本通知"), _("本通知书")))
    _contact(doc, body)
    if order.issued_by_id and getattr(order.issued_by, "officer", None):
        officer = order.issued_by.officer
        doc.paragraph(_("执法人员：%(officers)s") % {"officers": _officer_text(officer, order.issued_on)})
    doc.signature(body.name, order.issued_on)
    doc.blank()
    doc.paragraph(_receipt_line(), indent=False)
    return doc


@_in_chinese
def advance_notice(case: Case) -> OfficialDocument:
    """行政处罚事先告知书 (行政处罚法 第四十四条): the intended penalty, facts, reasons, basis,
    and the party's rights to state and defend (第四十五条) and, where the penalty gives it, to
    ask for a hearing (第六十三、六十四条), each with its period."""
    party, body = case.party, case.body
    you = _you(party)
    doc = OfficialDocument(
        title=_("行政处罚事先告知书"), number=_derived_number(case, "notice"), authority=body.name
    )
    doc.salutation(f"{party.name}：")
    doc.paragraph(
        _("%(you)s%(cause)s一案，本机关于%(filed)s立案调查。经查，%(facts)s。")
        % {
            "you": you,
            "cause": _cause(case),
            "filed": chinese_date(case.filed_on),
            "facts": _facts(you, party, case.facts or case.cause),
        }
    )
    evidence = _evidence_kinds(case)
    if evidence:
        doc.paragraph(_("以上事实有%(evidence)s等证据证实。") % {"evidence": "、".join(evidence)})
    doc.paragraph(
        _(
            "%(you)s的上述行为违反了%(basis)s的规定。依据%(basis)s的规定%(level)s，本机关拟对%(you)s作出如下行政处罚："
        )
        % {"you": you, "basis": _applied_basis(case), "level": _level_text(case)}
    )
    doc.paragraph(_penalty_text(case.intended_penalties, case.intended_fine, case.intended_other))
    doc.paragraph(
        _(
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，%(you)s有权进行陈述和申辩。"
            "如需陈述、申辩，请于收到本告知书之日起%(days)s个工作日内向本机关提出；逾期未提出的，视为放弃陈述、申辩权利。"
            "本机关不因%(you)s陈述、申辩而给予更重的处罚。"
        )
        % {"you": you, "days": rules.STATEMENT_WORKING_DAYS}
    )
    if has_hearing_rights(case):
        doc.paragraph(
            _(
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，%(you)s有权要求举行听证。"
                "如要求听证，请于收到本告知书之日起%(days)s个工作日内向本机关提出；逾期未提出的，视为放弃听证权利。"
            )
            % {"you": you, "days": rules.HEARING_REQUEST_WORKING_DAYS}
        )
    doc.paragraph(_("承办人员：%(officers)s") % {"officers": _officers_text(case, case.notified_on)})
    _contact(doc, body)
    doc.signature(body.name, case.notified_on)
    doc.blank()
    doc.paragraph(_receipt_line(), indent=False)
    return doc


@_in_chinese
def hearing_notice(case: Case) -> OfficialDocument:
    """听证通知书 (行政处罚法 第六十四条): time and place, seven working days ahead, the chair,
    the party's rights at the hearing."""
    hearing = case.current_hearing()
    if hearing is None:
        raise DocumentError(_("本案尚未安排听证，不能制作听证通知书"))
    party, body = case.party, case.body
    you = _you(party)
    doc = OfficialDocument(
        title=_("听证通知书"), number=_derived_number(case, "hearing"), authority=body.name
    )
    doc.salutation(f"{party.name}：")
    requested = (
        _("根据%(you)s于%(day)s提出的听证申请，")
        % {"you": you, "day": chinese_date(case.hearing_requested_on)}
        if case.hearing_requested_on
        else ""
    )
    doc.paragraph(
        _("%(requested)s本机关决定于%(day)s在%(place)s就%(you)s%(cause)s一案%(public)s举行听证。")
        % {
            "requested": requested,
            "day": chinese_date(hearing.scheduled_on),
            "place": hearing.place or _("本机关"),
            "you": you,
            "cause": _cause(case),
            "public": _("公开") if hearing.public else _("不公开"),
        }
    )
    doc.paragraph(_("听证主持人：%(chair)s。") % {"chair": hearing.chair})
    doc.paragraph(_("根据《中华人民共和国行政处罚法》第六十四条的规定，请注意以下事项："))
    doc.paragraph(
        _("（一）%(you)s可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，应当提交授权委托书。")
        % {"you": you}
    )
    doc.paragraph(
        _(
            "（二）%(you)s认为主持人与本案有直接利害关系的，有权申请回避，请于听证举行前向本机关提出并说明理由。"
        )
        % {"you": you}
    )
    doc.paragraph(
        _(
            "（三）%(you)s及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证。"
        )
        % {"you": you}
    )
    doc.paragraph(_("（四）请携带身份证明及有关证据材料，按时参加听证。"))
    _contact(doc, body)
    doc.signature(body.name, hearing.notice_on)
    doc.blank()
    doc.paragraph(_receipt_line(), indent=False)
    return doc


@_in_chinese
def decision(case: Case) -> OfficialDocument:
    """行政处罚决定书 (行政处罚法 第五十九条), or 不予行政处罚决定书. Before the decision is
    made it renders the draft (the intended penalty, no date), e.g. for the legal review."""
    if case.decision_kind == Case.DecisionKind.TRANSFERRED:
        raise DocumentError(_("本案已移送司法机关，不制作行政处罚决定书"))
    no_penalty = case.decision_kind == Case.DecisionKind.NO_PENALTY
    party, body = case.party, case.body
    title = _("不予行政处罚决定书") if no_penalty else _("行政处罚决定书")
    doc = OfficialDocument(title=title, number=case.number, authority=body.name)

    # 第五十九条第一款第一项: the party's name and address (and identity, to name them beyond doubt)
    for line in _identity_lines(party):
        doc.paragraph(line, indent=False)
    doc.blank()

    doc.paragraph(
        _("当事人%(cause)s一案，本机关于%(filed)s立案调查，现已调查终结。")
        % {"cause": _cause(case), "filed": chinese_date(case.filed_on)}
    )
    # 第二项: the facts and the evidence
    doc.heading1(_("一、违法事实和证据"))
    facts = _facts(_("当事人"), party, case.facts or case.cause)
    if case.place and case.place not in facts:
        facts += _("（地点：%(place)s）") % {"place": case.place}
    doc.paragraph(_("经查，%(facts)s。") % {"facts": facts})
    items = list(case.evidence.all())
    if items:
        doc.paragraph(_("上述事实有下列证据证明："))
        for i, item in enumerate(items, start=1):
            doc.paragraph(f"{i}．{item.get_kind_display()}：{_sentence(item.description)}；")
    # 第四十四、四十五、六十四条: what the party was told and said
    doc.heading1(_("二、告知和陈述申辩情况"))
    for text in _procedure_text(case):
        doc.paragraph(text)
    # 第三项: the kind and basis of the penalty
    doc.heading1(_("三、处罚依据和决定"))
    doc.paragraph(
        _("本机关认为，当事人的上述行为违反了%(basis)s的规定%(level)s。")
        % {"basis": _applied_basis(case), "level": _level_text(case)}
    )
    review = case.latest_review()
    steps = []
    if review and review.passed:
        steps.append(_("经法制审核"))
    if case.collective_discussion:
        steps.append(_("经本机关负责人集体讨论"))
    if no_penalty:
        doc.paragraph(
            _("%(steps)s本机关决定对当事人不予行政处罚。理由如下：%(reason)s")
            % {
                "steps": "、".join(steps) + "，" if steps else "",
                "reason": _sentence(case.decision_reason) + "。",
            }
        )
    else:
        decided = bool(case.decided_on)
        penalties = case.decided_penalties if decided else case.intended_penalties
        fine = case.decided_fine if decided else case.intended_fine
        other = case.decided_other if decided else case.intended_other
        doc.paragraph(
            _("依据%(basis)s的规定，%(steps)s本机关决定对当事人作出如下行政处罚：")
            % {"basis": _applied_basis(case), "steps": "、".join(steps) + "，" if steps else ""}
        )
        doc.paragraph(_penalty_text(penalties, fine, other))
        # 第四项: how and by when to carry it out
        doc.heading1(_("四、履行方式和期限"))
        if fine:
            doc.paragraph(_payment_text())
        else:
            doc.paragraph(_("当事人应当自收到本决定书之日起履行本决定。"))
    # 第五项: the remedies
    doc.heading1(_("五、救济途径和期限") if not no_penalty else _("四、救济途径和期限"))
    doc.paragraph(_remedies(body, _("当事人"), _("本决定"), _("本决定书")))
    doc.paragraph(
        _(
            "行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外（《中华人民共和国行政处罚法》第七十三条）。"
        )
    )
    # 第六项: the deciding body and the date
    doc.signature(body.name, case.decided_on)
    return doc


@_in_chinese
def service_receipt(case: Case, served_document: str = "") -> OfficialDocument:
    """送达回证: which document was served on whom, where, when, how and by whom (第六十一条).
    By default the decision; `served_document` names another (e.g. the advance notice)."""
    party, body = case.party, case.body
    if not served_document:
        title = (
            _("不予行政处罚决定书")
            if case.decision_kind == Case.DecisionKind.NO_PENALTY
            else _("行政处罚决定书")
        )
        served_document = f"《{title}》（{case.number}）"
    doc = OfficialDocument(title=_("送达回证"), authority=body.name)
    rows = [
        (_("案号"), case.number),
        (_("送达文书名称及文号"), served_document),
        (_("受送达人"), party.name),
        (_("送达地点"), party.address),
        (_("送达时间"), chinese_date(case.served_on), _("送达方式"), case.service_method or _("直接送达")),
        (_("送达人"), _officers_text(case, case.served_on)),
        (_("受送达人签名或者盖章"), Opinion()),
        (_("代收人及代收理由"), ""),
        (_("见证人"), ""),
        (_("备注"), ""),
    ]
    doc.field_table(rows, label_width_mm=34, min_heights_mm={6: 30, 7: 18, 8: 18, 9: 18})
    doc.paragraph(
        _(
            "说明：受送达人拒绝签收的，送达人应当在备注栏中注明拒收事由和日期，由送达人、见证人签名，把文书留在受送达人的住所。"
        ),
        indent=False,
    )
    return doc


@_in_chinese
def closing_report(case: Case) -> OfficialDocument:
    """结案报告: the case from filing to execution, for the approval to close it."""
    party, body = case.party, case.body
    doc = OfficialDocument(title=_("结案报告"), authority=body.name)
    if case.decision_kind == Case.DecisionKind.PENALTY:
        outcome = _penalty_text(case.decided_penalties, case.decided_fine, case.decided_other)
    elif case.decision_kind:
        outcome = case.get_decision_kind_display()
    else:
        outcome = ""
    rows = [
        (_("案号"), case.number),
        (_("案由"), case.cause),
        (_("当事人"), party.name),
        (_("立案日期"), _date_or_blank(case.filed_on), _("决定日期"), _date_or_blank(case.decided_on)),
        (_("处罚依据"), _applied_basis(case)),
        (_("处理结果"), outcome),
        (_("送达情况"), _service_text(case)),
        (_("执行情况"), _execution_text(case)),
        (_("结案日期"), _date_or_blank(case.closed_on)),
        (_("承办人员"), _officers_text(case, case.closed_on)),
        (_("承办人意见"), Opinion(_("本案已办理终结，建议结案。"), date=case.closed_on)),
        (_("负责人审批意见"), Opinion()),
    ]
    doc.field_table(rows, label_width_mm=34, min_heights_mm={10: 35, 11: 35})
    return doc


@_in_chinese
def reminder(case: Case) -> OfficialDocument:
    """催告书 (行政强制法 第三十五条、第五十四条): before applying to the court, the party is told in
    writing the period and the way to pay, the amount (the fine and the surcharge so far), and
    the right to state and defend; ten days after it is served the body may apply."""
    party, body = case.party, case.body
    you = _you(party)
    doc = OfficialDocument(title=_("催告书"), number=_derived_number(case, "reminder"), authority=body.name)
    doc.salutation(f"{party.name}：")
    day = case.reminded_on or timezone.localdate()
    from fazhi.enforcement import execution

    extra = execution.surcharge(case, day)
    doc.paragraph(
        _(
            "本机关于%(decided)s对%(you)s作出%(number)s《行政处罚决定书》，决定对%(you)s罚款%(fine)s，"
            "该决定书已于%(served)s送达。%(you)s应当于%(due)s前缴纳罚款，至今未履行。"
        )
        % {
            "decided": _date_or_blank(case.decided_on),
            "you": you,
            "number": case.number,
            "fine": _money(case.decided_fine or 0),
            "served": _date_or_blank(case.served_on),
            "due": _date_or_blank(case.fine_due_on),
        }
    )
    doc.paragraph(
        _(
            "根据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告%(you)s自收到本催告书之日起%(days)s日内履行下列义务："
        )
        % {"you": you, "days": rules.REMINDER_WAIT_DAYS}
    )
    total = (case.decided_fine or 0) + extra
    # each amount opens its own line (the figures in brackets are narrower than characters)
    doc.paragraph(_("一、缴纳罚款%(fine)s；") % {"fine": _money(case.decided_fine or 0)})
    doc.paragraph(_("二、缴纳加处罚款%(extra)s；") % {"extra": _money(extra)})
    doc.paragraph(
        _(
            "加处罚款计至本催告书送达之日，此后每日按罚款数额的百分之三加处至实际缴纳之日，不超出罚款的数额；"
            "行政复议、行政诉讼期间不予计算。以上合计%(total)s。"
        )
        % {"total": _money(total)}
    )
    bank = getattr(settings, "ENFORCEMENT_FINE_BANK", "")
    doc.paragraph(
        _("三、缴纳方式：持《行政处罚决定书》到%(where)s缴纳，本机关及执法人员不直接收缴罚款。")
        % {"where": bank or _("指定的银行或者通过电子支付系统")}
    )
    doc.paragraph(
        _(
            "%(you)s收到本催告书后有权进行陈述和申辩（《中华人民共和国行政强制法》第三十六条）。"
            "逾期仍不履行的，本机关将依法申请人民法院强制执行。"
        )
        % {"you": you}
    )
    doc.paragraph(_("承办人员：%(officers)s") % {"officers": _officers_text(case, day)})
    _contact(doc, body)
    doc.signature(body.name, case.reminded_on)
    doc.blank()
    doc.paragraph(_receipt_line(), indent=False)
    return doc


@_in_chinese
def preservation_notice(case: Case) -> OfficialDocument:
    """先行登记保存通知书 (行政处罚法 第五十六条): what is preserved, where, on whose approval, that
    the party may not destroy or move it, and that a decision follows within seven working days."""
    party, body = case.party, case.body
    you = _you(party)
    doc = OfficialDocument(
        title=_("先行登记保存通知书"), number=_derived_number(case, "preservation"), authority=body.name
    )
    doc.salutation(f"{party.name}：")
    doc.paragraph(
        _(
            "本机关在调查%(you)s%(cause)s一案中，因证据可能灭失或者以后难以取得，经本机关负责人批准，"
            "根据《中华人民共和国行政处罚法》第五十六条的规定，于%(day)s对下列证据予以先行登记保存："
        )
        % {"you": you, "cause": _cause(case), "day": _date_or_blank(case.preserved_on)}
    )
    doc.paragraph(case.preservation_items or _("（证据清单未填写）"))
    doc.paragraph(
        _(
            "在先行登记保存期间，%(you)s或者有关人员不得损毁、销毁或者转移上述证据。"
            "本机关将在%(days)s个工作日内作出处理决定。"
        )
        % {"you": you, "days": rules.PRESERVATION_DECISION_WORKING_DAYS}
    )
    if case.preservation_decided_on:
        doc.paragraph(
            _("处理决定：%(day)s，%(outcome)s。")
            % {"day": chinese_date(case.preservation_decided_on), "outcome": case.preservation_outcome}
        )
    doc.paragraph(_("承办人员：%(officers)s") % {"officers": _officers_text(case, case.preserved_on)})
    _contact(doc, body)
    doc.signature(body.name, case.preserved_on)
    doc.blank()
    doc.paragraph(_receipt_line(), indent=False)
    return doc


# The case documents by key, for views and archives: key → (title, builder).
CASE_DOCUMENTS = {
    "filing": (gettext_lazy("立案审批表"), case_filing_form),
    "notice": (gettext_lazy("行政处罚事先告知书"), advance_notice),
    "hearing": (gettext_lazy("听证通知书"), hearing_notice),
    "decision": (gettext_lazy("行政处罚决定书"), decision),
    "service": (gettext_lazy("送达回证"), service_receipt),
    "closing": (gettext_lazy("结案报告"), closing_report),
    "reminder": (gettext_lazy("催告书"), reminder),
    "preservation": (gettext_lazy("先行登记保存通知书"), preservation_notice),
}


# A document is a draft until the step it belongs to is taken: it carries a visible 草稿 mark.
DRAFT_UNTIL = {
    "filing": "filed_on",
    "notice": "notified_on",
    "decision": "decided_on",
    "service": "served_on",
    "closing": "closed_on",
    "reminder": "reminded_on",
    "preservation": "preserved_on",
}
DRAFT_MARK = gettext_lazy("草稿（相应步骤尚未办理，本文书未生效）")


def is_draft(case: Case, key: str) -> bool:
    field = DRAFT_UNTIL.get(key)
    return bool(field) and getattr(case, field) is None


def mark_draft(doc: OfficialDocument) -> None:
    """The 草稿 mark in the page header of every page (outside the body's 28 × 22 grid), and in
    the document's properties."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for section in doc.docx.sections:
        header = section.header
        header.is_linked_to_previous = False
        para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = para.add_run(str(DRAFT_MARK))
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.docx.core_properties.keywords = "草稿"
    doc.is_draft = True


def with_masked_party(record, user):
    """`record` (a case or an order) as `user` may read it: itself when they may see the
    party's personal information in full, else a copy whose party is masked (张某某,
    4303**********1238, 住址 to the village): a masked document is still a whole document."""
    if user is None or pii.may_see_full(user, record.party):
        return record
    clone = copy.copy(record)
    clone.party = pii.masked_copy(record.party)
    return clone


def case_document(case: Case, key: str, user=None) -> tuple[OfficialDocument, str]:
    """The document `key` of `case` and its download file name (案号 + title). With `user`, the
    party's personal information is masked unless they may see it in full."""
    if key not in CASE_DOCUMENTS:
        raise DocumentError(_("没有这种文书：%(key)s") % {"key": key})
    title, builder = CASE_DOCUMENTS[key]
    doc = builder(with_masked_party(case, user))
    draft = is_draft(case, key)
    if draft:
        mark_draft(doc)
    return doc, f"{case.number or _('未立案')} {doc.title}{_('（草稿）') if draft else ''}.docx"


def order_document(order: RectificationOrder, user=None) -> tuple[OfficialDocument, str]:
    doc = rectification_notice(with_masked_party(order, user))
    return doc, f"{order.number} {doc.title}.docx"


# --- text pieces ----------------------------------------------------------------------------


def _money(amount) -> str:
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _("人民币%(upper)s（¥%(figure)s）") % {"upper": rmb_upper(amount), "figure": f"{amount:,.2f}"}


def _penalty_text(kinds, fine, other: str) -> str:
    parts = []
    for kind in kinds or ():
        if kind == PenaltyKind.FINE:
            continue
        parts.append(str(PenaltyKind(kind).label) if kind in PenaltyKind.values else str(kind))
    if fine:
        parts.append(_("罚款%(money)s") % {"money": _money(fine)})
    if other:
        parts.append(other.rstrip("。；;"))
    if not parts:
        return _("（处罚内容未填写）")
    return "；".join(parts) + "。"


def _payment_text() -> str:
    """罚缴分离 (行政处罚法 第六十七条) and 加处罚款 (第七十二条)."""
    bank = getattr(settings, "ENFORCEMENT_FINE_BANK", "")
    where = (
        _("到%(bank)s或者通过电子支付系统") % {"bank": bank}
        if bank
        else _("到指定的银行或者通过电子支付系统")
    )
    rate = f"{(rules.SURCHARGE_RATE_PER_DAY * 100).normalize():f}%"
    return _(
        "当事人应当自收到本决定书之日起%(days)s日内，持本决定书%(where)s缴纳罚款（《中华人民共和国行政处罚法》第六十七条）。"
        "本机关及执法人员不直接收缴罚款。"
        "到期不缴纳罚款的，本机关将依据《中华人民共和国行政处罚法》第七十二条第一款第一项的规定，每日按罚款数额的%(rate)s加处罚款，"
        "加处罚款的数额不超出罚款的数额，并可以依法申请人民法院强制执行。"
    ) % {"days": rules.FINE_PAYMENT_DAYS, "where": where, "rate": rate}


def _remedies(body, you: str, act: str, paper: str) -> str:
    """行政复议 within 60 days (to the government one level up) and 行政诉讼 within 6 months (in
    the court where the body sits, 行政诉讼法 第十八条)."""
    county = body.region.ancestors().filter(kind=RegionKind.COUNTY).first()
    county_name = county.name if county else ""
    review_body = getattr(settings, "ENFORCEMENT_REVIEW_BODY", "") or _("%(county)s人民政府") % {
        "county": county_name
    }
    court = getattr(settings, "ENFORCEMENT_COURT", "") or _("%(county)s人民法院") % {"county": county_name}
    return _(
        "%(you)s如不服%(act)s，可以在收到%(paper)s之日起%(review_days)s日内向%(review_body)s申请行政复议，"
        "或者在%(months)s个月内依法向%(court)s提起行政诉讼。"
    ) % {
        "you": you,
        "act": act,
        "paper": paper,
        "review_days": REVIEW_DAYS,
        "review_body": review_body,
        "months": LAWSUIT_MONTHS,
        "court": court,
    }


def _procedure_text(case: Case) -> list[str]:
    texts = []
    if case.notified_on:
        hearing_right = _("、要求听证") if has_hearing_rights(case) else ""
        texts.append(
            _(
                "本机关于%(day)s向当事人送达了《行政处罚事先告知书》（%(number)s），告知当事人拟作出行政处罚的内容及事实、"
                "理由、依据，以及当事人依法享有的陈述、申辩%(hearing)s的权利。"
            )
            % {
                "day": chinese_date(case.notified_on),
                "number": _derived_number(case, "notice"),
                "hearing": hearing_right,
            }
        )
    else:
        texts.append(_("（本案尚未进行事先告知。）"))
    if case.statement_received:
        texts.append(
            _(
                "当事人于%(day)s提出陈述、申辩意见：%(statement)s。本机关对当事人提出的事实、理由和证据进行了复核。"
            )
            % {"day": _date_or_blank(case.statement_on), "statement": _sentence(case.statement)}
        )
    elif case.statement_waived:
        texts.append(_("当事人明确表示放弃陈述、申辩权利。"))
    elif case.notified_on:
        texts.append(_("当事人在规定期限内未提出陈述、申辩意见。"))
    hearing = case.current_hearing()
    if hearing and hearing.held_on:
        texts.append(_("本机关于%(day)s依法举行了听证。") % {"day": chinese_date(hearing.held_on)})
    elif case.hearing_waived:
        texts.append(_("当事人明确表示放弃听证权利。"))
    elif case.notified_on and has_hearing_rights(case) and not case.hearing_requested:
        texts.append(_("当事人在规定期限内未要求听证。"))
    return texts


def _service_text(case: Case) -> str:
    if not case.served_on:
        return ""
    how = _("当场交付") if case.party_present else (case.service_method or _("送达"))
    return _("%(day)s以%(how)s方式送达当事人。") % {"day": chinese_date(case.served_on), "how": how}


def _execution_text(case: Case) -> str:
    if case.decision_kind != Case.DecisionKind.PENALTY:
        return _("无需执行。") if case.decision_kind else ""
    parts = []
    if case.paid_on:
        parts.append(
            _("当事人于%(day)s缴纳罚款%(amount)s")
            % {"day": chinese_date(case.paid_on), "amount": _money(case.amount_paid or 0)}
        )
        if case.surcharge:
            parts.append(_("其中加处罚款%(amount)s") % {"amount": _money(case.surcharge)})
    if case.compulsory_execution_applied_on:
        parts.append(
            _("本机关于%(day)s向%(court)s申请强制执行")
            % {
                "day": chinese_date(case.compulsory_execution_applied_on),
                "court": case.compulsory_execution_court or _("人民法院"),
            }
        )
    if not parts:
        return _("罚款尚未缴纳。") if case.decided_fine else _("已履行。")
    return "，".join(parts) + "。"


def _identity_lines(party) -> list[str]:
    if party.is_citizen:
        lines = [_("当事人：%(name)s") % {"name": party.name}]
        if party.id_number:
            lines.append(_("身份证号码：%(id)s") % {"id": party.id_number})
        if party.address:
            lines.append(_("住址：%(address)s") % {"address": party.address})
    else:
        lines = [_("当事人：%(name)s") % {"name": party.name}]
        if party.credit_code:
            lines.append(_("统一社会信用代码：%(code)s") % {"code": party.credit_code})
        if party.legal_representative:
            lines.append(_("法定代表人（负责人）：%(name)s") % {"name": party.legal_representative})
        if party.address:
            lines.append(_("住所：%(address)s") % {"address": party.address})
    return lines


def _officer_text(officer, day: dt.date | None) -> str:
    day = day or timezone.localdate()
    certificate = officer.certificate_on(day) or officer.current_certificate
    number = certificate.number if certificate else _("无")
    return _("%(name)s（执法证号：%(number)s）") % {"name": officer.name, "number": number}


def _officers_text(case: Case, day: dt.date | None) -> str:
    return "、".join(_officer_text(officer, day) for officer in case.active_officers())


def _derived_number(case: Case, kind: str) -> str:
    prefix = case.body.case_prefix
    if not case.number or not prefix or not case.number.startswith(prefix):
        return case.number
    return prefix + NUMBER_MARKS[kind] + case.number[len(prefix) :]


def _applied_basis(case: Case) -> str:
    """The basis the penalty stands on: the version 第三十七条 applied (recorded with the decision;
    before it, the one that would apply on the notice's day), named with its version and the day
    it took effect; a power without versions, its own article."""
    version = case.basis_version
    if version is None and case.power.basis_versions.exists():
        day = case.decided_on or case.notified_on or timezone.localdate()
        version = basis.applicable(case, day)[0]
    if version is None:
        return case.power.basis
    return _("%(basis)s（%(label)s，%(day)s起施行）") % {
        "basis": version.basis,
        "label": version.label,
        "day": chinese_date(version.effective_from),
    }


def _basis(case: Case) -> str:
    power = case.power
    text = _("%(name)s（%(code)s）；依据：%(basis)s") % {
        "name": power.name,
        "code": power.code,
        "basis": power.basis,
    }
    if case.discretion_level_id:
        text += _("；裁量等级：%(level)s") % {"level": case.discretion_level.get_level_display()}
    return text


def _level_text(case: Case) -> str:
    if not case.discretion_level_id:
        return ""
    level = case.discretion_level
    return _("，属于裁量基准规定的“%(level)s”情形") % {"level": level.get_level_display()}


def _evidence_kinds(case: Case) -> list[str]:
    seen: list[str] = []
    for item in case.evidence.all():
        label = str(item.get_kind_display())
        if label not in seen:
            seen.append(label)
    return seen


def _cause(case: Case) -> str:
    """案由 before 「一案」: 非法采砂案 → 非法采砂 (so that it does not read 非法采砂案一案)."""
    return case.cause.strip().removesuffix("一案").removesuffix("案")


def _act_period(case: Case) -> str:
    if case.act_end_date and case.act_end_date != case.act_date:
        return f"{chinese_date(case.act_date)}至{chinese_date(case.act_end_date)}"
    return chinese_date(case.act_date)


def _contact(doc: OfficialDocument, body) -> None:
    parts = []
    if body.address:
        parts.append(_("地址：%(address)s") % {"address": body.address})
    if body.phone:
        parts.append(_("联系电话：%(phone)s") % {"phone": body.phone})
    if parts:
        doc.paragraph(_("本机关%(contact)s。") % {"contact": "，".join(parts)})


def _receipt_line() -> str:
    return _("当事人签收：%(blank)s%(date)s") % {"blank": "\u3000" * 6, "date": chinese_date(None)}


def _you(party) -> str:
    return _("你") if party.is_citizen else _("你单位")


def _facts(subject: str, party, text: str) -> str:
    """The facts as a clause with the document's own subject (你 / 你单位 / 当事人): officers
    write the facts starting with "当事人…" or the party's name, which the document replaces
    rather than repeats ("经查，你单位在…", never "经查，你单位当事人在…")."""
    clause = _sentence(text)
    for lead in sorted(
        {"当事人", "你单位", "你", party.name or "", party.public_name or ""}, key=len, reverse=True
    ):
        if lead and clause.startswith(lead):
            clause = clause[len(lead) :].lstrip("，,、 ")
            break
    return subject + clause


def _sentence(text: str) -> str:
    """A clause to embed in a sentence: no trailing full stop."""
    return (text or "").strip().rstrip("。．.；;，,")


def _date_or_blank(day: dt.date | None) -> str:
    return chinese_date(day) if day else ""
