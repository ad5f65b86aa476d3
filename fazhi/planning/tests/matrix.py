"""Planning's authorization table: every page and API operation, reads inside (石鼓镇) and
outside (易俗河镇) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `planning.view` over the plan's town: 石鼓镇's town leader, judicial office,
  governance office, petition office and party-government office, the county supervisor
  everywhere; other roles get 403, and a reader of 石鼓镇 gets 404 for 易俗河镇's records.
- the plan, its tasks, the duties and evidence links need `planning.manage` (党政办) over the
  town; a place or person of another town is a bad choice (400), another town's record is not
  found (404).
- progress on a task needs `planning.report` and being the task's responsible leader (the town
  leader here, whose staff record is linked to their account), or `planning.manage`: the other
  holders of `planning.report` get 403.
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table

MANAGER = "gov_office"
READ_IN = "leader judicial governance petition gov_office county two_regions"
READ_OUT = "county two_regions"
NOT_OUT = "leader judicial governance petition gov_office"
READ_ANY = READ_IN
REPORTERS_NOT_RESPONSIBLE = "judicial governance petition"

LIST_IN = E("403", {"200 shown": READ_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})
FORM_ANY = E("403", {"200": MANAGER})


def creates(ok: str) -> tuple[E, E]:
    return E("403 unchanged", {ok: MANAGER}), E("403 unchanged", {"400 unchanged": MANAGER})


def changes(ok: str) -> tuple[E, E]:
    return E("403 unchanged", {ok: MANAGER}), E("403 unchanged", {"404 unchanged": MANAGER})


def build(t) -> None:
    import datetime as dt

    from fazhi.core.models import Person
    from fazhi.education.testing import make_activity
    from fazhi.planning.models import Duty, Progress
    from fazhi.planning.testing import make_planning, make_task

    r, u = t.regions, t.users
    p = make_planning(r, u.leader)
    other_person = Person.objects.create(region=r.other_town, name="易镇长")
    t.region = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.person = {INSIDE: p.mayor, OUTSIDE: other_person}
    t.plan = {INSIDE: p.plan, OUTSIDE: p.other}
    t.task = {
        INSIDE: p.open_late,
        OUTSIDE: make_task(p.other, "易俗河矩阵任务", dt.date(2021, 12, 31), other_person),
    }
    t.progress = {
        s: Progress.objects.create(
            task=task, region=task.region, reported_on=dt.date(2021, 6, 1), note=f"矩阵进展{s}"
        )
        for s, task in t.task.items()
    }
    t.duty = {
        s: Duty.objects.create(
            region=region,
            person=t.person[s],
            kind="report",
            done_on=dt.date(2021, 12, 28),
            title=f"矩阵述法{s}",
        )
        for s, region in t.region.items()
    }
    t.activity = {s: make_activity(region, title=f"矩阵佐证活动{s}") for s, region in t.region.items()}


def pk(attr):
    return lambda t, s: {"pk": getattr(t, attr)[s].pk}


def api_pk(attr):
    return lambda t, s: {"id": getattr(t, attr)[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def field_of(attr, label, name):
    def watch(t, s):
        from django.apps import apps

        return getattr(apps.get_model(label).objects.get(pk=getattr(t, attr)[s].pk), name)

    return watch


def plan_files(t, s):
    from fazhi.core.models import Attachment

    return Attachment.objects.filter(owner_id=str(t.plan[s].pk)).count()


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "方案.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def plan_data(t, s):
    return {"region": t.region[s].pk, "year": 2023, "title": "矩阵工作方案", "adopted_on": "2023-03-01"}


def task_data(t, s):
    return {
        "number": 9,
        "title": "矩阵任务",
        "unit": "党政办",
        "leader": t.person[s].pk,
        "deadline": "2021-10-01",
    }


def duty_data(t, s):
    return {
        "region": t.region[s].pk,
        "person": t.person[s].pk,
        "kind": "agenda",
        "done_on": "2021-03-02",
        "title": "矩阵议事",
    }


def _evidence(t, s):
    return {"from": f"education.activity:{t.activity[s].pk}"}


_plan_in, _plan_out = creates("302 changed")
_task_in, _task_out = changes("302 changed")
_duty_in, _duty_out = creates("302 changed")

REPORT_PAGE_IN = E("403", {"200": "leader gov_office"})
REPORT_PAGE_OUT = E("403", {"404": NOT_OUT})
REPORT_IN = E("403 unchanged", {"302 changed": "leader gov_office"})
REPORT_OUT = E("403 unchanged", {"404 unchanged": NOT_OUT})

PAGES = [
    Row("planning:index", anywhere=E("403", {"200": READ_ANY})),
    Row("planning:plan_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.plan[s].title),
    Row("planning:plan_create", anywhere=FORM_ANY),
    Row(
        "planning:plan_create",
        variant="POST",
        method="POST",
        data=plan_data,
        watch=count("planning.WorkPlan"),
        inside=_plan_in,
        outside=_plan_out,
    ),
    Row("planning:plan_detail", kwargs=pk("plan"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "planning:task_create",
        kwargs=pk("plan"),
        inside=E("403", {"200": MANAGER}),
        outside=E("403", {"404": MANAGER}),
    ),
    Row(
        "planning:task_create",
        variant="POST",
        method="POST",
        kwargs=pk("plan"),
        data=task_data,
        watch=count("planning.Task"),
        inside=_task_in,
        outside=_task_out,
    ),
    Row("planning:task_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.task[s].title),
    Row("planning:task_detail", kwargs=pk("task"), inside=RECORD_IN, outside=RECORD_OUT),
    Row("planning:progress_create", kwargs=pk("task"), inside=REPORT_PAGE_IN, outside=REPORT_PAGE_OUT),
    Row(
        "planning:progress_create",
        variant="POST",
        method="POST",
        kwargs=pk("task"),
        data={"reported_on": "2021-09-01", "note": "矩阵填报"},
        watch=count("planning.Progress"),
        inside=REPORT_IN,
        outside=REPORT_OUT,
        note="the task's responsible leader (the town leader) or the 党政办",
    ),
    Row(
        "planning:evidence_add",
        query=_evidence,
        inside=E("403", {"200": MANAGER}),
        outside=E("403", {"404": MANAGER}),
    ),
    Row(
        "planning:evidence_add",
        variant="POST",
        method="POST",
        data=lambda t, s: {**_evidence(t, s), "task": t.task[s].pk},
        watch=count("core.RecordLink"),
        inside=E("403 unchanged", {"302 changed": MANAGER}),
        outside=E("403 unchanged", {"404 unchanged": MANAGER}),
    ),
    Row("planning:duty_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.duty[s].title),
    Row("planning:duty_create", anywhere=FORM_ANY),
    Row(
        "planning:duty_create",
        variant="POST",
        method="POST",
        data=duty_data,
        watch=count("planning.Duty"),
        inside=_duty_in,
        outside=_duty_out,
    ),
]

P = "v1_planning"


def _reads(resource, attr, marker):
    return [
        Row(f"{P}_{resource}_list", inside=LIST_IN, outside=LIST_OUT, marker=marker),
        Row(f"{P}_{resource}_retrieve", kwargs=api_pk(attr), inside=RECORD_IN, outside=RECORD_OUT),
    ]


def _create(resource, data, label, inside=None, outside=None):
    default_in, default_out = creates("201 changed")
    return Row(
        f"{P}_{resource}_create",
        method="POST",
        encoding="json",
        data=data,
        watch=count(label),
        inside=inside or default_in,
        outside=outside or default_out,
    )


def _patch(resource, attr, label, name, value):
    inside, outside = changes("200 changed")
    return Row(
        f"{P}_{resource}_partial_update",
        method="PATCH",
        encoding="json",
        kwargs=api_pk(attr),
        data={name: value},
        watch=field_of(attr, label, name),
        inside=inside,
        outside=outside,
    )


_upload_in, _upload_out = changes("201 changed")

OPERATIONS = [
    *_reads("plans", "plan", lambda t, s: t.plan[s].title),
    _create("plans", plan_data, "planning.WorkPlan"),
    _patch("plans", "plan", "planning.WorkPlan", "agenda_note", "接口议事日程"),
    Row(
        f"{P}_plans_attachments_create",
        method="POST",
        kwargs=api_pk("plan"),
        encoding="multipart",
        data=lambda t, s: {"file": _upload()},
        watch=plan_files,
        inside=_upload_in,
        outside=_upload_out,
    ),
    *_reads("tasks", "task", lambda t, s: t.task[s].title),
    _create(
        "tasks",
        lambda t, s: {**task_data(t, s), "plan": t.plan[s].pk},
        "planning.Task",
    ),
    _patch("tasks", "task", "planning.Task", "unit", "接口责任单位"),
    *_reads("progress", "progress", lambda t, s: t.progress[s].note),
    _create(
        "progress",
        lambda t, s: {"task": t.task[s].pk, "reported_on": "2021-09-01", "note": "接口填报"},
        "planning.Progress",
        inside=E("403 unchanged", {"201 changed": "leader gov_office"}),
        outside=E("403 unchanged", {"400 unchanged": NOT_OUT}),
    ),
    *_reads("duties", "duty", lambda t, s: t.duty[s].title),
    _create("duties", duty_data, "planning.Duty"),
]

TABLE = Table(
    app="planning",
    title="planning — 法治政府建设工作方案 / the work plan",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("planning",),
    operation_prefixes=("v1_planning_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
)
