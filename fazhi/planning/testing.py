"""Planning fixtures: 石鼓镇's 2021 plan with three tasks (one done in time, one done late, one
open past its deadline), the 镇长 as the responsible leader with a login, and 易俗河镇's plan."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from fazhi.core.models import Person
from fazhi.planning.models import Task, WorkPlan


def make_plan(region, year=2021, **extra) -> WorkPlan:
    values = {
        "title": f"{region.name}{year}年法治政府建设工作方案",
        "adopted_on": dt.date(year, 3, 2),
        "on_agenda": True,
        **extra,
    }
    return WorkPlan.objects.create(region=region, year=year, **values)


def make_task(plan, title, deadline, leader=None, done_on=None, number=1) -> Task:
    return Task.objects.create(
        plan=plan,
        region=plan.region,
        number=number,
        title=title,
        unit="党政办",
        leader=leader,
        deadline=deadline,
        status=Task.Status.DONE if done_on else Task.Status.OPEN,
        done_on=done_on,
    )


def make_planning(regions, leader_user=None) -> SimpleNamespace:
    mayor = Person.objects.create(region=regions.town, name="徐彬", user=leader_user)
    plan = make_plan(regions.town)
    other = make_plan(regions.other_town)
    return SimpleNamespace(
        mayor=mayor,
        plan=plan,
        other=other,
        on_time=make_task(plan, "制定领导干部学法计划", dt.date(2021, 3, 31), mayor, dt.date(2021, 3, 20), 1),
        done_late=make_task(plan, "更新法治宣传栏", dt.date(2021, 6, 30), mayor, dt.date(2021, 7, 15), 2),
        open_late=make_task(plan, "开展年终述法", dt.date(2021, 12, 31), mayor, None, 3),
        other_task=make_task(other, "易俗河任务", dt.date(2021, 12, 31), None, None, 1),
    )
