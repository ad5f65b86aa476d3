"""The time limits of a grid event, each once, with where its default comes from.

No national standard fixes the time limits of a 综治 grid event (DOMAIN.md 1(a)): each county
sets its own. The three timed stages — 受理, 办理, 核查 — are county rules (`fazhi.core.rules`)
with the defaults below until the county sets them; each clock turns yellow `*_WARN` before it
is due and red when it is past due. The 受理 clock runs in working hours (office hours, core's
calendar), the others in working days.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.core import rules

DEFAULT_SOURCE = _("本系统默认（县规则未定）")

# 受理: verify and accept (or reject) a reported event. 福州市数字化城市管理实施办法 gives 1 working
# hour for 核实确认/立案派遣 of city-management items; a township 综治 grid has no such figure, so the
# default is half a working day.
ACCEPT_WORKING_HOURS = 4
ACCEPT_WARN_HOURS = 1
# 办理: handle what was dispatched, from dispatch to 办结.
HANDLE_WORKING_DAYS = 5
HANDLE_WARN_DAYS = 1
# 延期: the handling period may be extended once, by at most 10 working days, on the handling
# unit's request approved by the governance office (a system default; the county rule may differ).
HANDLE_EXTENSIONS = 1
HANDLE_EXTENSION_DAYS = 10
# 核查: check the resolution, from 办结 to the check.
CHECK_WORKING_DAYS = 2
CHECK_WARN_DAYS = 1

ACCEPT_RULE = rules.declare(
    "grid.event.accept_period",
    _("网格事件受理时限"),
    rules.PERIOD,
    {"length": ACCEPT_WORKING_HOURS, "unit": "working_hours"},
    DEFAULT_SOURCE,
)
HANDLE_RULE = rules.declare(
    "grid.event.handle_period",
    _("网格事件办理时限"),
    rules.PERIOD,
    {"length": HANDLE_WORKING_DAYS, "unit": "working_days"},
    DEFAULT_SOURCE,
)
CHECK_RULE = rules.declare(
    "grid.event.check_period",
    _("网格事件核查时限"),
    rules.PERIOD,
    {"length": CHECK_WORKING_DAYS, "unit": "working_days"},
    DEFAULT_SOURCE,
)


def period(code: str, region, on: dt.date | None, unit: str) -> int:
    """The length of rule `code` in force for `region` on `on`, in `unit` (the clock's). A county
    version in another unit cannot be converted (a working day is not a fixed number of office
    hours): the declared default holds then."""
    value = rules.value(code, region, on=on)
    if value.get("unit") != unit:
        value = rules.declared(code).default
    return int(value["length"])


# Duplicates: on report, open events of the same category in the same grid within this many
# metres are offered as possible duplicates (issue 11: "50 m, a setting"). No statute fixes it.
DUPLICATE_RADIUS_METRES = 50
DUPLICATE_RADIUS_RULE = rules.declare(
    "grid.event.duplicate_radius",
    _("网格事件疑似重复的距离"),
    rules.NUMBER,
    DUPLICATE_RADIUS_METRES,
    DEFAULT_SOURCE,
    unit=_("米"),
)


def duplicate_radius(region, on: dt.date | None = None) -> float:
    """The radius (metres) in force for `region`: the county's, else the declared default."""
    return float(rules.value(DUPLICATE_RADIUS_RULE, region, on=on))
