"""The figures on hand-made records with a known answer: other towns and other years do not
count; materials are the 普法 activities' only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fazhi.core import figures
from fazhi.education import metrics
from fazhi.education.testing import make_activity, make_board, make_oath, make_session

Y2021 = figures.Period.year(2021)


def _values(user, codes=metrics.ALL):
    values = figures.evaluate(codes, user, [Y2021])
    return {code: values.get(code).value for code in codes}


def test_the_year_s_outputs_come_from_the_activities_and_the_board_register(regions, users, staff):
    # given two activities in 石鼓镇 in 2021, one in 2020, one in 易俗河镇
    make_activity(regions.town, materials=6000, banners=4, posters=12, audience=300, consultations=40)
    make_activity(
        regions.village_a,
        held_on=dt.date(2021, 12, 4),
        title="村级法律知识宣讲",
        theme="civil_code",
        materials=4600,
        banners=2,
        posters=8,
        audience=120,
        consultations=25,
    )
    make_activity(regions.town, held_on=dt.date(2020, 12, 4), materials=999)
    make_activity(regions.other_town, materials=777)
    # two boards made in 2021, each updated every quarter; one made in 2019
    quarters = [dt.date(2021, m, 15) for m in (3, 6, 9, 12)]
    make_board(regions.town, since=dt.date(2021, 2, 1), updates=quarters)
    make_board(regions.village_a, since=dt.date(2021, 2, 1), name="歇马村宣传栏", updates=quarters)
    make_board(regions.town, since=dt.date(2019, 5, 1), name="旧宣传栏", updates=[dt.date(2020, 1, 1)])
    make_session(regions.town, [staff.mayor, staff.deputy], hours=Decimal("2"))
    make_oath(regions.town, [staff.posts.mayor, staff.posts.deputy])

    got = _values(users.leader)

    assert got == {
        metrics.ACTIVITIES: 2,
        metrics.AUDIENCE: 420,
        metrics.MATERIALS: 10600,
        metrics.BANNERS: 6,
        metrics.POSTERS: 20,
        metrics.CONSULTATIONS: 65,
        metrics.BOARDS_MADE: 2,
        metrics.BOARD_UPDATES: 8,
        metrics.STUDY_SESSIONS: 1,
        metrics.STUDY_HOURS: Decimal("4.0"),
        metrics.OATHS: 1,
        metrics.OATH_TAKERS: 2,
    }
    # the county sees both towns
    assert _values(users.county, [metrics.MATERIALS])[metrics.MATERIALS] == 10600 + 777


def test_by_theme_and_each_figure_opens_its_records(regions, users):
    make_activity(regions.town)
    make_activity(regions.town, theme="drugs", title="6·26禁毒宣传", held_on=dt.date(2021, 6, 26))
    by_theme = figures.evaluate([metrics.ACTIVITIES], users.leader, [Y2021], group_by="theme")
    assert {g: by_theme.get(metrics.ACTIVITIES, Y2021, g).value for g in by_theme.groups} == {
        "constitution": 1,
        "drugs": 1,
    }
    value = figures.evaluate([metrics.MATERIALS], users.leader, [Y2021]).get(metrics.MATERIALS)
    assert value.url == "/education/activities/?year=2021"


def test_the_materials_definition_says_enforcement_s_handouts_are_not_counted():
    definition = str(figures.get(metrics.MATERIALS).definition)
    assert "执法" in definition and "不计入" in definition


def test_materials_are_counted_once_across_apps(regions, users, enf):
    # given an enforcement campaign that handed out 21,000 and a 普法 activity that handed out 10,600
    from fazhi.enforcement import metrics as enforcement_metrics
    from fazhi.enforcement.models import Campaign, CampaignAction

    sand = Campaign.objects.create(
        region=regions.town,
        body=enf.body,
        name="打击非法采砂",
        kind="sand_mining",
        starts_on=dt.date(2021, 3, 1),
    )
    CampaignAction.objects.create(
        campaign=sand, acted_on=dt.date(2021, 3, 5), places="涓水河", materials_handed_out=21000
    )
    make_activity(regions.town, materials=10600)
    # when both figures of 2021 are read
    values = figures.evaluate([metrics.MATERIALS, enforcement_metrics.MATERIALS], users.leader, [Y2021])
    # then each counts its own records only
    assert values.get(metrics.MATERIALS).value == 10600
    assert values.get(enforcement_metrics.MATERIALS).value == 21000


def test_the_overview_groups_the_year_s_activities_by_key_date(client, regions, users):
    from fazhi.education.models import KeyDate

    day = KeyDate.objects.create(region=regions.county, name="国际禁毒日", month=6, day=26, theme="drugs")
    make_activity(
        regions.town, theme="drugs", title="禁毒宣传", held_on=dt.date(2021, 6, 26), key_date=day, audience=88
    )
    make_activity(
        regions.other_town, theme="drugs", title="易俗河禁毒", held_on=dt.date(2021, 6, 26), key_date=day
    )
    client.force_login(users.judicial)
    page = client.get("/education/?year=2021").content.decode()
    assert f"?year=2021&amp;key_date={day.pk}" in page and "6·26 国际禁毒日" in page
    assert ">88<" in page
