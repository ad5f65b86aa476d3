"""Enforcement fixtures: 石鼓镇's brigade, two certified officers (and one whose certificate
expired), a power with its discretion levels, a citizen and a company, and case builders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.enforcement.models import (
    Case,
    CaseOfficer,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Officer,
    Party,
    Power,
)

# A citizen and a company with valid check digits (GB 11643, GB 32100).
CITIZEN_ID = "430321199001011236"
COMPANY_CODE = "91430321MA4L0XXXXY"


def _id_number(body17: str) -> str:
    from fazhi.core.pii import id_check_char

    return body17 + id_check_char(body17)


def _credit_code(body17: str) -> str:
    from fazhi.core.pii import credit_check_char

    return body17 + credit_check_char(body17)


def certify(officer, number, valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 12, 31), **kw):
    return Certificate.objects.create(
        officer=officer,
        number=number,
        issuing_authority="湖南省人民政府",
        valid_from=valid_from,
        valid_until=valid_until,
        **kw,
    )


@pytest.fixture
def enf(regions, users):
    """The brigade of 石鼓镇 and what a case needs."""
    body = EnforcementBody.objects.create(
        region=regions.town,
        name="湘潭县石鼓镇人民政府",
        kind=EnforcementBody.Kind.STATUTORY,
        legal_basis="《湖南省人民政府关于赋予乡镇（街道）部分县级行政权力的决定》",
        case_prefix="石鼓执罚",
    )
    other_body = EnforcementBody.objects.create(
        region=regions.other_town, name="湘潭县易俗河镇人民政府", case_prefix="易俗执罚"
    )
    wang = Officer.objects.create(body=body, name="王强", user=users.officer)
    zhao = Officer.objects.create(body=body, name="赵敏", user=users.officer2)
    li = Officer.objects.create(body=body, name="李军")
    expired = Officer.objects.create(body=body, name="刘过期")
    reviewer_as_officer = Officer.objects.create(body=body, name="陈静", user=users.reviewer)
    other = Officer.objects.create(body=other_body, name="外镇执法员", user=users.other_officer)
    certify(wang, "43030000001")
    certify(zhao, "43030000002")
    certify(li, "43030000003")
    certify(expired, "43030000004", valid_from=dt.date(2016, 1, 1), valid_until=dt.date(2021, 6, 30))
    certify(reviewer_as_officer, "43030000005")
    certify(other, "43030000006")
    power = Power.objects.create(
        body=body,
        code="XZCF-ZRZY-001",
        name="非法采砂",
        law="《湖南省河道采砂管理条例》",
        article="第三十条",
        penalties="责令停止违法行为、没收违法所得、罚款",
        in_review_catalogue=False,
    )
    levels = {}
    for level, low, high in [
        (DiscretionLevel.Level.MINOR, "0", "1000"),
        (DiscretionLevel.Level.GENERAL, "1000", "10000"),
        (DiscretionLevel.Level.SERIOUS, "10000", "30000"),
        (DiscretionLevel.Level.SEVERE, "30000", "100000"),
    ]:
        levels[level] = DiscretionLevel.objects.create(
            power=power, level=level, fine_min=Decimal(low), fine_max=Decimal(high)
        )
    catalogued = Power.objects.create(
        body=body,
        code="XZCF-ZRZY-002",
        name="非法占用土地建房",
        law="《中华人民共和国土地管理法》",
        article="第七十八条",
        in_review_catalogue=True,
    )
    citizen = Party.objects.create(
        region=regions.village_a,
        kind=Party.Kind.CITIZEN,
        name="张三丰",
        id_number=_id_number("43032119800101123"),
    )
    company = Party.objects.create(
        region=regions.town,
        kind=Party.Kind.ORGANIZATION,
        name="湘潭某某砂石有限公司",
        credit_code=_credit_code("91430321MA4L0ABCD"),
    )
    return SimpleNamespace(
        body=body,
        other_body=other_body,
        wang=wang,
        zhao=zhao,
        li=li,
        expired=expired,
        reviewer_as_officer=reviewer_as_officer,
        other=other,
        power=power,
        levels=levels,
        catalogued=catalogued,
        citizen=citizen,
        company=company,
    )


@pytest.fixture
def make_case(enf, regions):
    """make_case(**fields) -> a draft case in 歇马村 with 王强 and 赵敏 on it."""

    def _make(officers=None, **fields):
        values = {
            "body": enf.body,
            "region": regions.grid_a,
            "cause": "非法采砂案",
            "party": enf.citizen,
            "power": enf.power,
            "act_date": dt.date(2021, 9, 1),
        }
        values.update(fields)
        case = Case.objects.create(**values)
        for officer in [enf.wang, enf.zhao] if officers is None else officers:
            CaseOfficer.objects.create(case=case, officer=officer, added_on=values["act_date"])
        return case

    return _make
