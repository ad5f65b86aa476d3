"""The "create from this record" action: a grid event (`grid.event`) becomes a petition matter
(the event keeps its history; the matter's 收到日期 is the conversion day)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import links, roles

FROM_GRID_EVENT = links.register_action(
    "grid.event", _("转为信访事项"), "petitions:matter_create", roles.PETITION_HANDLE
)
SOURCES = ("grid.event",)
