"""Legal fixtures: 石鼓镇's published 2021 catalogue (an entry needing public participation and
expert argument, one needing nothing more than the review and the meeting), the town's adviser
(the shared `adviser` account), 歇马村's adviser, 易俗河镇's catalogue, and helpers that make a
decision, a contract or a normative document and walk a decision to a passed review. Used by
`fazhi/legal/tests/conftest.py` and the matrix."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.legal import workflow
from fazhi.legal.models import (
    Adviser,
    Catalogue,
    CatalogueEntry,
    Contract,
    Decision,
    Engagement,
    NormativeDocument,
)

START = dt.date(2021, 3, 1)


def valid_credit_code(body17: str = "91430321MA4L2B3C4") -> str:
    from fazhi.core.pii import credit_check_char

    return body17 + credit_check_char(body17)


def build(regions, users) -> SimpleNamespace:
    from fazhi.conftest import make_user

    def catalogue(region, year=2021, published=True):
        return Catalogue.objects.create(
            region=region,
            year=year,
            title=f"{region.name}{year}年度重大行政决策事项目录",
            party_consent="镇党委会议同意",
            party_consent_on=dt.date(year, 2, 20) if published else None,
            published_on=dt.date(year, 2, 25) if published else None,
        )

    town_cat = catalogue(regions.town)
    full = CatalogueEntry.objects.create(
        catalogue=town_cat,
        name="石鼓镇农村人居环境整治实施方案",
        undertaker="党政办",
        needs_participation=True,
        needs_experts=True,
    )
    plain = CatalogueEntry.objects.create(
        catalogue=town_cat, name="石鼓镇集镇农贸市场改造", undertaker="党政办", needs_participation=False
    )
    draft_cat = catalogue(regions.town, year=2022, published=False)
    unpublished = CatalogueEntry.objects.create(
        catalogue=draft_cat, name="未公布目录的事项", undertaker="党政办"
    )
    other_cat = catalogue(regions.other_town)
    other_entry = CatalogueEntry.objects.create(
        catalogue=other_cat, name="易俗河镇停车管理办法", undertaker="党政办", needs_participation=False
    )
    town_adviser = Adviser.objects.create(
        region=regions.town,
        user=users.adviser,
        name="郑律师",
        firm="湖南湘潭某律师事务所",
        licence_number="14303200910123456",
        senior=True,
        contract_start=dt.date(2021, 1, 1),
        contract_end=dt.date(2030, 12, 31),
    )
    adviser_a_user = make_user("adviser_a", "legal_adviser", regions.village_a, "歇马村法律顾问")
    village_adviser = Adviser.objects.create(
        region=regions.village_a,
        user=adviser_a_user,
        name="李律师",
        firm="湖南湘潭某律师事务所",
        licence_number="14303201510654321",
        contract_start=dt.date(2021, 1, 1),
        contract_end=dt.date(2030, 12, 31),
    )
    return SimpleNamespace(
        catalogue=town_cat,
        full=full,
        plain=plain,
        unpublished=unpublished,
        other_catalogue=other_cat,
        other_entry=other_entry,
        town_adviser=town_adviser,
        village_adviser=village_adviser,
        adviser_a=adviser_a_user,
    )


@pytest.fixture
def legal(regions, users):
    return build(regions, users)


def make_decision(legal_ns, entry=None, region=None, **fields):
    entry = entry or legal_ns.plain
    values = {
        "entry": entry,
        "region": region or entry.catalogue.region,
        "title": entry.name,
        "undertaker": "党政办",
        "started_on": START,
    }
    values.update(fields)
    decision = Decision(**values)
    decision.full_clean()
    decision.save()
    return decision


def opinion(legal_ns, decision, text="经审查，方案内容与法律法规不相抵触。", day=None):
    return Engagement.objects.create(
        adviser=legal_ns.town_adviser,
        kind=Engagement.Kind.DECISION,
        day=day or decision.review_submitted_on or START,
        subject=decision.title,
        decision=decision,
        opinion=text,
    )


def to_review(decision, users, legal_ns, submitted_on="2021-04-01", due_on="2021-04-13"):
    """Draft and submit `decision` (an entry needing nothing more) for its legality review."""
    D = workflow.DECISION
    D.fire(decision, "draft", users.gov_office, {"draft": "方案草案及起草说明", "drafted_on": "2021-03-10"})
    D.fire(decision, "submit_review", users.gov_office, {"submitted_on": submitted_on, "due_on": due_on})
    return decision


def to_reviewed(decision, users, legal_ns):
    to_review(decision, users, legal_ns)
    opinion(legal_ns, decision)
    workflow.DECISION.fire(
        decision,
        "review",
        users.judicial,
        {"outcome": "lawful", "opinion": "合法", "reviewed_on": "2021-04-13"},
    )
    return decision


MEETING = {
    "meeting_type": "executive",
    "meeting_on": "2021-04-20",
    "attendees": "镇长、副镇长、各站所负责人",
    "minutes": "与会人员一致同意。",
}


def make_contract(region, **fields):
    values = {
        "region": region,
        "title": "石鼓镇集镇道路硬化工程施工合同",
        "undertaker": "党政办",
        "counterparty": "湘潭某建设工程有限公司",
        "credit_code": valid_credit_code(),
        "amount": "380000.00",
    }
    values.update(fields)
    contract = Contract(**values)
    contract.full_clean()
    contract.save()
    return contract


def make_normative(region, **fields):
    values = {"region": region, "title": "石鼓镇村规民约备案审查办法", "drafting_unit": "司法所"}
    values.update(fields)
    return NormativeDocument.objects.create(**values)
