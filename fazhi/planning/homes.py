"""The responsible leader's overdue tasks of the work plan (and the 党政办's: every overdue task
of the town). Imported by the app's AppConfig.ready()."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.homes import Section, home_section
from fazhi.planning.filters import LATE
from fazhi.planning.models import Task

ROWS_SHOWN = 6


@home_section(order=60)
def overdue_tasks(user) -> Section | None:
    if not user.can(roles.PLAN_VIEW):
        return None
    mine = Q(leader__user=user)
    if user.can(roles.PLAN_MANAGE):
        mine |= Q(pk__in=Task.objects.writable_by(user, roles.PLAN_MANAGE).values("pk"))
    qs = (
        Task.objects.visible_to(user)
        .filter(LATE, status=Task.Status.OPEN)
        .filter(mine)
        .select_related("plan", "leader")
        .order_by("deadline", "id")
    )
    tasks = list(qs[:50])
    if not tasks and not user.can(roles.PLAN_MANAGE):
        return None
    rows = [
        {
            "label": t.title,
            "url": t.get_absolute_url(),
            "badge": _("逾期"),
            "tone": "danger",
            "note": _("%(unit)s · 时限 %(deadline)s") % {"unit": t.unit, "deadline": t.deadline},
        }
        for t in tasks[:ROWS_SHOWN]
    ]
    return Section(
        _("工作方案逾期任务"),
        rows,
        empty=_("没有逾期任务。"),
        count=len(tasks),
        more_url=reverse("planning:task_list") + "?stage=late",
        more_label=_("查看全部逾期任务"),
    )
