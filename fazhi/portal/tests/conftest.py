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
