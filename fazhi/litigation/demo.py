"""Sample 复议 and 诉讼 cases (all invented, all is_sample; the reference report names none):
in 石鼓镇 from 2018, a few a year — 行政复议 of penalty decisions (linked to a decided sample
enforcement case of that year when the enforcement demo made one), a disclosure suit, a
复议后起诉 where the court upheld the 复议, one case still pending; 易俗河镇 one a year. The 2021
复议 about 政府信息公开 concerns the disclosure demo's 2021 refusal to protect a third party
(outcome 3.4), when that app made one: table 四 of the disclosure report counts it.
Linked to the records they concern through core's links. Idempotent: nothing is built when
sample cases exist.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from fazhi.core import demo as kit
from fazhi.core.models import User
from fazhi.litigation import register
from fazhi.litigation.models import ApplicantKind, Matter, Proceeding, Result, Route

# (year, month, day, route, matter, result, days to conclude or None, applicant, kind, subject, organ)
ROWS = [
    (
        2018,
        5,
        14,
        Route.REVIEW,
        Matter.PENALTY,
        Result.UPHELD,
        55,
        "刘志强",
        ApplicantKind.CITIZEN,
        "违法建设行政处罚决定",
        "湘潭县人民政府",
    ),
    (
        2019,
        8,
        2,
        Route.REVIEW,
        Matter.PENALTY,
        Result.CORRECTED,
        58,
        "湘潭市某建材有限公司",
        ApplicantKind.ORGANIZATION,
        "占道经营行政处罚决定（罚款数额）",
        "湘潭县人民政府",
    ),
    (
        2019,
        11,
        20,
        Route.DIRECT,
        Matter.DISCLOSURE,
        Result.UPHELD,
        96,
        "陈国平",
        ApplicantKind.CITIZEN,
        "政府信息公开申请答复（信息不存在）",
        "湘潭县人民法院",
    ),
    (
        2020,
        6,
        9,
        Route.REVIEW,
        Matter.PENALTY,
        Result.UPHELD,
        52,
        "周玉珍",
        ApplicantKind.CITIZEN,
        "焚烧秸秆行政处罚决定",
        "湘潭县人民政府",
    ),
    (
        2020,
        9,
        15,
        Route.AFTER_REVIEW,
        Matter.PENALTY,
        Result.UPHELD,
        121,
        "刘志强",
        ApplicantKind.CITIZEN,
        "违法建设行政处罚决定（复议维持后起诉）",
        "湘潭县人民法院",
    ),
    (
        2021,
        4,
        12,
        Route.REVIEW,
        Matter.PENALTY,
        Result.UPHELD,
        56,
        "黄德华",
        ApplicantKind.CITIZEN,
        "违法建设行政处罚决定",
        "湘潭县人民政府",
    ),
    (
        2021,
        7,
        6,
        Route.DIRECT,
        Matter.COERCION,
        Result.OTHER,
        88,
        "李海军",
        ApplicantKind.CITIZEN,
        "强制拆除违法建筑（原告撤诉）",
        "湘潭县人民法院",
    ),
    (
        2021,
        10,
        18,
        Route.REVIEW,
        Matter.DISCLOSURE,
        Result.UPHELD,
        50,
        "吴秀英",
        ApplicantKind.CITIZEN,
        "政府信息公开申请答复",
        "湘潭县人民政府",
    ),
    (
        2022,
        3,
        21,
        Route.REVIEW,
        Matter.PENALTY,
        Result.CORRECTED,
        57,
        "湘潭某养殖专业合作社",
        ApplicantKind.ORGANIZATION,
        "畜禽养殖污染行政处罚决定（程序）",
        "湘潭县人民政府",
    ),
    (
        2023,
        5,
        8,
        Route.ARBITRATION,
        Matter.OTHER,
        Result.UPHELD,
        44,
        "郭春梅",
        ApplicantKind.CITIZEN,
        "劳动争议（镇属单位聘用人员）",
        "湘潭县劳动人事争议仲裁委员会",
    ),
    (
        2024,
        9,
        3,
        Route.DIRECT,
        Matter.PENALTY,
        Result.UPHELD,
        110,
        "马卫东",
        ApplicantKind.CITIZEN,
        "违法占用耕地行政处罚决定",
        "湘潭县人民法院",
    ),
]
PENDING_NOW = (Route.REVIEW, Matter.PENALTY, "孙国平", "违法建设行政处罚决定", "湘潭县人民政府", 20)

VOLUMES = {"石鼓镇复议诉讼案件（2018年起）": len(ROWS) + 1, "其中尚未审结": 1, "易俗河镇（每年一件）": "7"}


def _leader():
    return User.objects.filter(username="leader").first()


def _sample_cases(year: int):
    """Decided sample enforcement cases of `year` (by label: no import of that app)."""
    try:
        Case = apps.get_model("enforcement", "Case")
    except LookupError:
        return []
    return list(
        Case.objects.filter(is_sample=True, decided_on__year=year, town_code="430321108").order_by("pk")[:3]
    )


def _disclosure_request(year: int):
    """The disclosure demo's refusal (不予公开 4. 保护第三方合法权益) of `year` in 石鼓镇, if any."""
    try:
        Request = apps.get_model("disclosure", "Request")
    except LookupError:
        return None
    return (
        Request.objects.filter(is_sample=True, town_code="430321108", outcome="3.4", closed_on__year=year)
        .order_by("pk")
        .first()
    )


