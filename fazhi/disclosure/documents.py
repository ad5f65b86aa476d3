"""The reply to a request (政府信息公开申请答复书 / 告知书) on core's GB/T 9704 builder: one text per
outcome, citing the article it rests on, with the remedies and their time limits (条例 第五十一条:
行政复议 within 60 days, 行政复议法 第二十条; 行政诉讼 within 6 months, 行政诉讼法 第四十六条).
Built from a masked copy of the request for a reader who may not see the applicant in full."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fazhi.core import pii
from fazhi.core.chinese import chinese_date
from fazhi.core.documents import OfficialDocument
from fazhi.disclosure.models import Outcome, Request
from fazhi.disclosure.workflow import OUTCOME_ARTICLES

# 行政复议法 (2023) 第二十条: 自知道或者应当知道该行政行为之日起六十日内提出行政复议申请.
RECONSIDERATION_DAYS = 60
# 行政诉讼法 第四十六条: 自知道或者应当知道作出行政行为之日起六个月内提出.
LAWSUIT_MONTHS = 6


class DocumentError(Exception):
    """The document cannot be made from the record as it stands (said in Chinese)."""


WHY = {
    Outcome.SECRET: _lazy("属于国家秘密"),
    Outcome.LAW_FORBIDS: _lazy("属于法律、行政法规禁止公开的信息"),
    Outcome.SAFETY: _lazy("公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    Outcome.THIRD_PARTY: _lazy("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
    Outcome.INTERNAL: _lazy("属于人事管理、后勤管理、内部工作流程等内部事务信息"),
    Outcome.PROCESS: _lazy("属于讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    Outcome.ENFORCEMENT_FILE: _lazy("属于行政执法案卷信息"),
    Outcome.QUERY: _lazy("属于行政查询事项，请按有关法律、行政法规的规定办理"),
    Outcome.PETITION: _lazy("属于信访、举报、投诉类申请，请通过信访、举报、投诉渠道提出"),
    Outcome.REPEAT: _lazy("属于重复申请，本机关已就相同内容作出答复"),
    Outcome.PUBLICATION: _lazy("要求提供公开出版物，请通过公开出版物的发行渠道获取"),
    Outcome.VEXATIOUS: _lazy("申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理"),
    Outcome.CONFIRM: _lazy("要求行政机关确认或者重新出具已获取的信息"),
}


def _title(outcome: str) -> str:
    if outcome in (Outcome.OPEN, Outcome.PARTIAL):
        return _("政府信息公开申请答复书")
    if outcome.startswith("3"):
        return _("政府信息不予公开告知书")
    if outcome.startswith("4"):
        return _("政府信息无法提供告知书")
    if outcome.startswith("5"):
        return _("政府信息公开申请不予处理告知书")
    return _("政府信息公开申请处理告知书")


def _conclusion(req: Request) -> str:
    outcome = req.outcome
    article = str(OUTCOME_ARTICLES.get(outcome, "") or "")
    cite = (
        _("根据《中华人民共和国政府信息公开条例》%(article)s的规定，") % {"article": article}
        if article
        else ""
    )
    if outcome == Outcome.OPEN:
        return cite + _("您申请获取的政府信息属于公开范围，本机关予以公开。")
    if outcome == Outcome.PARTIAL:
        return cite + _(
            "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的政府信息内容，并对不予公开的内容说明理由。"
        )
    if outcome.startswith("3"):
        return cite + _("您申请获取的政府信息%(why)s，本机关不予公开。") % {"why": WHY[outcome]}
    if outcome == Outcome.NOT_HELD:
        text = cite + _("经检索，本机关不掌握您申请获取的政府信息。")
        if req.right_organ:
            text += _("负责公开该政府信息的行政机关为%(organ)s。") % {"organ": req.right_organ}
        return text
    if outcome == Outcome.NEEDS_MAKING:
        return cite + _(
            "行政机关不负有为申请人另行制作、搜集或者对现有信息进行加工、分析的义务，本机关无法提供。"
        )
    if outcome == Outcome.STILL_UNCLEAR:
        return cite + _("经补正，您的申请内容仍不明确，本机关无法提供。")
    if outcome.startswith("5"):
        return cite + _("您的申请%(why)s，本机关不予处理。") % {"why": WHY[outcome]}
    if outcome == Outcome.NO_CORRECTION:
        return cite + _(
            "本机关于%(day)s告知您补正申请，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ) % {"day": chinese_date(req.correction_asked_on) if req.correction_asked_on else ""}
    if outcome == Outcome.UNPAID:
        return _(
            "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，本机关于%(day)s向您发出收费通知，您逾期未缴纳信息处理费，本机关不再处理该政府信息公开申请。"
        ) % {"day": chinese_date(req.fee_notice_on) if req.fee_notice_on else ""}
    return _("本机关对您的申请作如下处理。")


def reply_document(req: Request, user=None) -> tuple[OfficialDocument, str]:
    """The reply to `req` by its outcome, the applicant masked unless `user` may see them."""
    if not req.outcome:
        raise DocumentError(_("该申请尚未答复，不能生成答复书。"))
    shown = req if pii.may_see_full(user, req) else pii.masked_copy(req)
    with translation.override("zh-hans"):
        doc = _reply(shown)
    return doc, f"{req.number} {doc.title}.docx"


def _reply(req: Request) -> OfficialDocument:
    town = req.region.name
    authority = _("%(town)s人民政府") % {"town": town}
    doc = OfficialDocument(
        title=_title(req.outcome), number=req.number, authority=authority, number_position="top"
    )
    doc.salutation(f"{req.applicant_name}：")
    doc.paragraph(
        _("本机关于%(day)s收到您（单位）提出的政府信息公开申请，申请获取：%(what)s。")
        % {
            "day": chinese_date(req.received_on),
            "what": req.description.strip().rstrip("。"),
        }
    )
    if req.corrected_on:
        doc.paragraph(
            _("本机关于%(asked)s告知您补正，于%(done)s收到补正后的申请。")
            % {"asked": chinese_date(req.correction_asked_on), "done": chinese_date(req.corrected_on)}
        )
    if req.third_party_answered_on:
        doc.paragraph(
            _(
                "因申请公开的信息可能损害第三方合法权益，本机关于%(day)s书面征求了第三方意见（条例第三十二条），征求意见所需时间不计算在答复期限内。"
            )
            % {"day": chinese_date(req.consulted_on)}
        )
    doc.paragraph(_conclusion(req))
    if req.reply:
        doc.paragraph(req.reply)
    if req.reasons:
        doc.paragraph(_("理由：%(reasons)s") % {"reasons": req.reasons})
    doc.paragraph(
        _(
            "如对本答复不服，可以自收到本答复之日起%(days)s日内向湘潭县人民政府申请行政复议，或者自收到本答复之日起"
            "%(months)s个月内向人民法院提起行政诉讼（《中华人民共和国政府信息公开条例》第五十一条，《中华人民共和国行政复议法》"
            "第二十条，《中华人民共和国行政诉讼法》第四十六条）。"
        )
        % {"days": RECONSIDERATION_DAYS, "months": LAWSUIT_MONTHS}
    )
    doc.blank()
    doc.signature(authority + _("（印章）"), req.replied_on or req.closed_on)
    return doc
