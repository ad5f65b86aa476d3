"""The navigation menu: each entry shows only to users holding one of its permissions.

Apps add their entries to MENU (in the order users meet them in their work). An entry whose URL
does not resolve (its app not installed) is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | tuple[str, ...] | None = None  # None: every signed-in user; a tuple: any of
    shown: Callable[[object], bool] | None = None  # instead of a permission: shown when it says so

    def allows(self, user) -> bool:
        if self.shown is not None:
            return self.shown(user)
        if self.permission is None:
            return True
        wanted = (self.permission,) if isinstance(self.permission, str) else self.permission
        return any(user.can(p) for p in wanted)


MENU: list[NavItem] = [
    NavItem(_("首页"), "home"),
    NavItem(_("执法案件"), "enforcement:case_list", roles.CASE_VIEW),
    NavItem(_("网格事件"), "grid:event_list", roles.GRID_VIEW),
    NavItem(_("矛盾纠纷"), "mediation:dispute_list", roles.DISPUTE_VIEW),
    NavItem(_("信访"), "petitions:index", roles.PETITION_VIEW),
    NavItem(_("复议诉讼"), "litigation:index", roles.LITIGATION_VIEW),
    NavItem(_("法律事务"), "legal:index", roles.LEGAL_VIEW),
    NavItem(_("政务公开"), "disclosure:index", roles.DISCLOSURE_VIEW),
    NavItem(_("普法学法"), "education:index", roles.EDUCATION_VIEW),
    NavItem(_("工作方案"), "planning:index", roles.PLAN_VIEW),
    NavItem(_("统计与报告"), "reports:index", roles.REPORT_VIEW),
    NavItem(_("期限"), "core:deadlines", roles.VIEW_RECORDS),
    NavItem(_("分派给我的事项"), "core:my_assignments", shown=lambda user: _links().has_assignments(user)),
    NavItem(_("分派事项"), "core:assignment_manage", shown=lambda user: bool(_links().purposes_for(user))),
    NavItem(_("口径说明"), "core:figures", roles.VIEW_RECORDS),
    NavItem(_("区划与网格"), "core:region_list", (roles.VIEW_RECORDS, roles.MANAGE_REGIONS)),
    NavItem(_("工作人员"), "core:staff_list", (roles.VIEW_RECORDS, roles.MANAGE_STAFF)),
    NavItem(_("规则"), "core:rules", (roles.VIEW_RECORDS, roles.MANAGE_RULES)),
    NavItem(_("导入"), "core:import_list", roles.MANAGE_REGIONS),
    NavItem(_("账户"), "core:user_list", roles.MANAGE_USERS),
    NavItem(_("节假日"), "core:calendar", roles.MANAGE_HOLIDAYS),
    NavItem(_("登录安全"), "core:security", roles.MANAGE_SECURITY),
    NavItem(_("审计"), "core:audit", roles.AUDIT),
    NavItem(_("管理后台"), "admin:index", roles.ADMIN_SITE),
]


def _links():
    from fazhi.core import links  # imports the models: not at import time of the settings' menu

    return links


def menu_for(user, current_path: str = "") -> list[dict]:
    items = []
    for item in MENU:
        if not item.allows(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app not installed yet
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "url_name": item.url_name, "active": active})
    return items
