"""Enforcement on the home page: the officer's open cases and certificate warnings, the legal
reviewer's queue, and for the town leader what awaits their decision, what is overdue across
the town and the year's figures beside last year's (each figure opens its cases).

Every section reads through `visible_to(user)`. Imported by the app's AppConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import deadlines as core_deadlines
from fazhi.core import roles
from fazhi.core.figures import Period, evaluate
from fazhi.core.homes import FIGURES, Section, days_left_badge, home_section
from fazhi.core.models import Deadline
from fazhi.enforcement import metrics, rules, workflow
from fazhi.enforcement.models import OPEN_STATES, Case, CaseOfficer, CaseState, Certificate, Officer

S = CaseState
AWAITING_DECISION = [S.NOTIFIED, S.STATEMENT, S.REVIEWED, S.HEARING]
ROWS_SHOWN = 8


def case_list_url(**params) -> str:
    url = reverse("enforcement:case_list")
    return f"{url}?{urlencode(params)}" if params else url


def _money(amount) -> str:
    return f"¥{amount:,.0f}" if amount else "¥0"


def _next_deadlines(cases: list[Case]) -> dict[str, Deadline]:
    """The soonest open deadline of each case, in one query."""
    return {pk: found[0] for pk, found in core_deadlines.open_for(cases).items()}


def _case_rows(cases: list[Case], today, note=None) -> list[dict]:
    deadlines = _next_deadlines(cases)
    rows = []
    for case in cases:
        deadline = deadlines.get(str(case.pk))
        badge, tone = days_left_badge(deadline, today) if deadline else ("", "")
        parts = [str(case.get_state_display())]
        if deadline:
            parts.append(
                _("%(label)s %(day)s") % {"label": deadline.label, "day": deadline.due_on.isoformat()}
            )
        if note:
            extra = note(case)
            if extra:
                parts.append(extra)
        rows.append(
            {
                "label": f"{case.number or _('（未立案）')} {case.cause}",
                "url": reverse("enforcement:case_detail", args=[case.pk]),
                "badge": badge,
                "tone": tone,
                "note": " · ".join(parts),
            }
        )
    return rows


# --- the officer --------------------------------------------------------------------------------


@home_section(order=50)
def my_cases(user) -> Section | None:
    """An officer's open cases, soonest deadline first."""
    if not user.can(roles.CASE_HANDLE):
        return None
    officer = Officer.objects.visible_to(user).filter(user=user).first()
    if officer is None:
        return None
    mine = CaseOfficer.objects.filter(officer=officer, withdrawn=False).values("case_id")
    qs = Case.objects.visible_to(user).filter(pk__in=mine, state__in=OPEN_STATES)
    cases = list(qs.order_by("id")[:100])
    deadlines = _next_deadlines(cases)
    # Soonest deadline first; cases without an open deadline last.
    cases.sort(key=lambda c: (deadlines[str(c.pk)].due_on if str(c.pk) in deadlines else dt.date.max, c.pk))
    rows = _case_rows(cases[:ROWS_SHOWN], timezone.localdate())
    return Section(
        _("我的在办案件"),
        rows[:ROWS_SHOWN],
        empty=_("没有在办的案件。"),
        count=qs.count(),
        more_url=case_list_url(officer=officer.pk, state="open"),
        more_label=_("查看我的全部在办案件"),
    )


