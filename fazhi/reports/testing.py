"""Fixtures of the reports app's tests: hand-made campaign actions of 石鼓镇 in 2021 (and of
another town and another year, which must not count), and a draft report through the app's door."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.reports import drafting


def campaign_actions(regions):
    """2021 in 石鼓镇: 23 sand-mining actions (13 straw-burning stops, 21,480 materials, two
    structures of 1,985 m² demolished in one); one more in 2020 and two in 易俗河镇 that must
    not count."""
    from fazhi.enforcement.models import Campaign, CampaignAction, EnforcementBody

    body = EnforcementBody.objects.create(
        region=regions.town,
        name="湘潭县石鼓镇人民政府",
        kind=EnforcementBody.Kind.STATUTORY,
        case_prefix="石鼓执罚",
    )
    other_body = EnforcementBody.objects.create(
        region=regions.other_town, name="湘潭县易俗河镇人民政府", case_prefix="易俗执罚"
    )
    sand = Campaign.objects.create(
        region=regions.town,
        body=body,
        name="打击非法采砂洗砂采石专项整治",
        kind=Campaign.Kind.SAND_MINING,
        starts_on=dt.date(2020, 3, 1),
    )
    other = Campaign.objects.create(
        region=regions.other_town,
        body=other_body,
        name="易俗河专项整治",
        kind=Campaign.Kind.SAND_MINING,
        starts_on=dt.date(2021, 3, 1),
    )
    actions = []
    for i in range(23):
        actions.append(
            CampaignAction.objects.create(
                region=regions.village_a,
                campaign=sand,
                acted_on=dt.date(2021, 1 + i % 12, 1 + i),
                places="歇马村河段",
                straw_burning_stops=1 if i < 13 else 0,
                materials_handed_out=1000 if i < 21 else 240,
                demolished_count=2 if i == 5 else 0,
                demolished_area_m2=Decimal("1985.00") if i == 5 else Decimal("0"),
            )
        )
    CampaignAction.objects.create(
        region=regions.town,
        campaign=sand,
        acted_on=dt.date(2020, 12, 31),
        places="去年",
        straw_burning_stops=9,
    )
    for day in (3, 4):
        CampaignAction.objects.create(
            region=regions.other_village,
            campaign=other,
            acted_on=dt.date(2021, 5, day),
            places="城东村",
            straw_burning_stops=5,
            materials_handed_out=9999,
        )
    return SimpleNamespace(campaign=sand, actions=actions)


@pytest.fixture
def actions(regions):
    return campaign_actions(regions)


@pytest.fixture
def report(regions, users):
    """石鼓镇's 2021 draft, by 党政办 from the reference template, with one sentence naming a
    figure no app registers (PENDING_CODE)."""
    return with_pending(drafting.create_report(regions.town, 2021, users.gov_office))


# A figure code no app registers: the sentence naming it waits for data (every figure of the
# reference template is registered by some app).
PENDING_CODE = "sample.unregistered"


def with_pending(report):
    """`report` with a sentence naming PENDING_CODE at the end of its grid section."""
    section = report.sections.get(key="governance")
    section.body += f"全镇共建成{{{PENDING_CODE}}}个网格化服务站。"
    section.save()
    return report
