"""The planning lists' FilterSets (pages, API, figures' links)."""

from __future__ import annotations

import django_filters as df
from django.db.models import F, Q
from django.db.models.functions import Now, TruncDate
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, ListFilterSet, YearFilter, visible
from fazhi.planning.models import Duty, Task, WorkPlan

OPEN = Q(status=Task.Status.OPEN)
DONE = Q(status=Task.Status.DONE)
# 逾期: done after its deadline, or still open past it (read by the database's today).
LATE = Q(status=Task.Status.DONE, done_on__gt=F("deadline")) | Q(
    status=Task.Status.OPEN, deadline__lt=TruncDate(Now())
)


class TaskFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("任务或责任单位"), method="search")
    plan = df.ModelChoiceFilter(label=_("工作方案"), queryset=visible(WorkPlan, ("-year",)))
    status = df.ChoiceFilter(label=_("状态"), choices=Task.Status.choices, empty_label=_("全部"))
    stage = df.ChoiceFilter(
        label=_("进度"),
        method="with_stage",
        empty_label=_("全部"),
        choices=[("late", _("逾期")), ("open", _("推进中")), ("done", _("已完成"))],
    )
    year = YearFilter(label=_("完成时限年度"), field_name="deadline")
    since = DayFilter(label=_("时限起"), field_name="deadline", lookup_expr="gte")
    until = DayFilter(label=_("时限止"), field_name="deadline", lookup_expr="lte")

    hidden = ("plan",)

    class Meta:
        model = Task
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(unit__icontains=value))

    def with_stage(self, qs, name, value):
        return qs.filter({"late": LATE, "open": OPEN, "done": DONE}[value])


class PlanFilterSet(ListFilterSet):
    year = df.NumberFilter(label=_("年度"))

    class Meta:
        model = WorkPlan
        fields: list[str] = []


class DutyFilterSet(ListFilterSet):
    kind = df.ChoiceFilter(label=_("类别"), choices=Duty.Kind.choices, empty_label=_("全部"))
    year = YearFilter(label=_("年度"), field_name="done_on")
    since = DayFilter(label=_("日期起"), field_name="done_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="done_on", lookup_expr="lte")

    class Meta:
        model = Duty
        fields: list[str] = []
