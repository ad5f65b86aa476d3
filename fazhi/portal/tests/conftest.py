"""A town's published records for the portal tests: a published decision against a citizen
(张三丰, with identity number and phone), a withdrawn one, a current village adviser, a 普法
activity, a published 指南 and a proactive item, and staff-only records that must never show."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

DECIDED = (*THROUGH_NOTICE, "record_statement", "decide")
ADVISER_PHONE = "13907320001"
CITIZEN_PHONE = "13812345678"


@pytest.fixture
def published(regions, users, enf, make_case, walk):
    from fazhi.disclosure.models import Publication
    from fazhi.education.testing import make_activity
    from fazhi.legal.models import Adviser

    enf.citizen.phone = CITIZEN_PHONE
    enf.citizen.save()
    shown = walk(make_case(), *DECIDED, "publish")
    withdrawn = walk(make_case(), *DECIDED, "publish", "record_change", "withdraw_publication")
    unpublished = walk(make_case(), *DECIDED)
    today = dt.date.today()
    adviser = Adviser.objects.create(
        region=regions.village_a,
        name="周律师",
        firm="湖南湘潭某律师事务所",
        licence_number="14303201910123456",
        phone=ADVISER_PHONE,
        contract_start=today - dt.timedelta(days=30),
        contract_end=today + dt.timedelta(days=300),
        service_time="每月第一个星期三上午",
        service_place="歇马村村部",
        fee=6000,
    )
    activity = make_activity(regions.village_a, legal_persons="李明白", advisers="周律师")
    guide = Publication.objects.create(
        region=regions.town,
        kind=Publication.Kind.GUIDE,
        title="石鼓镇人民政府政府信息公开指南",
        made_on=dt.date(2021, 1, 5),
        first_published_on=dt.date(2021, 1, 10),
        content="申请方式：到镇政府党政办当面提交或邮寄。",
    )
    hidden_pub = Publication.objects.create(
        region=regions.town, title="尚未公开的信息", made_on=dt.date(2021, 1, 5)
    )
    return SimpleNamespace(
        shown=shown,
        withdrawn=withdrawn,
        unpublished=unpublished,
        adviser=adviser,
        activity=activity,
        guide=guide,
        hidden_pub=hidden_pub,
    )


def tiny_jpeg(exif: bytes = b"Exif\x00\x00GPSLatitude 27.8 N GPSLongitude 112.9 E") -> bytes:
    """A JPEG's segments as a phone writes them: JFIF, an EXIF block with a GPS position, a
    quantization table, the scan, the end."""
    import struct

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xE1, exif)
        + segment(0xFE, "拍摄：歇马村5组".encode())
        + segment(0xDB, b"\x00" + bytes(range(64)))
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x12\x34\x56\x78"
        + b"\xff\xd9"
    )


@pytest.fixture
def consulting(regions, users):
    """石鼓镇's published 2021-style catalogue of this year with a draft out for comment now (30
    days from today), one comment answered (张三丰's, adopted) and one not yet answered; an
    unpublished catalogue's entry and a decision still in its working file."""
    from fazhi.legal import workflow
    from fazhi.legal.models import Catalogue, CatalogueEntry, Decision, PublicComment

    today = dt.date.today()
    catalogue = Catalogue.objects.create(
        region=regions.town,
        year=today.year,
        title=f"石鼓镇{today.year}年度重大行政决策事项目录",
        party_consent="镇党委会议同意",
        party_consent_on=today - dt.timedelta(days=60),
        published_on=today - dt.timedelta(days=55),
    )
    entry = CatalogueEntry.objects.create(
        catalogue=catalogue,
        name="石鼓镇农村生活垃圾分类实施方案",
        undertaker="党政办",
        legal_basis="《固体废物污染环境防治法》",
    )
    quiet = CatalogueEntry.objects.create(
        catalogue=catalogue, name="石鼓镇集镇停车管理方案", undertaker="党政办", needs_participation=False
    )
    hidden_catalogue = Catalogue.objects.create(
        region=regions.town, year=today.year + 1, title="下一年度目录（未经党委同意）"
    )
    CatalogueEntry.objects.create(catalogue=hidden_catalogue, name="未公布目录的事项", undertaker="党政办")

    def start(e, title):
        d = Decision(entry=e, region=regions.town, title=title, undertaker="党政办", started_on=today)
        d.full_clean()
        d.save()
        return d

    decision = start(entry, "石鼓镇农村生活垃圾分类实施方案")
    D = workflow.DECISION
    D.fire(decision, "draft", users.gov_office, {"draft": "垃圾分类收运方案草案及说明：每村设分类收集点。"})
    D.fire(
        decision,
        "open_comment",
        users.gov_office,
        {
            "channels": "镇政府网站、各村政务公开栏",
            "how": "书面、电话、网上提交",
            "until": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    answered = PublicComment.objects.create(
        decision=decision,
        region=regions.town,
        received_on=today,
        commenter="张三丰",
        phone=CITIZEN_PHONE,
        content="建议每周清运两次",
        answer=PublicComment.Answer.ADOPTED,
        reason="已调整为每周两次",
    )
    pending = PublicComment.objects.create(
        decision=decision, region=regions.town, received_on=today, content="尚在研究的意见"
    )
    working = start(quiet, "石鼓镇集镇停车管理方案")
    decision.refresh_from_db()
    return SimpleNamespace(
        catalogue=catalogue, decision=decision, answered=answered, pending=pending, working=working
    )
