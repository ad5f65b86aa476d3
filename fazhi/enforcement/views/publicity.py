"""The staff view of enforcement publicity (行政执法公示, 国办发〔2018〕118号).

事前公开 is read from the registers themselves (bodies, officers with their certificate numbers,
the powers list), so there is no second copy to keep in sync. 事后公开: penalty decisions
published, due to be published within 7 working days, overdue, to be withdrawn (行政处罚法
第四十八条) and withdrawn; parties masked as they are published (张某某; organizations by name).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.models import Deadline
from fazhi.core.views.base import requires
from fazhi.enforcement import rules
from fazhi.enforcement.models import Case, EnforcementBody, Officer, Power, Publicity
from fazhi.enforcement.public import public_bodies, public_officers, public_powers
from fazhi.enforcement.views.common import state_tone
from fazhi.enforcement.workflow import PUBLICATION, WITHDRAWAL

PUBLICATION_CODE = PUBLICATION.code
WITHDRAWAL_CODE = WITHDRAWAL.code


def _open_deadline(code: str):
    return Subquery(
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Case),
            object_id=Cast(OuterRef("pk"), CharField()),
            code=code,
            status=Deadline.Status.OPEN,
        )
        .order_by("due_on")
        .values("due_on")[:1]
    )


@requires(roles.CASE_VIEW)
def publicity(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    # 事前: the public querysets (what the portal shows), narrowed to what this user may see.
    bodies = public_bodies().filter(pk__in=EnforcementBody.objects.visible_to(user).values("pk"))
    officers = list(public_officers(on=today).filter(pk__in=Officer.objects.visible_to(user).values("pk")))
    for officer in officers:
        officer.certificate = officer.public_certificates[0] if officer.public_certificates else None
    powers = public_powers().filter(pk__in=Power.objects.visible_to(user).values("pk"))
    for power in powers:
        power.sorted_levels = sorted(power.levels.all(), key=lambda level: level.rank)

    decisions = (
        Case.objects.visible_to(user)
        .filter(decision_kind=Case.DecisionKind.PENALTY)
        .select_related("party", "power")
        .annotate(
            publication_due=_open_deadline(PUBLICATION_CODE), withdrawal_due=_open_deadline(WITHDRAWAL_CODE)
        )
    )
    not_published = decisions.filter(publicity=Publicity.NOT_PUBLISHED)
    groups = [
        {
            "key": "overdue",
            "title": _("逾期未公示"),
            "tone": "danger",
            "rows": list(not_published.filter(publication_due__lt=today).order_by("publication_due")),
            "due_field": "publication_due",
        },
        {
            "key": "due",
            "title": _("待公示（作出决定之日起%(n)s个工作日内）") % {"n": rules.PUBLICATION_WORKING_DAYS},
            "tone": "warn",
            "rows": list(not_published.filter(publication_due__gte=today).order_by("publication_due")),
            "due_field": "publication_due",
        },
        {
            "key": "to_withdraw",
            "title": _("待撤回（决定变更、撤销或确认违法后%(n)s个工作日内）")
            % {"n": rules.WITHDRAWAL_WORKING_DAYS},
            "tone": "warn",
            "rows": list(decisions.filter(publicity=Publicity.TO_WITHDRAW).order_by("withdrawal_due")),
            "due_field": "withdrawal_due",
        },
        {
            "key": "published",
            "title": _("已公示"),
            "tone": "ok",
            "rows": list(
                decisions.filter(publicity=Publicity.PUBLISHED).order_by("-published_on", "-id")[:100]
            ),
            "due_field": "",
        },
        {
            "key": "withdrawn",
            "title": _("已撤回"),
            "tone": "muted",
            "rows": list(
                decisions.filter(publicity=Publicity.WITHDRAWN).order_by("-withdrawn_on", "-id")[:50]
            ),
            "due_field": "",
        },
    ]
    for group in groups:
        for case in group["rows"]:
            case.tone = state_tone(case.state)
            due = getattr(case, group["due_field"], None) if group["due_field"] else None
            case.due = due
            case.days_left = (due - today).days if due else None
            case.overdue_days = -case.days_left if case.days_left is not None and case.days_left < 0 else 0
    counts = {group["key"]: len(group["rows"]) for group in groups}
    counts["published"] = decisions.filter(publicity=Publicity.PUBLISHED).count()
    counts["withdrawn"] = decisions.filter(publicity=Publicity.WITHDRAWN).count()
    # a long group lists its latest rows: its heading says how many of all, and opens the rest
    for group in groups:
        group["total"] = counts[group["key"]]
        if group["total"] > len(group["rows"]):
            group["more_url"] = reverse("enforcement:case_list") + f"?publicity={group['key']}"
    return render(
        request,
        "enforcement/publicity.html",
        {
            "title": _("行政执法公示"),
            "bodies": bodies,
            "officers": officers,
            "powers": powers,
            "groups": groups,
            "counts": counts,
            "today": today,
        },
    )


urlpatterns = [path("publicity/", publicity, name="publicity")]
