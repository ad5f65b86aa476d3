"""The legal documents on core's GB/T 9704 builder: the 合法性审查意见书 of a major decision
(重大行政决策程序暂行条例 第二十八条) and the 重大行政决策过程记录 (the decision's file in one document:
each procedure with its dates, the public comments and how each was answered, the advisers'
opinions, the review, the meeting with its dissent, the report and the publication: 第三十四条
决策档案). Comment authors are masked unless the reader may see them in full."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii
from fazhi.core.chinese import chinese_date
from fazhi.core.documents import OfficialDocument
from fazhi.legal.models import Decision


class DocumentError(Exception):
    """The document cannot be made from the record as it stands (said in Chinese)."""


def _town(decision: Decision) -> str:
    return f"{decision.region.name}人民政府"


def review_document(decision: Decision, user=None) -> tuple[OfficialDocument, str]:
    if not decision.review_outcome:
        raise DocumentError(_("该决策尚未出具合法性审查意见。"))
    with translation.override("zh-hans"):
        doc = OfficialDocument(
            title=_("重大行政决策合法性审查意见书"), authority=f"{decision.region.name}司法所"
        )
        doc.paragraph(_("%(town)s：") % {"town": _town(decision)}, indent=False)
        doc.paragraph(
            _("你单位于%(day)s送请审查的《%(title)s》（决策事项目录：%(entry)s）收悉。经审查，意见如下：")
            % {
                "day": chinese_date(decision.review_submitted_on),
                "title": decision.title,
                "entry": decision.entry.name,
            }
        )
        doc.paragraph(decision.review_opinion)
        doc.heading3(_("法律顾问意见"))
        for engagement in decision.engagements.select_related("adviser").order_by("day", "id"):
            doc.paragraph(
                f"{engagement.adviser.name}（{chinese_date(engagement.day)}）：{engagement.opinion}"
            )
        doc.heading3(_("审查结论"))
        doc.paragraph(decision.get_review_outcome_display())
        doc.signature(f"{decision.region.name}司法所", decision.reviewed_on)
    return doc, f"{decision.title} 合法性审查意见书.docx"


def record_document(decision: Decision, user=None) -> tuple[OfficialDocument, str]:
    full = pii.may_see_full(user, decision)
    with translation.override("zh-hans"):
        doc = OfficialDocument(title=_("重大行政决策过程记录"), authority=_town(decision))
        entry = decision.entry
        rows = [
            (_("决策名称"), decision.title),
            (_("决策事项目录"), f"{entry.catalogue.title}：{entry.name}"),
            (_("应履行的程序"), "、".join(entry.procedures())),
            (_("承办单位"), decision.undertaker),
            (_("启动日期"), chinese_date(decision.started_on)),
            (_("状态"), decision.get_state_display()),
        ]
        doc.field_table(rows, label_width_mm=40)
        if decision.comment_published_on:
            doc.heading3(_("公众参与"))
            doc.paragraph(
                _("%(start)s通过%(channels)s公开征求意见，截至%(until)s。")
                % {
                    "start": chinese_date(decision.comment_published_on),
                    "channels": decision.comment_channels,
                    "until": chinese_date(decision.comment_until),
                }
            )
            if decision.comment_short_reason:
                doc.paragraph(_("缩短期限的理由：%(reason)s") % {"reason": decision.comment_short_reason})
            for c in decision.comments.all():
                who = c.commenter if full else pii.masked(c, "commenter")
                doc.paragraph(
                    f"{chinese_date(c.received_on)} {who or _('匿名')}：{c.content}（{c.get_answer_display()}{'：' + c.reason if c.reason else ''}）"
                )
        for label, text in (
            (_("听证"), decision.hearing_report),
            (_("专家论证"), decision.expert_opinion),
            (_("风险评估"), decision.risk_report),
            (_("公平竞争审查"), decision.competition_review),
        ):
            if text:
                doc.heading3(label)
                doc.paragraph(text)
        doc.heading3(_("合法性审查"))
        if decision.review_submitted_on:
            doc.paragraph(
                _("%(day)s送请合法性审查，要求%(due)s前反馈。")
                % {
                    "day": chinese_date(decision.review_submitted_on),
                    "due": chinese_date(decision.review_due_on),
                }
            )
        for engagement in decision.engagements.select_related("adviser").order_by("day", "id"):
            doc.paragraph(
                f"{_('法律顾问')}{engagement.adviser.name}（{chinese_date(engagement.day)}）：{engagement.opinion}"
            )
        if decision.review_outcome:
            doc.paragraph(
                f"{chinese_date(decision.reviewed_on)} {decision.get_review_outcome_display()}：{decision.review_opinion}"
            )
        if decision.meeting_on:
            doc.heading3(_("集体讨论决定"))
            doc.paragraph(
                f"{chinese_date(decision.meeting_on)} {decision.get_meeting_type_display()}，{decision.get_resolution_display()}。"
            )
            doc.paragraph(_("参会人员：%(who)s") % {"who": decision.attendees})
            doc.paragraph(decision.minutes)
        if decision.reported_on:
            doc.paragraph(_("%(day)s报告镇党委。") % {"day": chinese_date(decision.reported_on)})
        if decision.published_on:
            doc.heading3(_("公布"))
            doc.paragraph(
                f"{chinese_date(decision.published_on)} {decision.publication_channel}。{decision.uptake_note}"
            )
        if decision.evaluation:
            doc.heading3(_("决策后评估"))
            doc.paragraph(decision.evaluation)
    return doc, f"{decision.title} 决策过程记录.docx"


DECISION_DOCUMENTS = {
    "record": (gettext_lazy("重大行政决策过程记录"), record_document),
    "review": (gettext_lazy("合法性审查意见书"), review_document),
}
