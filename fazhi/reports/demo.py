"""Sample annual reports (is_sample): 石鼓镇's 2021 draft generated from the figures of the other
apps' demo records (the reference report's structure; each number computed, none typed), and its
2020 report taken through the whole procedure (drafted by 党政办, reviewed by 司法所, deliberated,
approved by the leader with its figures frozen, submitted, cleared and published); 易俗河镇's 2021
draft so that the county dashboard has two towns' report dates to compare; 石鼓镇's 2021
政府信息公开工作年度报告 (the national template's tables filled from the disclosure app's demo
records) drafted in January 2022 and published before 31 March.

Runs after every app whose figures the report names (apps not installed are skipped)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.core import demo as kit
from fazhi.core.models import User
from fazhi.core.workflow import TransitionRefused
from fazhi.reports import compose, drafting, workflow
from fazhi.reports.models import Report

REFERENCE_YEAR = 2021
VOLUMES = {
    "年度报告": "3（石鼓镇2021年草稿、2020年已公布，易俗河镇2021年草稿）",
    "政府信息公开工作年度报告": "1（石鼓镇2021年，已公布）",
}

# 2020's report through the procedure, on the dates a town would take them.
STEPS_2020 = [
    ("submit", "govoffice", {}),
    ("review", "judicial", {"review_opinion": "同意提交集体审议"}),
    ("deliberate", "govoffice", {"meeting": "镇党委会议", "deliberated_on": "2020-12-28"}),
    ("approve", "leader", {"approved_on": "2020-12-30", "signed_on": "2020-12-30"}),
    ("submit_up", "govoffice", {"submitted_on": "2021-01-05", "submission_reference": "石鼓发〔2021〕2号"}),
    ("clear", "govoffice", {"secrecy_reviewer": "党政办 吴秘书", "secrecy_on": "2021-01-08"}),
    ("publish", "govoffice", {"published_on": "2021-01-12", "published_at": "湘潭县人民政府门户网站"}),
]


# 2021's disclosure report, by 31 March 2022 (政府信息公开条例 第四十九条).
DISCLOSURE_STEPS_2021 = [
    ("submit", "govoffice", {}),
    ("review", "judicial", {"review_opinion": "表三勾稽关系成立，同意提交审议"}),
    ("deliberate", "govoffice", {"meeting": "镇政府常务会议", "deliberated_on": "2022-01-18"}),
    ("approve", "leader", {"approved_on": "2022-01-20", "signed_on": "2022-01-20"}),
    ("submit_up", "govoffice", {"submitted_on": "2022-01-24", "submission_reference": "石鼓发〔2022〕4号"}),
    ("clear", "govoffice", {"secrecy_reviewer": "党政办 吴秘书", "secrecy_on": "2022-01-26"}),
    ("publish", "govoffice", {"published_on": "2022-01-28", "published_at": "湘潭县人民政府门户网站"}),
]


def _fire_all(ctx, report, steps) -> None:
    for step, who, data in steps:
        try:
            workflow.REPORT.fire(report, step, _user(ctx, who), data)
        except TransitionRefused as refused:
            ctx.log.append(f"reports: {report.title}停在“{report.get_state_display()}”：{refused.reason}")
            break


def _user(ctx, name) -> User:
    return ctx.users.get(name) or User.objects.get(username=name)


def build(ctx) -> None:
    if Report.objects.filter(is_sample=True).exists():
        return
    office = _user(ctx, "govoffice")
    with transaction.atomic():
        drafting.create_report(ctx.town, REFERENCE_YEAR, office, is_sample=True)
        last = drafting.create_report(ctx.town, REFERENCE_YEAR - 1, office, is_sample=True)
        compose.drop_pending(last)  # what no installed app counts yet is left out, as staff would
        _fire_all(ctx, last, STEPS_2020)
        disclosure = drafting.create_report(
            ctx.town, REFERENCE_YEAR, office, is_sample=True, kind=Report.Kind.DISCLOSURE
        )
        compose.drop_pending(disclosure)
        _fire_all(ctx, disclosure, DISCLOSURE_STEPS_2021)
    if ctx.other_town is not None:
        other_office = _other_office(ctx)
        drafting.create_report(ctx.other_town, REFERENCE_YEAR, other_office, is_sample=True)


def _other_office(ctx) -> User:
    """易俗河镇's 党政办 (a demo account of its own: the county's towns draft their own reports)."""
    from fazhi.core.demo import DEMO_PASSWORD
    from fazhi.core.models import Membership

    user = User.objects.filter(username="govoffice_ysh").first()
    if user is None:
        user = User(username="govoffice_ysh", full_name="易俗河镇 党政办 秘书", is_sample=True)
        user.set_password(DEMO_PASSWORD)
        user.save()
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now(), must_change_password=False)
    Membership.objects.get_or_create(user=user, role="gov_office", region=ctx.other_town)
    return User.objects.get(pk=user.pk)


kit.register(
    "reports",
    build,
    volumes=VOLUMES,
    after=("enforcement", "grid", "mediation", "petitions", "legal", "disclosure", "education", "planning"),
)

__all__ = ["build"]