@home_section(order=52)
def certificate_warnings(user) -> Section | None:
    """Certificates expiring within 30 days or already expired (持证上岗, 行政处罚法 第四十二条):
    the officer's own first, then the brigade's."""
    if not user.can(roles.CASE_HANDLE):
        return None
    today = timezone.localdate()
    horizon = today + timezone.timedelta(days=rules.CERTIFICATE_WARNING_DAYS)
    officers = (
        Officer.objects.visible_to(user)
        .filter(active=True)
        .prefetch_related(Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_until")))
        .order_by("name")
    )
    rows = []
    for officer in officers:
        latest = officer.certificates.all()[0] if officer.certificates.all() else None
        if latest is not None and latest.valid_until > horizon and latest.is_valid_on(today):
            continue
        if latest is None:
            badge, tone, note = _("无执法证"), "danger", ""
        elif latest.valid_until < today or not latest.is_valid_on(today):
            badge, tone = _("已过期") if latest.valid_until < today else latest.get_status_display(), "danger"
            note = _("执法证 %(number)s 有效期至 %(day)s，不能参与办案") % {
                "number": latest.number,
                "day": latest.valid_until.isoformat(),
            }
        else:
            left = (latest.valid_until - today).days
            badge, tone = _("%(n)s天后到期") % {"n": left}, "warn"
            note = _("执法证 %(number)s 有效期至 %(day)s，请及时换证") % {
                "number": latest.number,
                "day": latest.valid_until.isoformat(),
            }
        own = officer.user_id == user.pk
        rows.append(
            {
                "label": _("%(name)s（本人）") % {"name": officer.name} if own else officer.name,
                "url": reverse("enforcement:officer_detail", args=[officer.pk]),
                "badge": badge,
                "tone": tone,
                "note": note,
                "own": own,
            }
        )
    if not rows:
        return None
    rows.sort(key=lambda row: not row["own"])
    return Section(
        _("执法证到期提醒"),
        rows[:ROWS_SHOWN],
        count=len(rows),
        note=_("%(n)s天内到期或已失效的执法证") % {"n": rules.CERTIFICATE_WARNING_DAYS},
        more_url=reverse("enforcement:officer_list"),
    )


# --- the legal reviewer -------------------------------------------------------------------------


@home_section(order=50)
def review_queue(user) -> Section | None:
    """Cases waiting for 法制审核 (行政处罚法 第五十八条)."""
    if not user.can(roles.CASE_REVIEW):
        return None
    qs = Case.objects.visible_to(user).filter(state=S.LEGAL_REVIEW).select_related("power")
    cases = list(qs.order_by("filed_on", "id")[:ROWS_SHOWN])

    def note(case):
        if user.pk in case.investigator_user_ids():
            return _("您参与了本案调查，须回避")
        return case.power.name

    return Section(
        _("待法制审核的案件"),
        _case_rows(cases, timezone.localdate(), note),
        empty=_("暂无待法制审核的案件。"),
        count=qs.count(),
        more_url=case_list_url(state=S.LEGAL_REVIEW),
    )


# --- the town leader ----------------------------------------------------------------------------


@home_section(order=48)
def awaiting_decision(user) -> Section | None:
    """Cases notified, heard or reviewed: the decision (and any collective discussion) is the
    leader's (行政处罚法 第五十七条)."""
    if not user.can(roles.CASE_DECIDE):
        return None
    qs = (
        Case.objects.visible_to(user)
        .filter(state__in=AWAITING_DECISION)
        .select_related("party", "discretion_level", "power", "region")  # read by the decide guards
    )
    cases = list(qs.order_by("decision_due_on", "id")[:ROWS_SHOWN])
    decide = workflow.CASE["decide"]

    def note(case):
        parts = []
        if workflow.needs_collective_discussion(case, case.discretion_level, case.intended_fine):
            parts.append(_("须集体讨论"))
        refusal = workflow.CASE.refusal(case, decide, user)
        parts.append(_("可以作出决定") if refusal is None else _("暂不能决定：%(why)s") % {"why": refusal})
        return "；".join(str(p) for p in parts)

    return Section(
        _("待决定的案件"),
        _case_rows(cases, timezone.localdate(), note),
        empty=_("暂无待决定的案件。"),
        count=qs.count(),
        more_url=case_list_url(state="open"),
    )


@home_section(order=49)
def overdue_across_town(user) -> Section | None:
    """Every overdue enforcement deadline the leader can see."""
    if not user.can(roles.CASE_DECIDE):
        return None
    today = timezone.localdate()
    qs = core_deadlines.select(
        Deadline.objects.visible_to(user).filter(code__startswith="enforcement."), core_deadlines.SHOW_OVERDUE
    )
    case_type = ContentType.objects.get_for_model(Case)
    rows = []
    for deadline in qs.order_by("due_on", "id")[:ROWS_SHOWN]:
        badge, tone = days_left_badge(deadline, today)
        url = (
            reverse("enforcement:case_detail", args=[deadline.object_id])
            if deadline.content_type_id == case_type.pk
            else reverse("enforcement:order_detail", args=[deadline.object_id])
            if deadline.code == "enforcement.rectification"
            else ""
        )
        rows.append(
            {
                "label": f"{deadline.object_repr} · {deadline.label}",
                "url": url,
                "badge": badge,
                "tone": tone,
                "note": deadline.rule,
            }
        )
    return Section(
        _("全镇执法逾期事项"),
        rows,
        empty=_("没有逾期的执法期限。"),
        count=qs.count(),
        more_url=case_list_url(overdue="1"),
        more_label=_("查看有逾期期限的案件"),
    )


@home_section(order=58)
def year_figures(user) -> Section | None:
    """This year's figures beside last year's, from the registry; each opens its records."""
    if not user.can(roles.CASE_DECIDE):
        return None
    year = timezone.localdate().year
    now, before = Period.year(year), Period.year(year - 1)
    codes = [
        metrics.CASES_FILED,
        metrics.CASES_CLOSED,
        metrics.FINES_PAID,
        metrics.ORDERS_ISSUED,
        metrics.ACTIONS,
    ]
    values = evaluate(codes, user, [now, before])  # one query per model
    rows = []
    for code in codes:
        value, last = values.get(code, now), values.get(code, before)
        rows.append(
            {
                "label": _("%(label)s · 去年 %(before)s") % {"label": value.figure.caption, "before": last},
                "value": value.display,
                "url": value.url,
            }
        )
    return Section(
        _("%(year)s年执法概况") % {"year": year},
        rows,
        layout=FIGURES,
        more_url=reverse("core:figures") + f"?year={year}",
        more_label=_("全部统计指标及口径说明"),
    )


@home_section(order=59)
def figures_history(user) -> Section | None:
    """Each of the last eight years' figures, the filed count opening that year's cases (立案 19 件
    → the 19), in one query."""
    if not user.can(roles.CASE_DECIDE):
        return None
    this_year = timezone.localdate().year
    periods = [Period.year(y) for y in range(this_year, this_year - 8, -1)]
    codes = [metrics.CASES_FILED, metrics.CASES_CLOSED, metrics.FINES_PAID]
    values = evaluate(codes, user, periods)
    rows = []
    for period in periods:
        filed, closed, fines = (values.get(code, period) for code in codes)
        if not (filed.value or closed.value or fines.value):
            continue
        rows.append(
            {
                "label": _("%(year)s年：立案 %(n)s 件") % {"year": period.calendar_year, "n": filed.value},
                "url": filed.url,
                "note": _("办结 %(closed)s 件 · 收缴罚款 %(fines)s")
                % {"closed": closed.value, "fines": _money(fines.value)},
            }
        )
    if not rows:
        return None
    return Section(_("历年执法统计"), rows)