def build(ctx) -> None:
    if Proceeding.objects.filter(is_sample=True).exists():
        return
    leader = _leader()
    today = timezone.localdate()
    used: set = set()
    with transaction.atomic():
        for year, month, day, route, matter, result, days, applicant, kind, subject, organ in ROWS:
            filed = dt.date(year, month, day)
            concluded = filed + dt.timedelta(days=days) if days is not None else None
            if concluded and concluded > today:
                concluded, result = None, Result.PENDING
            fields = {
                "route": route,
                "matter": matter,
                "subject": subject,
                "organ": organ,
                "applicant": applicant,
                "applicant_kind": kind,
                "filed_on": filed,
                "concluded_on": concluded,
                "result": result,
                "is_sample": True,
                "case_number": _number(route, year, month),
            }
            if route in (Route.DIRECT, Route.AFTER_REVIEW):
                fields["court_leader"] = leader
                fields["hearing_on"] = filed + dt.timedelta(days=min(days or 30, 60))
                if fields["hearing_on"] > today:
                    fields["hearing_on"] = None
            concerns = None
            if matter == Matter.PENALTY:
                concerns = next((c for c in _sample_cases(year) if c.pk not in used), None)
            elif matter == Matter.DISCLOSURE and route == Route.REVIEW:
                concerns = _disclosure_request(year)
                if concerns is not None:
                    fields["applicant"] = concerns.applicant_name
            if concerns is not None:
                used.add(concerns.pk)
                fields["subject"] = f"{subject}（{concerns}）"[:200]
                register.record(concerns, **fields)
            else:
                Proceeding.objects.create(region=ctx.town, **fields)
        route, matter, applicant, subject, organ, ago = PENDING_NOW
        Proceeding.objects.create(
            region=ctx.town,
            route=route,
            matter=matter,
            applicant=applicant,
            subject=subject,
            organ=organ,
            filed_on=today - dt.timedelta(days=ago),
            case_number=_number(route, today.year, today.month),
            is_sample=True,
        )
        if ctx.other_town is not None:
            for year in range(2018, 2025):
                Proceeding.objects.create(
                    region=ctx.other_town,
                    route=Route.REVIEW,
                    matter=Matter.PENALTY,
                    applicant="易俗河镇示例申请人",
                    subject="行政处罚决定",
                    organ="湘潭县人民政府",
                    filed_on=dt.date(year, 6, 1),
                    concluded_on=dt.date(year, 7, 25),
                    result=Result.UPHELD,
                    case_number=_number(Route.REVIEW, year, 6),
                    is_sample=True,
                )


def _number(route, year: int, month: int) -> str:
    if route == Route.REVIEW:
        return f"潭县政复字〔{year}〕{month + 10}号"
    if route == Route.ARBITRATION:
        return f"潭县劳人仲案字〔{year}〕{month + 30}号"
    return f"（{year}）湘0321行初{month + 20}号"


kit.register("litigation", build, volumes=VOLUMES, after=("enforcement", "disclosure"))
