"""The annual report on the home page: the reports waiting for the reader's step (submit,
review, deliberation, approval, submission, secrecy review, publication: a step forward the
reader may take now), with the 1 April deadline's badge."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.homes import Section, days_left_badge, home_section
from fazhi.core.models import Deadline
from fazhi.reports import workflow
from fazhi.reports.models import Report

S = Report.State


@home_section(order=55)
def reports_to_act_on(user) -> Section | None:
    if not (user.can(roles.REPORT_DRAFT) or user.can(roles.REPORT_REVIEW) or user.can(roles.REPORT_APPROVE)):
        return None
    reports = [
        r
        for r in Report.objects.visible_to(user).exclude(state=S.PUBLISHED).select_related("region")[:50]
        if any(o.allowed and o.transition.style == "primary" for o in workflow.REPORT.options(r, user))
    ]
    if not reports:
        return None
    due = {
        d.object_id: d
        for d in Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Report),
            object_id__in=[str(r.pk) for r in reports],
            status=Deadline.Status.OPEN,
        )
    }
    today = timezone.localdate()
    rows = []
    for report in reports:
        deadline = due.get(str(report.pk))
        badge, tone = days_left_badge(deadline, today) if deadline else (report.get_state_display(), "info")
        rows.append(
            {
                "label": report.title,
                "url": report.get_absolute_url(),
                "badge": badge,
                "tone": tone,
                "note": report.get_state_display(),
            }
        )
    return Section(
        _("待办的年度报告"),
        rows,
        count=len(rows),
        more_url=reverse("reports:report_list"),
        more_label=_("全部年度报告"),
    )
