"""The navigation menu: each entry shows only to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every signed-in user


MENU: list[NavItem] = [
    NavItem(_("首页"), "home"),
    NavItem(_("执法案件"), "enforcement:case_list", roles.CASE_VIEW),
    NavItem(_("期限"), "core:deadlines", roles.VIEW_RECORDS),
    NavItem(_("区划与网格"), "core:region_list", roles.VIEW_RECORDS),
    NavItem(_("导入"), "core:import_list", roles.MANAGE_REGIONS),
    NavItem(_("账户"), "core:user_list", roles.MANAGE_USERS),
    NavItem(_("节假日"), "core:calendar", roles.MANAGE_HOLIDAYS),
    NavItem(_("审计"), "core:audit", roles.AUDIT),
]


def menu_for(user, current_path: str = "") -> list[dict]:
    items = []
    for item in MENU:
        if item.permission and not user.can(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app not installed yet
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
