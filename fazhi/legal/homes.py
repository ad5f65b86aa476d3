"""The legal app's home-page sections: an adviser's records waiting for their opinion, the
judicial office's reviews to give, and the town leader's decisions waiting for the meeting or
publication."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.homes import Section, home_section
from fazhi.legal.models import Contract, Decision, NormativeDocument

ROWS_SHOWN = 8


def _row(record, note=""):
    return {
        "label": str(record),
        "url": record.get_absolute_url(),
        "badge": record.get_state_display(),
        "tone": "warn",
        "note": note,
    }


@home_section(order=45)
def waiting_for_my_opinion(user) -> Section | None:
    """A legal adviser: what is assigned to them and still in review (出具法律意见)."""
    if not user.can(roles.LEGAL_OPINION):
        return None
    rows = [
        *(
            _row(d, _("重大行政决策"))
            for d in Decision.objects.visible_to(user).filter(state=Decision.State.IN_REVIEW)
        ),
        *(
            _row(c, _("合同审查"))
            for c in Contract.objects.visible_to(user).filter(state=Contract.State.IN_REVIEW)
        ),
        *(
            _row(n, _("规范性文件合法性审核"))
            for n in NormativeDocument.objects.visible_to(user).filter(
                state=NormativeDocument.State.IN_REVIEW
            )
        ),
    ]
    return Section(
        _("待出具法律意见"),
        rows[:ROWS_SHOWN],
        empty=_("没有分派给您的待审事项。"),
        count=len(rows),
        more_url=reverse("legal:engagement_create"),
        more_label=_("登记服务日志"),
    )


@home_section(order=46)
def reviews_to_give(user) -> Section | None:
    """The judicial office: decisions, contracts and normative documents sent for review."""
    if not user.can(roles.LEGAL_REVIEW):
        return None
    rows = [
        *(
            _row(d, _("合法性审查 · 要求反馈 %(day)s") % {"day": d.review_due_on})
            for d in Decision.objects.writable_by(user, roles.LEGAL_REVIEW).filter(
                state=Decision.State.IN_REVIEW
            )
        ),
        *(
            _row(c, _("合同审查"))
            for c in Contract.objects.writable_by(user, roles.LEGAL_REVIEW).filter(
                state=Contract.State.IN_REVIEW
            )
        ),
        *(
            _row(n, _("规范性文件合法性审核"))
            for n in NormativeDocument.objects.writable_by(user, roles.LEGAL_REVIEW).filter(
                state=NormativeDocument.State.IN_REVIEW
            )
        ),
    ]
    return Section(
        _("待合法性审查"),
        rows[:ROWS_SHOWN],
        empty=_("没有待审查的事项。"),
        count=len(rows),
        more_url=reverse("legal:decision_list") + "?state=in_review",
        more_label=_("查看送审的决策"),
    )


@home_section(order=47)
def decisions_to_take(user) -> Section | None:
    """The town leader: reviewed decisions waiting for the meeting, decided ones for publication."""
    if not user.can(roles.LEGAL_DECIDE):
        return None
    waiting = (Decision.State.REVIEWED, Decision.State.POSTPONED, Decision.State.REPORTED)
    qs = (
        Decision.objects.writable_by(user, roles.LEGAL_DECIDE)
        .filter(state__in=waiting)
        .order_by("started_on")
    )
    rows = [_row(d) for d in qs[:ROWS_SHOWN]]
    return Section(
        _("待集体讨论或公布的重大行政决策"),
        rows,
        empty=_("没有待决定的重大行政决策。"),
        count=qs.count(),
        more_url=reverse("legal:decision_list"),
        more_label=_("全部重大行政决策"),
    )
