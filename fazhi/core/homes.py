"""What each role's home page shows: sections contributed by the apps.

An app registers a function (user) -> Section | None with `@home_section` (or
`@home_section(order=…)`); the home page shows the sections that return something for this
user, by `order` and then registration order. Orders: 10 system duties, 50 (default) an app's
own work queue ("待我办理"), 60 due soon and overdue, 70 my regions, 90 quick links.

A section reads domain records only through `visible_to(user)`: the three system
administrators (三员) hold no domain role, so domain sections have nothing to show them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles

_SECTIONS: list[tuple[int, int, Callable]] = []

ROWS, LINKS, FIGURES = "rows", "links", "figures"


@dataclass
class Section:
    title: str
    # rows: {"label", "url", "badge", "note", "tone"}; links: {"label", "url"};
    # figures: {"label", "value", "url", "tone"}
    rows: list[dict] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    count: int | None = None
    layout: str = ROWS
    more_label: str = ""
    note: str = ""  # one line under the title


def home_section(fn: Callable | None = None, *, order: int = 50) -> Callable:
    def register(fn: Callable) -> Callable:
        _SECTIONS.append((order, len(_SECTIONS), fn))
        return fn

    return register(fn) if fn is not None else register


def home_sections(user) -> list[Section]:
    sections = []
    for _order, _n, fn in sorted(_SECTIONS, key=lambda s: (s[0], s[1])):
        section = fn(user)
        if section is not None:
            sections.append(section)
    return sections


def days_left_badge(deadline, today=None) -> tuple[str, str]:
    """The badge text and tone of a deadline as `deadlines.standing` reads it: paused, overdue,
    due today or days left (yellow from the rule's warning time, red when overdue)."""
    from fazhi.core.deadlines import standing

    stand = standing(deadline, today or timezone.localdate())
    return stand.text, stand.tone


# --- core's sections ---------------------------------------------------------------------------


@home_section(order=5)
def no_role(user) -> Section | None:
    if user.active_memberships:
        return None
    return Section(
        _("尚未分配任职"),
        empty=_(
            "您的账户还没有任何任职，因此看不到业务数据，也不能办理事项。请联系系统管理员分配角色和区划。"
        ),
    )


@home_section(order=10)
def accounts_overview(user) -> Section | None:
    if not user.can(roles.MANAGE_USERS):
        return None
    from django.db.models import Count, Q

    from fazhi.core.administration import users_for

    accounts = users_for(user)
    figures = accounts.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
        unassigned=Count("pk", filter=Q(is_active=True, memberships__isnull=True)),
        never=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
    )
    url = reverse("core:user_list")
    return Section(
        _("账户与任职"),
        [
            {"label": _("启用账户"), "value": figures["active"], "url": f"{url}?active=1"},
            {"label": _("已停用"), "value": figures["inactive"], "url": f"{url}?active=0"},
            {
                "label": _("无任职"),
                "value": figures["unassigned"],
                "url": f"{url}?role=none&active=1",
                "tone": "warn" if figures["unassigned"] else "",
            },
            {"label": _("从未登录"), "value": figures["never"]},
        ],
        layout=FIGURES,
        more_url=reverse("core:user_create"),
        more_label=_("新建账户"),
    )


@home_section(order=10)
def ledger_overview(user) -> Section | None:
    if not user.can(roles.AUDIT):
        return None
    from django.utils.formats import date_format

    from fazhi.core import ledger

    last_id, last_at = ledger.overview()
    return Section(
        _("台账校验"),
        [
            {"label": _("台账记录（条）"), "value": last_id},
            {
                "label": _("最近一条"),
                "value": date_format(timezone.localtime(last_at), "Y-m-d H:i") if last_at else "—",
            },
        ],
        layout=FIGURES,
        note=_("台账为只追加的哈希链：逐条重算摘要，任何篡改都会被发现。"),
        more_url=reverse("core:audit"),
        more_label=_("校验台账、查询操作记录"),
    )


@home_section(order=10)
def login_security(user) -> Section | None:
    if not user.can(roles.MANAGE_SECURITY):
        return None
    from axes.models import AccessAttempt
    from django.conf import settings

    now = timezone.now()
    cooloff = timezone.timedelta(hours=float(settings.AXES_COOLOFF_TIME or 0))
    attempts = AccessAttempt.objects.exclude(username=None)
    locked = (
        attempts.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=now - cooloff
        )
        .values("username")
        .distinct()
        .count()
    )
    failing = (
        attempts.filter(attempt_time__gte=now - timezone.timedelta(hours=24))
        .values("username")
        .distinct()
        .count()
    )
    return Section(
        _("登录安全"),
        [
            {"label": _("锁定中的账户"), "value": locked, "tone": "danger" if locked else ""},
            {"label": _("近24小时登录失败的账户"), "value": failing, "tone": "warn" if failing else ""},
        ],
        layout=FIGURES,
        more_url=reverse("core:security"),
        more_label=_("查看锁定与登录失败，解除锁定"),
    )


@home_section(order=60)
def due_soon(user) -> Section | None:
    if not user.can(roles.VIEW_RECORDS):
        return None
    from fazhi.core.deadlines import DUE_SOON_DAYS, SHOW_DUE, select
    from fazhi.core.models import Deadline

    today = timezone.localdate()
    qs = select(Deadline.objects.visible_to(user), SHOW_DUE, within=DUE_SOON_DAYS, today=today)
    rows = []
    for d in qs.order_by("due_on", "id")[:8]:
        badge, tone = days_left_badge(d, today)
        rows.append({"label": f"{d.object_repr} · {d.label}", "note": d.rule, "badge": badge, "tone": tone})
    return Section(
        _("临近期限与逾期"),
        rows,
        empty=_("近%(n)s日没有到期事项。") % {"n": DUE_SOON_DAYS},
        more_url=reverse("core:deadlines") + f"?show=due&within={DUE_SOON_DAYS}",
        count=qs.count(),
    )


@home_section(order=70)
def my_regions(user) -> Section | None:
    """The regions of the user's domain roles, with their villages, grids and population."""
    paths = user.scope_paths
    if not paths:
        return None
    from fazhi.core.administration import with_counts
    from fazhi.core.models import Region

    regions = with_counts(Region.objects.filter(path__in=paths).order_by("path"))[:10]
    role_of = {}
    for m in user.active_memberships:
        if m.role not in roles.SYSTEM_ROLES:
            role_of.setdefault(m.region_id, []).append(str(roles.ROLES[m.role].label))
    rows = []
    for r in regions:
        parts = [r.get_kind_display()]
        if r.n_villages:
            parts.append(_("%(n)s个村（社区）") % {"n": r.n_villages})
        if r.n_grids:
            parts.append(_("%(n)s个网格") % {"n": r.n_grids})
        households = r.households if r.households is not None else r.children_households
        population = r.population if r.population is not None else r.children_population
        if households:
            parts.append(_("%(n)s户") % {"n": f"{households:,}"})
        if population:
            parts.append(_("%(n)s人") % {"n": f"{population:,}"})
        rows.append(
            {
                "label": r.name,
                "url": reverse("core:region_detail", args=[r.code]),
                "note": " · ".join(parts),
                "badge": "、".join(role_of.get(r.pk, [])),
                "tone": "muted",
            }
        )
    return Section(_("我的辖区"), rows)


@home_section(order=90)
def quick_links(user) -> Section | None:
    from fazhi.core.navigation import menu_for

    links = [item for item in menu_for(user) if item["url_name"] != "home"]
    if not links:
        return None
    return Section(
        _("快捷入口"), [{"label": item["label"], "url": item["url"]} for item in links], layout=LINKS
    )
