"""The mediation documents on core's GB/T 9704 builder: the 人民调解协议书 (人民调解法 第二十九条;
人民调解工作若干规定 第三十五条). Built from masked copies of the parties for a reader who may not
see their personal information (still a whole document)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core import pii
from fazhi.core.chinese import chinese_date
from fazhi.core.documents import OfficialDocument
from fazhi.mediation.models import Agreement, Dispute, DisputeParty


class DocumentError(Exception):
    """The document cannot be made from the record as it stands (said in Chinese)."""


def _particulars(party: DisputeParty) -> str:
    parts = [party.name]
    if party.sex:
        parts.append(party.get_sex_display())
    if party.ethnicity:
        parts.append(party.ethnicity)
    if party.age:
        parts.append(_("%(age)s岁") % {"age": party.age})
    if party.occupation:
        parts.append(party.occupation)
    if party.address:
        parts.append(_("住%(address)s") % {"address": party.address})
    if party.phone:
        parts.append(_("联系方式%(phone)s") % {"phone": party.phone})
    if party.id_number:
        parts.append(_("身份证号码%(id)s") % {"id": party.id_number})
    text = "，".join(parts)
    if party.agent:
        text += _("；委托代理人：%(agent)s") % {"agent": party.agent}
    return text + "。"


def agreement_document(dispute: Dispute, user=None) -> tuple[OfficialDocument, str]:
    """人民调解协议书 of `dispute`, its parties masked unless `user` may see them in full."""
    agreement = getattr(dispute, "agreement", None)
    if agreement is None:
        raise DocumentError(_("该纠纷尚未达成调解协议，不能生成调解协议书。"))
    full = pii.may_see_full(user, dispute)
    parties = [p if full else pii.masked_copy(p) for p in dispute.parties.all()]
    with translation.override("zh-hans"):
        doc = _agreement(dispute, agreement, parties)
    return doc, f"{dispute.number} {doc.title}.docx"


def _agreement(dispute: Dispute, agreement: Agreement, parties: list[DisputeParty]) -> OfficialDocument:
    committee = dispute.committee
    title = _("人民调解协议书") if agreement.form == Agreement.Form.WRITTEN else _("人民调解口头协议登记表")
    doc = OfficialDocument(title=title, number=dispute.number, authority=committee.name)
    for party in parties:
        doc.paragraph(f"{party.get_role_display()}：{_particulars(party)}")
    doc.heading3(_("纠纷主要事实、争议事项及各方责任"))
    doc.paragraph(agreement.facts or dispute.summary)
    doc.paragraph(_("经本委员会调解，双方当事人在平等协商、互谅互让的基础上自愿达成如下协议："))
    doc.paragraph(agreement.content)
    if agreement.performance_terms:
        doc.heading3(_("履行方式、地点、期限"))
        doc.paragraph(agreement.performance_terms)
    doc.paragraph(
        _(
            "本协议一式%(copies)s份，当事人各执一份，人民调解委员会留存一份。本协议自各方当事人签名、盖章或者按指印，"
            "人民调解员签名并加盖人民调解委员会印章之日起生效（《中华人民共和国人民调解法》第二十九条）。"
            "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行（第三十一条）。"
            "双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（第三十三条）。"
        )
        % {"copies": agreement.copies}
    )
    # Signature blocks: each party (签名、盖章或按指印), the mediators, the recorder, the seal.
    doc.blank()
    rows = [(_("当事人（签名、盖章或按指印）"), "")]
    rows += [(f"{p.get_role_display()}", p.name) for p in parties]
    mediators = "、".join(u.full_name or u.username for u in dispute.mediators.all())
    rows += [(_("人民调解员（签名）"), mediators), (_("记录人（签名）"), "")]
    doc.field_table(rows, label_width_mm=60, keep_together=True)
    doc.signature(committee.name + _("（印章）"), agreement.signed_on)
    doc.paragraph(_("协议生效日期：%(day)s") % {"day": chinese_date(agreement.signed_on)}, indent=False)
    return doc
