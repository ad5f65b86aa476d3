"""The petitions notices on core's GB/T 9704 builder: 受理告知书, 不予受理告知书 (and 不再受理),
延期告知书 and 信访处理意见书. Built from masked copies of the petitioners for a reader who may
not see their personal information (still a whole document)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii
from fazhi.core.chinese import chinese_date
from fazhi.core.documents import OfficialDocument
from fazhi.core.models import Deadline
from fazhi.petitions import rules
from fazhi.petitions.models import Matter, town_of
from fazhi.petitions.workflow import HANDLE

S = Matter.State

KINDS = {
    "acceptance": gettext_lazy("受理告知书"),
    "refusal": gettext_lazy("不予受理告知书"),
    "extension": gettext_lazy("延期告知书"),
    "opinion": gettext_lazy("信访处理意见书"),
}


class DocumentError(Exception):
    """The document cannot be made from the record as it stands (said in Chinese)."""


def available(matter: Matter) -> list[str]:
    found = []
    if matter.accepted_on:
        found.append("acceptance")
    if matter.state in (S.NOT_ACCEPTED, S.NOT_AGAIN):
        found.append("refusal")
    if matter.extended:
        found.append("extension")
    if matter.answered_on:
        found.append("opinion")
    return found


def document(matter: Matter, kind: str, user=None) -> tuple[OfficialDocument, str]:
    if kind not in KINDS:
        raise DocumentError(_("没有这种文书。"))
    if kind not in available(matter):
        raise DocumentError(_("该信访事项目前不能生成%(doc)s。") % {"doc": KINDS[kind]})
    full = pii.may_see_full(user, matter)
    people = [p if full else pii.masked_copy(p) for p in matter.petitioners.all()]
    with translation.override("zh-hans"):
        doc = BUILDERS[kind](matter, people)
    return doc, f"{matter.number} {doc.title}.docx"


def _authority(matter) -> str:
    return _("%(town)s人民政府") % {"town": town_of(matter.region).name}


def _names(people) -> str:
    return "、".join(p.name for p in people) or _("信访人")


def _received(matter) -> str:
    return _("%(day)s收到的您（你们）以%(form)s形式提出的“%(title)s”信访事项") % {
        "day": chinese_date(matter.received_on),
        "form": matter.get_form_display(),
        "title": matter.title,
    }


def _acceptance(matter, people) -> OfficialDocument:
    doc = OfficialDocument(
        title=_("信访事项受理告知书"),
        number=matter.number,
        authority=_authority(matter),
        number_position="top",
    )
    doc.salutation(_names(people) + "：")
    doc.paragraph(
        _("本机关于%(received)s，经审查，属于本机关职权范围，决定予以受理。")
        % {"received": _received(matter)}
    )
    doc.paragraph(
        _(
            "本机关将依照《信访工作条例》第三十四条的规定，自受理之日起60日内办结并书面答复；情况复杂的，经批准可以适当延长办理期限，延长期限不超过30日，并告知您延期理由。"
        )
    )
    if matter.responsible_unit:
        doc.paragraph(_("承办单位：%(unit)s。") % {"unit": matter.responsible_unit})
    if matter.query_code or matter.national_number:
        doc.paragraph(
            _("您可凭信访事项编号%(no)s查询办理进展。") % {"no": matter.national_number or matter.number}
        )
    doc.paragraph(_("特此告知。"))
    doc.signature(_authority(matter), matter.accepted_on)
    return doc


def _refusal(matter, people) -> OfficialDocument:
    again = matter.state == S.NOT_AGAIN
    title = _("信访事项不再受理告知书") if again else _("信访事项不予受理告知书")
    doc = OfficialDocument(
        title=title, number=matter.number, authority=_authority(matter), number_position="top"
    )
    doc.salutation(_names(people) + "：")
    if again:
        doc.paragraph(
            _(
                "本机关于%(received)s，经审查，该请求以同一事实和理由重复已办结（终结）的信访事项%(original)s，依照《信访工作条例》第三十六条的规定，不再受理。"
            )
            % {"received": _received(matter), "original": matter.repeat_of.number if matter.repeat_of else ""}
        )
    else:
        doc.paragraph(
            _("本机关于%(received)s，经审查，决定不予受理。理由如下：%(reason)s")
            % {"received": _received(matter), "reason": matter.decision_reason}
        )
    if matter.route_told:
        doc.paragraph(_("您可以%(route)s。") % {"route": matter.route_told.rstrip("。")})
    doc.paragraph(_("特此告知。"))
    doc.signature(_authority(matter), matter.decided_on)
    return doc


def _extension(matter, people) -> OfficialDocument:
    doc = OfficialDocument(
        title=_("信访事项延期办理告知书"),
        number=matter.number,
        authority=_authority(matter),
        number_position="top",
    )
    doc.salutation(_names(people) + "：")
    deadline = (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Matter), object_id=str(matter.pk), code=HANDLE.code
        )
        .order_by("-id")
        .first()
    )
    due = matter.handle_due_on or (deadline.due_on if deadline else None)
    extension = deadline.extensions.order_by("-id").first() if deadline is not None else None
    doc.paragraph(
        _(
            "本机关于%(accepted)s受理的“%(title)s”信访事项，因%(reason)s，经%(approver)s批准，依照《信访工作条例》第三十四条的规定，办理期限延长%(days)s日，延长后的办理期限至%(due)s。"
        )
        % {
            "accepted": chinese_date(matter.accepted_on),
            "title": matter.title,
            "reason": matter.extension_reason.rstrip("。"),
            "approver": extension.approver_name if extension else _("本机关负责人"),
            "days": extension.length if extension else rules.HANDLE_EXTENSION_DAYS,
            "due": chinese_date(due) if due else "",
        }
    )
    doc.paragraph(_("特此告知。"))
    day = timezone.localdate(extension.created_at) if extension is not None else matter.accepted_on
    doc.signature(_authority(matter), day)
    return doc


def _opinion(matter, people) -> OfficialDocument:
    doc = OfficialDocument(
        title=_("信访处理意见书"), number=matter.number, authority=_authority(matter), number_position="top"
    )
    doc.salutation(_names(people) + "：")
    doc.paragraph(
        _("本机关于%(received)s，已依法受理。现将处理意见告知如下：") % {"received": _received(matter)}
    )
    doc.heading3(_("一、信访请求"))
    doc.paragraph(matter.requests or matter.content)
    doc.heading3(_("二、查明的事实和理由"))
    doc.paragraph(matter.facts)
    doc.heading3(_("三、处理意见"))
    doc.paragraph(matter.decision)
    doc.heading3(_("四、法律政策依据"))
    doc.paragraph(matter.legal_basis)
    doc.paragraph(
        _(
            "如对本处理意见不服，可以自收到本意见书之日起30日内，向本机关的上一级机关请求复查（《信访工作条例》第三十五条）。"
        )
    )
    if matter.query_code:
        doc.paragraph(_("满意度评价查询码：%(code)s。") % {"code": matter.query_code})
    doc.signature(_authority(matter), matter.answered_on)
    return doc


BUILDERS = {"acceptance": _acceptance, "refusal": _refusal, "extension": _extension, "opinion": _opinion}
