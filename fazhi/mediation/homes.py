"""The mediator's home-page section: their disputes in progress, soonest deadline first."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.homes import Section, days_left_badge, home_section
from fazhi.core.models import Deadline
from fazhi.mediation.filters import OPEN_STATES
from fazhi.mediation.models import Dispute

ROWS_SHOWN = 8
IN_PROGRESS = (*OPEN_STATES, Dispute.State.SUCCEEDED, Dispute.State.PERFORMING, Dispute.State.FOLLOWED_UP)


@home_section(order=50)
def my_disputes(user) -> Section | None:
    """A 人民调解员's disputes not yet closed (theirs, or unassigned in their regions)."""
    if not user.can(roles.MEDIATE):
        return None
    qs = Dispute.objects.writable_by(user, roles.MEDIATE).filter(state__in=IN_PROGRESS)
    disputes = list(qs.select_related("region").order_by("-registered_on", "-id")[:100])
    open_deadlines = {
        d.object_id: d
        for d in Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Dispute),
            object_id__in=[str(x.pk) for x in disputes],
            status=Deadline.Status.OPEN,
        ).order_by("-due_on")
    }
    disputes.sort(
        key=lambda x: open_deadlines[str(x.pk)].due_on if str(x.pk) in open_deadlines else dt.date.max
    )
    today = timezone.localdate()
    rows = []
    for dispute in disputes[:ROWS_SHOWN]:
        deadline = open_deadlines.get(str(dispute.pk))
        badge, tone = days_left_badge(deadline, today) if deadline else (dispute.get_state_display(), "info")
        rows.append(
            {
                "label": f"{dispute.number} {dispute.title}",
                "url": dispute.get_absolute_url(),
                "badge": badge,
                "tone": tone,
                "note": f"{dispute.get_state_display()} · {deadline.label}"
                if deadline
                else dispute.region.name,
            }
        )
    return Section(
        _("我的调解案件"),
        rows,
        empty=_("没有在办的调解案件。"),
        count=len(disputes),
        more_url=reverse("mediation:dispute_list") + "?stage=open",
        more_label=_("查看全部未结纠纷"),
    )
