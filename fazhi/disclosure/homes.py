"""The 党政办's home-page section: requests being handled, soonest reply due first (and, with the
catalogue, the proactive items due or late)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import deadlines, roles
from fazhi.core.homes import Section, days_left_badge, home_section
from fazhi.disclosure.filters import OPEN_STATES
from fazhi.disclosure.models import Request

ROWS_SHOWN = 8


@home_section(order=45)
def requests_due(user) -> Section | None:
    """Open requests in the towns where the user handles disclosure, soonest reply first."""
    if not user.can(roles.DISCLOSURE_HANDLE):
        return None
    qs = Request.objects.writable_by(user, roles.DISCLOSURE_HANDLE).filter(state__in=OPEN_STATES)
    found = list(qs.select_related("region").order_by("received_on", "id")[:200])
    clocks = deadlines.open_for(found)

    def reply_of(req):
        return next((d for d in clocks.get(str(req.pk), []) if d.code == "disclosure.reply"), None)

    found.sort(key=lambda r: reply_of(r).due_on if reply_of(r) else dt.date.max)
    today = timezone.localdate()
    rows = []
    for req in found[:ROWS_SHOWN]:
        reply = reply_of(req)
        badge, tone = (
            days_left_badge(reply, today)
            if reply and not reply.paused_since
            else (
                req.get_state_display(),
                "muted" if reply else "info",
            )
        )
        rows.append(
            {
                "label": f"{req.number} {req.description[:30]}",
                "url": req.get_absolute_url(),
                "badge": badge,
                "tone": tone,
                "note": f"{req.get_state_display()} · {_('答复期限')} {reply.due_on:%Y-%m-%d}"
                if reply
                else req.get_state_display(),
            }
        )
    return Section(
        _("政府信息公开申请"),
        rows,
        empty=_("没有办理中的政府信息公开申请。"),
        count=len(found),
        more_url=reverse("disclosure:request_list") + "?stage=open",
        more_label=_("查看全部未办结申请"),
    )


@home_section(order=46)
def publications_due(user) -> Section | None:
    """Proactive items late or due within the week, in the towns where the user publishes."""
    if not user.can(roles.DISCLOSURE_HANDLE):
        return None
    from fazhi.disclosure.models import Publication

    today = timezone.localdate()
    qs = Publication.objects.writable_by(user, roles.DISCLOSURE_HANDLE).filter(
        first_published_on__isnull=True, due_on__lte=today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)
    )
    found = list(qs.select_related("region").order_by("due_on", "id")[:ROWS_SHOWN])
    rows = []
    for pub in found:
        late = pub.due_on < today
        rows.append(
            {
                "label": pub.title,
                "url": pub.get_absolute_url(),
                "badge": _("逾期%(n)s天") % {"n": (today - pub.due_on).days}
                if late
                else _("应于%(day)s前公开") % {"day": pub.due_on},
                "tone": "danger" if late else "warn",
                "note": f"{pub.get_kind_display()} · {_('形成于')} {pub.made_on:%Y-%m-%d}",
            }
        )
    return Section(
        _("待主动公开的信息"),
        rows,
        empty=_("没有逾期或一周内到期的主动公开信息。"),
        count=qs.count(),
        more_url=reverse("disclosure:publication_list") + "?status=late",
        more_label=_("查看逾期未公开的信息"),
    )
