"""Sample work plans of 石鼓镇 (all invented except what the 2021 report says).

2021 as the report's paragraph 二(一): the party committee drew up 《石鼓镇2021年法治政府建设工作
方案》 and put rule-of-law work on its agenda; its tasks (all done that year, one late), with
evidence linked to the education records that show them (the 30 November joint event, the oath,
the study plan's sessions); the first responsible persons' duties (the agenda item, the study
they led, 述法 at year end). Plans 2022–2026 with their tasks; in 2026 a few are open and two are
past their deadline, with the 镇长 (the demo account `leader`) responsible.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.core import demo as kit
from fazhi.core import links
from fazhi.core.ledger import acting_as
from fazhi.core.models import Person, RecordLink
from fazhi.planning.models import Duty, Progress, Task, WorkPlan

REFERENCE_YEAR = 2021
FIRST_YEAR = 2021

VOLUMES = {"工作方案": "2021–今年各1份", "任务（每份）": "6–8", "2021年第一责任人履职": 5}

# (title, unit, leader, deadline (month, day), done (month, day) or None)
TASKS_2021 = [
    ("制定领导干部学法制度和学法计划", "党政办", "易建华", (3, 31), (2, 26)),
    ("党委理论学习中心组每季度集体学法", "党政办", "易建华", (12, 31), (12, 9)),
    ("组织新当选人员进行宪法宣誓", "党政办", "徐彬", (9, 30), (8, 26)),
    ("落实政府法律顾问和一村一法律顾问制度", "司法所", "徐彬", (6, 30), (6, 18)),
    ("开展宪法宣传周和“12·4”国家宪法日宣传", "司法所", "徐彬", (12, 10), (12, 4)),
    ("法治宣传栏每季度更新宣传内容", "司法所", "罗志明", (12, 31), (12, 5)),
    ("严格执行行政执法“三项制度”", "综合行政执法大队", "罗志明", (10, 31), (11, 20)),  # done late
    ("年终述法并报县委依法治县办", "党政办", "易建华", (12, 31), (12, 28)),
]
LATER_TASKS = [
    ("制定年度领导干部学法计划", "党政办", "易建华", (3, 31)),
    ("开展民法典宣传月活动", "司法所", "徐彬", (5, 31)),
    ("开展“6·26”国际禁毒日宣传", "司法所", "彭丽", (6, 30)),
    ("行政执法人员年度培训", "综合行政执法大队", "罗志明", (9, 30)),
    ("开展宪法宣传周活动", "司法所", "徐彬", (11, 30)),
    ("年终述法", "党政办", "易建华", (12, 31)),
]


def _people(town) -> dict[str, Person]:
    return {p.name: p for p in Person.objects.filter(region=town)}


def _evidence(task, records, user):
    for record in records:
        if record is not None:
            links.link(task, record, kind=RecordLink.Kind.RELATED, user=user)


def _reference(ctx, people, actor):
    from django.apps import apps

    town = ctx.town
    plan = WorkPlan(
        region=town,
        year=REFERENCE_YEAR,
        title="石鼓镇2021年法治政府建设工作方案",
        document_number="石党发〔2021〕5号",  # illustrative
        adopted_on=dt.date(2021, 3, 2),
        on_agenda=True,
        agenda_note="镇党委会议研究制定，将法治政府建设工作列入重要议事日程",
        content="坚持党委统一领导、人大监督、政府实施、各部门配合、全社会共同参与的领导体制和工作机制。",
        is_sample=True,
    )
    plan.save()
    tasks = []
    for number, (title, unit, leader, (dm, dd), done) in enumerate(TASKS_2021, start=1):
        task = Task(
            plan=plan,
            number=number,
            title=title,
            unit=unit,
            leader=people.get(leader),
            deadline=dt.date(REFERENCE_YEAR, dm, dd),
            status=Task.Status.DONE,
            done_on=dt.date(REFERENCE_YEAR, *done),
            is_sample=True,
        )
        task.save()
        Progress(
            task=task,
            reported_on=task.done_on,
            note=f"已完成：{title}。",
            reported_by=actor,
            is_sample=True,
        ).save()
        tasks.append(task)
    # evidence from the education records, if that app's demo made them
    if apps.is_installed("fazhi.education"):
        Activity = apps.get_model("education", "Activity")
        Oath = apps.get_model("education", "Oath")
        StudySession = apps.get_model("education", "StudySession")
        StudyPlan = apps.get_model("education", "StudyPlan")
        _evidence(tasks[0], [StudyPlan.objects.filter(region=town, year=REFERENCE_YEAR).first()], actor)
        _evidence(
            tasks[1],
            StudySession.objects.filter(region=town, held_on__year=REFERENCE_YEAR, kind="center_group"),
            actor,
        )
        _evidence(tasks[2], [Oath.objects.filter(region=town, sworn_on__year=REFERENCE_YEAR).first()], actor)
        _evidence(
            tasks[4],
            Activity.objects.filter(
                town_code=town.code, held_on__in=[dt.date(2021, 11, 30), dt.date(2021, 12, 4)]
            ),
            actor,
        )
    duties = [
        ("易建华", "agenda", (3, 2), "党委会议研究制定2021年法治政府建设工作方案", ""),
        ("易建华", "study", (3, 18), "主持党委理论学习中心组集体学法（习近平法治思想）", ""),
        ("徐彬", "study", (4, 22), "主持政府常务会议会前学法（行政处罚法）", ""),
        ("徐彬", "decision", (8, 26), "在镇第七届人民代表大会第一次会议上领誓宪法宣誓", ""),
        (
            "易建华",
            "report",
            (12, 28),
            "2021年度党政主要负责人述法",
            "一年来，本人认真履行推进法治建设第一责任人职责，带头学法、带头尊法守法用法……（示例文本）",
        ),
    ]
    for name, kind, (m, d), title, text in duties:
        if name in people:
            Duty(
                region=town,
                person=people[name],
                kind=kind,
                done_on=dt.date(REFERENCE_YEAR, m, d),
                title=title,
                text=text,
                is_sample=True,
            ).save()


def _later(ctx, people, actor, today):
    town = ctx.town
    for year in range(REFERENCE_YEAR + 1, today.year + 1):
        plan = WorkPlan(
            region=town,
            year=year,
            title=f"石鼓镇{year}年法治政府建设工作方案",
            adopted_on=dt.date(year, 3, 1),
            on_agenda=True,
            agenda_note="镇党委会议研究制定",
            is_sample=True,
        )
        plan.save()
        for number, (title, unit, leader, (m, d)) in enumerate(LATER_TASKS, start=1):
            deadline = dt.date(year, m, d)
            done = deadline < today - dt.timedelta(days=20) or (year < today.year)
            # this year: the 禁毒 and 执法培训 tasks are still open past their deadline
            if year == today.year and number in (3, 4):
                done = False
            task = Task(
                plan=plan,
                number=number,
                title=f"{title}",
                unit=unit,
                leader=people.get(leader),
                deadline=deadline,
                status=Task.Status.DONE if done else Task.Status.OPEN,
                done_on=min(deadline - dt.timedelta(days=3), today) if done else None,
                is_sample=True,
            )
            task.save()
            if not done and deadline < today:
                Progress(
                    task=task,
                    reported_on=deadline - dt.timedelta(days=10),
                    note="正在推进，尚未完成。",
                    reported_by=actor,
                    is_sample=True,
                ).save()
        Duty(
            region=town,
            person=people["易建华"],
            kind="agenda",
            done_on=dt.date(year, 3, 1),
            title=f"党委会议研究制定{year}年法治政府建设工作方案",
            is_sample=True,
        ).save()


def build(ctx) -> None:
    if WorkPlan.objects.filter(is_sample=True).exists():
        ctx.log.append("工作方案：示例记录已存在，未重复建立。")
        return
    people = _people(ctx.town)
    if "易建华" not in people:  # the education demo makes the staff register's people
        ctx.log.append("工作方案：未找到示例工作人员，跳过。")
        return
    actor = ctx.users.get("govoffice")
    today = timezone.localdate()
    with acting_as(actor, "command"), transaction.atomic():
        _reference(ctx, people, actor)
        _later(ctx, people, actor, today)
    ctx.log.append("工作方案：2021年方案及任务8项，此后每年1份。")


kit.register("planning", build, volumes=VOLUMES, after=("education",))
