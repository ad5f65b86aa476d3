"""Enforcement fixtures, a pytest plugin (listed in fazhi/conftest.py's `pytest_plugins`, so a
test of any app can build a case): 石鼓镇's brigade, two certified officers (and one whose
certificate expired), a power with its discretion levels, a citizen and a company, and case
builders — `make_case`, `step` and `walk` (core's `Walker` with this app's step defaults)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.core.walk import Walker
from fazhi.enforcement import workflow
from fazhi.enforcement.models import (
    Case,
    CaseOfficer,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Evidence,
    Hearing,
    LegalReview,
    Officer,
    Party,
    PenaltyKind,
    Power,
)


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
    # 法制审核 since 2019 (第五十八条第二款 asks a first-time reviewer only for the qualification)
    reviewer_as_officer = Officer.objects.create(
        body=body, name="陈静", user=users.reviewer, review_duty_since=dt.date(2019, 3, 1)
    )
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
        # the kinds its basis provides (行政处罚法 第三十八条: no other kind may be given)
        penalties="警告、责令停止违法行为、没收违法所得、罚款、暂扣或者吊销许可证件",
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
        penalties="责令退还非法占用的土地、限期拆除、罚款",
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


def gather_evidence(case) -> Evidence:
    """One record of evidence on the case (第四十条: a penalty stands on evidence on file)."""
    return Evidence.objects.create(
        case=case,
        kind=Evidence.Kind.SCENE_RECORD,
        description="现场笔录一份",
        collected_at=dt.datetime.combine(case.act_date, dt.time(10), tzinfo=dt.UTC),
    )


@pytest.fixture
def make_case(enf, regions):
    """make_case(**fields) -> a draft case in 歇马村 with 王强 and 赵敏 on it."""

    def _make(officers=None, evidence=False, **fields):
        values = {
            "body": enf.body,
            "region": regions.grid_a,
            "cause": "非法采砂案",
            "party": enf.citizen,
            "power": enf.power,
            "act_date": dt.date(2021, 9, 1),
            # 第四十四条: the notice states the facts
            "facts": "当事人在歇马村河段未经许可采砂。",
        }
        values.update(fields)
        case = Case.objects.create(**values)
        for officer in [enf.wang, enf.zhao] if officers is None else officers:
            CaseOfficer.objects.create(case=case, officer=officer, added_on=values["act_date"])
        if evidence:
            gather_evidence(case)
        return case

    return _make


# A general-procedure case of 2021, step by step: who fires each step and with what input.
# 2021-09-10 (Fri) notice → statement period of 3 working days ends 09-15 → decision 09-16.
STEP_DEFAULTS = {
    "file": ("officer", {"filed_on": "2021-09-06"}),
    "investigate": ("officer", {"started_on": "2021-09-06"}),
    "submit_for_review": ("officer", {}),
    "approve_review": (
        "reviewer",
        {"opinion": "事实清楚，证据确凿，适用依据正确，程序合法", "reviewed_on": "2021-09-09"},
    ),
    "reject_review": ("reviewer", {"opinion": "证据不足，退回补充调查", "reviewed_on": "2021-09-09"}),
    "notify": (
        "officer",
        {
            "notified_on": "2021-09-10",
            "intended_penalties": ["fine"],
            "intended_fine": "500",
            "level": "minor",
        },
    ),
    "record_statement": ("officer", {"statement": "初次违法，请求从轻处罚", "statement_on": "2021-09-13"}),
    "request_hearing": ("officer", {"requested_on": "2021-09-13"}),
    "schedule_hearing": (
        "leader",
        {"chair": "leader", "notice_on": "2021-09-14", "scheduled_on": "2021-09-24"},
    ),
    "record_hearing": ("leader", {"held_on": "2021-09-24", "record": "当事人到场陈述，承认违法事实"}),
    "decide": (
        "leader",
        {"decided_on": "2021-09-16", "decided_penalties": ["fine"], "decided_fine": "500", "level": "minor"},
    ),
    "decide_no_penalty": (
        "leader",
        {"decided_on": "2021-09-16", "decision_reason": "违法行为轻微并及时改正"},
    ),
    "transfer": ("leader", {"decided_on": "2021-09-16", "decision_reason": "涉嫌非法采矿罪"}),
    "serve": ("officer", {"served_on": "2021-09-17", "party_present": True}),
    "record_payment": ("officer", {"paid_on": "2021-09-20", "amount_paid": "500"}),
    # 行政强制法 第五十三、五十四条: after the 6-month 诉讼 period from service (2021-09-17), ten days
    # after a 催告书
    "remind": ("officer", {"reminded_on": "2022-03-01"}),
    "apply_compulsory": ("officer", {"applied_on": "2022-03-18", "court": "湘潭县人民法院"}),
    "defer_payment": (
        "leader",
        {"applied_on": "2021-09-28", "new_due_on": "2021-11-30", "reason": "家庭困难"},
    ),
    "close": ("officer", {"closed_on": "2021-09-21"}),
    "archive": ("officer", {"archived_on": "2021-09-22"}),
    "publish": ("officer", {"published_on": "2021-09-17"}),
    "record_change": ("officer", {"changed_on": "2021-10-08", "reason": "经行政复议变更"}),
    "withdraw_publication": ("officer", {"withdrawn_on": "2021-10-11", "reason": "决定已变更"}),
    "extend": ("leader", {"new_due_on": "2022-01-04", "reason": "案情复杂，需委托鉴定"}),
    "approve_instalments": (
        "leader",
        {
            "applied_on": "2021-09-20",
            "plan": "2021-10-02 200\n2021-11-02 300",
            "reason": "家庭困难，无力一次缴清",
        },
    ),
    "record_instalment": ("officer", {"paid_on": "2021-10-02", "amount_paid": "200"}),
    "decide_on_the_spot": (
        "officer",
        {
            "decided_on": "2021-09-06",
            "decided_penalties": ["fine"],
            "decided_fine": "100",
            "party_informed": True,
        },
    ),
}


def walker(enf, users) -> Walker:
    """Core's walker with the steps' defaults above: an input `level="minor"` names a discretion
    level, `chair="leader"` a fixture user; actors are fixture users by attribute."""

    def prepare(case, name, data):
        # 第四十条: the walk gathers the evidence a decision stands on, unless told
        # `evidence=False` (the refusal's own test)
        if (
            data.pop("evidence", True)
            and name in ("decide", "decide_on_the_spot")
            and not case.evidence.exists()
        ):
            gather_evidence(case)
        level = data.pop("level", None)
        if level:
            data["discretion_level"] = enf.levels[level].pk
        if isinstance(data.get("chair"), str):
            data["chair"] = getattr(users, data["chair"]).pk
        return data

    return Walker(
        workflow,
        STEP_DEFAULTS,
        actors=lambda key, case: getattr(users, key),
        prepare=prepare,
        default_actor="officer",
    )


@pytest.fixture
def step(enf, users):
    """step(case, name, user=None, **input) fires one step with the defaults above (overridden
    by `input`) and returns the refreshed case. Input `level="minor"` names a discretion level,
    `chair="leader"` a fixture user."""
    return walker(enf, users).step


@pytest.fixture
def walk(enf, users):
    """walk(case, "file", "investigate", …) fires the steps in order with their defaults."""
    return walker(enf, users).walk


THROUGH_NOTICE = ("file", "investigate", "notify")
TO_ARCHIVE = (*THROUGH_NOTICE, "record_statement", "decide", "serve", "record_payment", "close", "archive")


@pytest.fixture
def decided_case(enf, make_case, users):
    """A fined case from filing to closing: 石鼓执罚〔2021〕19号."""
    case = make_case(
        number="石鼓执罚〔2021〕19号",
        year=2021,
        sequence=19,
        facts="于2021年9月1日在歇马村涟水河段使用采砂船非法采砂约200吨。",
        place="歇马村涟水河段",
        source=Case.Source.GRID,
        source_reference="SJ-2021-0087",
        discovered_on=dt.date(2021, 9, 2),
        filed_on=dt.date(2021, 9, 3),
        discretion_level=enf.levels["general"],
        notified_on=dt.date(2021, 9, 20),
        intended_penalties=[PenaltyKind.FINE, PenaltyKind.CONFISCATION],
        intended_fine=Decimal("5000"),
        statement_received=True,
        statement="当事人称系初次违法，请求从轻处罚",
        statement_on=dt.date(2021, 9, 22),
        hearing_requested=True,
        hearing_requested_on=dt.date(2021, 9, 23),
        decision_kind=Case.DecisionKind.PENALTY,
        decided_on=dt.date(2021, 10, 15),
        decided_penalties=[PenaltyKind.FINE, PenaltyKind.CONFISCATION],
        decided_fine=Decimal("5000"),
        served_on=dt.date(2021, 10, 18),
        service_method="直接送达",
        fine_due_on=dt.date(2021, 11, 2),
        paid_on=dt.date(2021, 10, 30),
        amount_paid=Decimal("5000"),
        closed_on=dt.date(2021, 11, 5),
    )
    case.party.address = "湘潭县石鼓镇歇马村3组"
    case.party.save()
    Evidence.objects.create(
        case=case,
        kind=Evidence.Kind.SCENE_RECORD,
        description="现场笔录一份",
        collected_at=dt.datetime(2021, 9, 1, 10, tzinfo=dt.UTC),
    )
    Evidence.objects.create(
        case=case,
        kind=Evidence.Kind.AUDIOVISUAL,
        description="执法记录仪视频",
        collected_at=dt.datetime(2021, 9, 1, 10, tzinfo=dt.UTC),
    )
    LegalReview.objects.create(
        case=case, reviewer=users.reviewer, opinion="同意", passed=True, reviewed_on=dt.date(2021, 10, 10)
    )
    Hearing.objects.create(
        case=case,
        chair=users.leader,
        notice_on=dt.date(2021, 9, 24),
        scheduled_on=dt.date(2021, 10, 8),
        place="石鼓镇人民政府三楼会议室",
        held_on=dt.date(2021, 10, 8),
    )
    return case
