"""The work plan's tasks importable from Excel (core's import pages and `fazhi import`): one row
per task of a plan already registered (named by its town and year); the responsible leader by
name from the staff register. Written with `planning.manage` (党政办)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.io import Column, Date, ImportContext, Integer, Register, Row, Text
from fazhi.core.models import Person
from fazhi.core.scoping import ensure_writable
from fazhi.planning.models import Task, WorkPlan


class TaskRegister(Register):
    code = "planning-tasks"
    title = gettext_lazy("工作方案任务")
    description = gettext_lazy(
        "每行一项任务。方案按“乡镇代码+年度”查找，须先登记方案；责任领导填姓名，须为工作人员名册中本乡镇的人员。"
    )
    model = Task
    key = ("town", "year", "number")
    import_permission = roles.PLAN_MANAGE
    export_permission = roles.PLAN_VIEW
    columns = [
        Column(
            gettext_lazy("乡镇代码"),
            "town",
            Text(9, digits=True),
            required=True,
            example="430321108",
            source="plan.region.code",
        ),
        Column(
            gettext_lazy("方案年度"),
            "year",
            Integer(1990, 2100),
            required=True,
            example="2021",
            source="plan.year",
        ),
        Column(gettext_lazy("序号"), "number", Integer(1, 999), required=True, example="1"),
        Column(gettext_lazy("任务"), "title", Text(300), required=True, example="开展宪法宣传周活动"),
        Column(gettext_lazy("责任单位"), "unit", Text(100), required=True, example="司法所"),
        Column(gettext_lazy("责任领导"), "leader", Text(50), example="徐彬", source="leader.name"),
        Column(gettext_lazy("完成时限"), "deadline", Date(), required=True, example="2021-12-10"),
    ]

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        town, year = row.values.pop("town", None), row.values.pop("year", None)
        plan = (
            WorkPlan.objects.writable_by(ctx.user, roles.PLAN_MANAGE)
            .filter(region__code=town, year=year)
            .select_related("region")
            .first()
        )
        if plan is None:
            raise ValidationError(
                {"town": _("没有找到您可管理的%(town)s %(year)s年工作方案") % {"town": town, "year": year}}
            )
        row.values["plan"], row.values["region"] = plan, plan.region
        name = row.values.pop("leader", "") or ""
        row.values["leader"] = None
        if name:
            leader = Person.objects.visible_to(ctx.user).filter(town_code=plan.region.code, name=name).first()
            if leader is None:
                raise ValidationError({"leader": _("工作人员名册中没有“%(name)s”") % {"name": name}})
            row.values["leader"] = leader

    def save_row(self, row: Row, ctx: ImportContext):
        task = Task(**row.values)
        task.full_clean()
        task.save()
        ensure_writable(task, ctx.user, roles.PLAN_MANAGE)
        ctx.created += 1
        return task


REGISTERS = [TaskRegister()]
