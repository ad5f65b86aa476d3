"""Planning's figures: the work plan's tasks by their deadline — all, done, late (done after the
deadline, or open past it today) and open — and the first responsible persons' duties."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, Figure, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.planning.filters import DONE, LATE, OPEN, DutyFilterSet, TaskFilterSet
from fazhi.planning.models import Duty, Task

TASKS = "planning.tasks"
TASKS_DONE = "planning.tasks_done"
TASKS_LATE = "planning.tasks_late"
TASKS_OPEN = "planning.tasks_open"
DUTIES = "planning.duties"
ALL = [TASKS, TASKS_DONE, TASKS_LATE, TASKS_OPEN, DUTIES]

SYSTEM = _("本系统口径：法治政府建设工作方案任务")


def _tasks(query=None):
    return figure_link(TaskFilterSet, "planning:task_list", query, year_param="year")


register(
    Figure(
        TASKS,
        _("工作方案任务"),
        _("项"),
        COUNT,
        definition=_("完成时限在统计期内的工作方案任务。"),
        source=SYSTEM,
        source_kind=SourceKind.SYSTEM,
        model=Task,
        date_field="deadline",
        link=_tasks(),
    ),
    Figure(
        TASKS_DONE,
        _("已完成任务"),
        _("项"),
        COUNT,
        definition=_("完成时限在统计期内、状态为已完成的任务（含逾期完成）。"),
        source=SYSTEM,
        source_kind=SourceKind.SYSTEM,
        model=Task,
        date_field="deadline",
        where=DONE,
        link=_tasks({"stage": "done"}),
    ),
    Figure(
        TASKS_LATE,
        _("逾期任务"),
        _("项"),
        COUNT,
        definition=_("完成时限在统计期内、晚于时限完成或至今超过时限仍未完成的任务（按数据库当日计算）。"),
        source=SYSTEM,
        source_kind=SourceKind.SYSTEM,
        model=Task,
        date_field="deadline",
        where=LATE,
        link=_tasks({"stage": "late"}),
    ),
    Figure(
        TASKS_OPEN,
        _("推进中任务"),
        _("项"),
        COUNT,
        definition=_("完成时限在统计期内、尚未完成的任务。"),
        source=SYSTEM,
        source_kind=SourceKind.SYSTEM,
        model=Task,
        date_field="deadline",
        where=OPEN,
        link=_tasks({"stage": "open"}),
    ),
    Figure(
        DUTIES,
        _("第一责任人履职事项"),
        _("项"),
        COUNT,
        definition=_("日期在统计期内的第一责任人履职记录（列入议事日程、年终述法、带头学法等）。"),
        source=_(
            "中办国办《法治政府建设与责任落实督察工作规定》：年度报告须报告党政主要负责人履行第一责任人职责情况"
        ),
        source_kind=SourceKind.SYSTEM,
        model=Duty,
        date_field="done_on",
        link=figure_link(DutyFilterSet, "planning:duty_list", year_param="year"),
    ),
)
