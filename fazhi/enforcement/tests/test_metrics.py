"""Figures on the registry: enforcement's figures from records made here, rates, grouping by town,
village and month, one aggregate query per model whatever the number of figures or towns,
scoping, and links that open exactly the records counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db.models import Q
from django.urls import reverse

from fazhi.core import figures
from fazhi.core.figures import COUNT, MONTH, TOWN, VILLAGE, Figure, Link, Period, evaluate, records
from fazhi.enforcement import metrics as m
from fazhi.enforcement.models import Campaign, CampaignAction, Case, CaseState, RectificationOrder

Y2021 = Period.year(2021)
D = dt.date
PENALTY = Case.DecisionKind.PENALTY


def _case(enf, region, cause, *, body=None, **fields):
    return Case(
        body=body or enf.body, region=region, cause=cause, party=enf.company, power=enf.power,
        act_date=D(2020, 11, 1), **fields,
    )  # fmt: skip


@pytest.fixture
def books(enf, regions):
    """Cases, orders and campaign actions of 石鼓镇 (and a few of 易俗河镇) around 2021."""
    r = regions
    cases = {
        c.cause: c
        for c in Case.objects.bulk_create(  # bulk: the states are set, not walked through
            [
                _case(enf, r.grid_a, "甲", state=CaseState.CLOSED, filed_on=D(2021, 3, 5),
                      decision_kind=PENALTY, decided_on=D(2021, 4, 1), decided_fine=Decimal("1000"),
                      paid_on=D(2021, 4, 10), amount_paid=Decimal("1000"), closed_on=D(2021, 4, 12)),
                _case(enf, r.grid_c, "乙", state=CaseState.DECIDED, filed_on=D(2021, 3, 20),
                      decision_kind=PENALTY, decided_on=D(2021, 5, 2), decided_fine=Decimal("3000")),
                _case(enf, r.village_b, "丙", state=CaseState.INVESTIGATING, filed_on=D(2021, 11, 2)),
                _case(enf, r.grid_a, "丁", state=CaseState.ARCHIVED, filed_on=D(2020, 12, 15),
                      decision_kind=PENALTY, decided_on=D(2021, 1, 5), decided_fine=Decimal("500"),
                      paid_on=D(2021, 1, 20), amount_paid=Decimal("600"), closed_on=D(2021, 1, 25)),
                _case(enf, r.grid_b, "戊", state=CaseState.CLOSED, filed_on=D(2021, 6, 1),
                      decision_kind=Case.DecisionKind.NO_PENALTY, decided_on=D(2021, 6, 10),
                      closed_on=D(2021, 6, 11)),
                _case(enf, r.grid_a, "己", state=CaseState.DRAFT),
                _case(enf, r.other_grid, "外镇", body=enf.other_body, state=CaseState.CLOSED,
                      filed_on=D(2021, 2, 1), decision_kind=PENALTY, decided_on=D(2021, 2, 20),
                      decided_fine=Decimal("2000"), paid_on=D(2021, 3, 1), amount_paid=Decimal("2000"),
                      closed_on=D(2021, 3, 1)),
            ]
        )
    }  # fmt: skip
    R = RectificationOrder.Result
    orders = RectificationOrder.objects.bulk_create(
        RectificationOrder(
            body=enf.body, region=r.grid_a, party=enf.company, issued_on=issued,
            deadline=issued + dt.timedelta(days=15), requirement="拆除", result=result,
            checked_on=issued + dt.timedelta(days=20) if result else None,
        )
        for issued, result in [
            (D(2021, 2, 1), R.COMPLETED), (D(2021, 5, 1), R.OVERDUE), (D(2021, 7, 1), R.PENDING),
            (D(2020, 12, 1), R.COMPLETED),
        ]
    )  # fmt: skip
    sand = Campaign.objects.create(
        region=r.town, body=enf.body, name="打击非法采砂", kind="sand_mining", starts_on=D(2021, 3, 1)
    )
    building = Campaign.objects.create(
        region=r.village_a,
        body=enf.body,
        name="违建整治",
        kind="illegal_construction",
        starts_on=D(2020, 10, 1),
    )
    straw = Campaign.objects.create(
        region=r.other_town,
        body=enf.other_body,
        name="秸秆禁烧",
        kind="straw_burning",
        starts_on=D(2021, 9, 1),
    )
    quiet = Campaign.objects.create(
        region=r.town, body=enf.body, name="无行动的整治", kind="environment", starts_on=D(2021, 5, 1)
    )

    def act(campaign, day, **fields):
        return CampaignAction.objects.create(campaign=campaign, acted_on=day, places="涓水河", **fields)

    actions = [
        act(sand, D(2021, 3, 5), people_count=6, materials_handed_out=300),
        act(sand, D(2021, 4, 9), people_count=8, materials_handed_out=450, joint=True),
        act(building, D(2021, 8, 1), people_count=20, joint=True, demolished_count=2,
            demolished_area_m2=Decimal("1986.00")),
        act(building, D(2020, 11, 1), people_count=5),
        act(straw, D(2021, 10, 1), people_count=4, straw_burning_stops=5),
    ]  # fmt: skip
    return SimpleNamespace(
        cases=cases, orders=orders, campaigns=[sand, building, straw, quiet], actions=actions
    )


# --- the figures ----------------------------------------------------------------------------------

EXPECTED_2021 = {  # 石鼓镇 in 2021, counted by hand from the records above
    m.CASES_FILED: 4,  # 甲 乙 丙 戊 (丁 was filed in 2020, 己 never)
    m.CASES_CLOSED: 3,  # 甲 丁 戊
    m.PENALTY_DECISIONS: 3,  # 甲 乙 丁
    m.FINES_DECIDED: Decimal("4500"),
    m.FINES_PAID: Decimal("1600"),  # 1000 + 600 (with the surcharge)
    m.FINES_PAID_OF_DECIDED: Decimal("1600"),
    m.ORDERS_ISSUED: 3,
    m.ORDERS_COMPLETED: 1,
    m.ORDERS_OVERDUE: 1,
    m.ACTIONS: 3,
    m.SAND_MINING_ACTIONS: 2,
    m.JOINT_ACTIONS: 2,
    m.PEOPLE: 34,
    m.JOINT_PEOPLE: 28,
    m.STRAW_BURNING_STOPS: 0,
    m.MATERIALS: 750,
    m.DEMOLISHED: 2,
    m.DEMOLISHED_AREA: Decimal("1986"),
}


def test_it_counts_the_towns_figures_of_a_year_from_its_records(books, users):
    # when the leader's figures of 2021 are evaluated
    values = evaluate(EXPECTED_2021, users.leader, [Y2021])
    # then each is what the records say
    assert {code: values[code].value for code in EXPECTED_2021} == EXPECTED_2021


def test_it_computes_rates_from_their_numerator_and_denominator(books, users):
    values = evaluate([m.FINE_COLLECTION_RATE, m.RECTIFICATION_RATE], users.leader, [Y2021])
    rate = values[m.FINE_COLLECTION_RATE]
    assert rate.value == Decimal("1600") / Decimal("4500")
    assert rate.display == "35.6%"
    assert (rate.numerator.value, rate.denominator.value) == (Decimal("1600"), Decimal("4500"))
    assert values[m.RECTIFICATION_RATE].display == "33.3%"
    # a rate over nothing is not 0%: it is not computed
    empty = evaluate([m.RECTIFICATION_RATE], users.leader, [Period.year(2019)])[m.RECTIFICATION_RATE]
    assert empty.value is None and empty.display == "—"


def test_an_officer_of_another_town_gets_that_towns_figures_only(books, users):
    values = evaluate([m.CASES_FILED, m.FINES_PAID, m.STRAW_BURNING_STOPS], users.other_officer, [Y2021])
    assert values[m.CASES_FILED].value == 1
    assert values[m.FINES_PAID].value == Decimal("2000")
    assert values[m.STRAW_BURNING_STOPS].value == 5


def test_a_role_that_cannot_read_enforcement_records_counts_none(books, users):
    values = evaluate([m.CASES_FILED], users.governance, [Y2021])
    assert values[m.CASES_FILED].value == 0
    assert not figures.get(m.CASES_FILED).readable_by(users.governance)


def test_it_evaluates_several_periods_at_once(books, users):
    years = [Period.year(2020), Y2021]
    values = evaluate([m.CASES_FILED, m.ORDERS_ISSUED], users.leader, years)
    assert values.get(m.CASES_FILED, years[0]).value == 1
    assert values.get(m.ORDERS_ISSUED, years[0]).value == 1
    assert values.get(m.CASES_FILED, Y2021).value == 4


def test_it_groups_the_county_by_town(books, users, regions):
    values = evaluate([m.CASES_FILED, m.FINES_PAID, m.ACTIONS], regions.county, [Y2021], group_by=TOWN)
    town, other = regions.town.path, regions.other_town.path
    assert values.groups == sorted([town, other])
    assert values.get(m.CASES_FILED, group=town).value == 4
    assert values.get(m.CASES_FILED, group=other).value == 1
    assert values.get(m.FINES_PAID, group=other).value == Decimal("2000")
    assert values.get(m.ACTIONS, group=other).value == 1
    assert values.regions()[other].name == "易俗河镇"


def test_it_groups_a_town_by_village(books, users, regions):
    values = evaluate([m.CASES_FILED, m.DEMOLISHED_AREA], users.leader, [Y2021], group_by=VILLAGE)
    xiema, gutang = regions.village_a.path, regions.village_b.path
    assert values.get(m.CASES_FILED, group=xiema).value == 2  # 甲 戊
    assert values.get(m.CASES_FILED, group=gutang).value == 2  # 乙 丙
    assert values.get(m.DEMOLISHED_AREA, group=xiema).value == Decimal("1986")
    # a campaign of the whole town sits at the town, not in a village
    assert values.get(m.DEMOLISHED_AREA, group=gutang).value == 0


def test_it_groups_by_month_each_figure_by_its_own_date(books, users):
    values = evaluate([m.CASES_FILED, m.CASES_CLOSED], users.leader, [Y2021], group_by=MONTH)
    filed = {g.start.month: v.value for g, v in values.by_group(m.CASES_FILED).items()}
    closed = {g.start.month: v.value for g, v in values.by_group(m.CASES_CLOSED).items()}
    assert len(filed) == 12
    assert {k: v for k, v in filed.items() if v} == {3: 2, 6: 1, 11: 1}
    assert {k: v for k, v in closed.items() if v} == {1: 1, 4: 1, 6: 1}
    # a month's value opens that month's records
    march = values.get(m.CASES_FILED, group=Period.month(2021, 3))
    assert "since=2021-03-01" in march.url and "until=2021-03-31" in march.url


# --- one query per model --------------------------------------------------------------------------


@pytest.fixture
def twenty_case_figures(monkeypatch):
    """Twenty figures over cases, registered for the test: cases filed in each of the 13 states,
    then cases decided, paid or closed in some of them."""
    states = [s for s in CaseState.values if s != CaseState.REVOKED]  # the procedure's 13
    specs = [("filed_on", state) for state in states]
    specs += [
        ("decided_on", CaseState.DECIDED),
        ("decided_on", CaseState.CLOSED),
        ("paid_on", CaseState.CLOSED),
    ]
    specs += [
        ("closed_on", CaseState.CLOSED),
        ("closed_on", CaseState.ARCHIVED),
        ("paid_on", CaseState.ARCHIVED),
    ]
    specs += [("decided_on", CaseState.ARCHIVED)]
    codes = []
    for i, (date_field, state) in enumerate(specs):
        figure = Figure(
            f"test.case_{i}", f"测试{i}", "件", COUNT, "测试", "测试",
            model=Case, date_field=date_field, where=Q(state=state),
        )  # fmt: skip
        monkeypatch.setitem(figures._REGISTRY, figure.code, figure)
        codes.append(figure.code)
    assert len(codes) == 20
    return codes


def test_twenty_figures_over_one_model_cost_one_query(
    books, users, twenty_case_figures, django_assert_num_queries
):
    users.leader.permission_paths(Case.read_permission)  # memberships loaded before counting
    with django_assert_num_queries(1):
        values = evaluate(twenty_case_figures, users.leader, [Period.year(2020), Y2021])
    # the cases filed in 2021, state by state, add up to the four filed
    filed = [values.get(code, Y2021).value for code in twenty_case_figures[: len(CaseState.values) - 1]]
    assert sum(filed) == 4
    assert values.get(twenty_case_figures[17], Y2021).value == 1  # 丁, archived, closed in 2021


def test_the_county_grouped_by_town_costs_one_query_per_model(
    books, users, regions, django_assert_num_queries
):
    codes = [f.code for f in figures.registered("enforcement")]
    county = users.county
    county.permission_paths(Case.read_permission)
    # when every enforcement figure of two years is evaluated for the county, by town
    with django_assert_num_queries(3):  # cases, rectification orders, campaign actions
        values = evaluate(codes, county, [Period.year(2020), Y2021], group_by=TOWN)
    # then the values are there for each town
    assert values.get(m.CASES_FILED, Y2021, regions.town.path).value == 4
    assert values.get(m.RECTIFICATION_RATE, Y2021, regions.town.path).display == "33.3%"


def test_more_towns_do_not_cost_more_queries(books, users, regions, enf, django_assert_num_queries):
    from fazhi.conftest import _region

    # given eighteen more towns with a case each
    for n in range(18):
        town = _region(f"430321{200 + n}", f"新镇{n}", "town", regions.county)
        Case.objects.bulk_create(
            [_case(enf, town, f"新镇案{n}", state=CaseState.FILED, filed_on=D(2021, 5, 1))]
        )
    # when the county's case figures are evaluated by town
    with django_assert_num_queries(1):
        values = evaluate([m.CASES_FILED, m.CASES_CLOSED], regions.county, [Y2021], group_by=TOWN)
    # then twenty towns are counted in the one query
    assert len(values.groups) == 20


# --- links ----------------------------------------------------------------------------------------

ACTION_TOTALS = {
    "people_count": "people",
    "straw_burning_stops": "straw",
    "materials_handed_out": "materials",
}
ACTION_TOTALS |= {"demolished_count": "demolished", "demolished_area_m2": "area"}


@pytest.mark.parametrize("period", [Y2021, Period.month(2021, 3), Period(D(2021, 1, 1), D(2021, 6, 30))])
def test_every_figure_opens_a_list_of_exactly_the_records_it_counts(books, users, login, period):
    client = login(users.leader)
    codes = [f.code for f in figures.registered("enforcement") if f.kind != figures.RATE]
    values = evaluate(codes, users.leader, [period])
    for code in codes:
        value, figure = values[code], figures.get(code)
        counted = records(code, users.leader, period)
        response = client.get(value.url)
        assert response.status_code == 200, code
        if figure.model is CampaignAction:
            # the campaign list shows the campaigns of the counted actions, and totals equal to it
            listed = {c.pk for c in response.context["page_obj"].object_list}
            assert listed == set(counted.values_list("campaign_id", flat=True)), code
            total = "n_actions" if figure.kind == COUNT else ACTION_TOTALS[figure.field]
            assert response.context["totals"][total].value == value.value, code
        else:
            listed = {r.pk for r in response.context["page_obj"].object_list}
            assert listed == set(counted.values_list("pk", flat=True)), code
        if figure.kind == COUNT:
            assert value.value == len(listed) or figure.model is CampaignAction, code


def test_the_links_of_2021_open_the_cases_the_leader_counts(books, users, login):
    values = evaluate([m.CASES_FILED, m.CASES_CLOSED], users.leader, [Y2021])
    client = login(users.leader)
    filed = client.get(values[m.CASES_FILED].url).context["page_obj"].object_list
    closed = client.get(values[m.CASES_CLOSED].url).context["page_obj"].object_list
    assert values[m.CASES_FILED].url.endswith("?filed_year=2021")
    assert {c.cause for c in filed} == {"甲", "乙", "丙", "戊"}
    assert {c.cause for c in closed} == {"甲", "丁", "戊"}


def test_a_link_carries_the_period_and_the_figures_filter():
    link = Link(
        "enforcement:case_list", {"state": "done"}, year_param="closed_year", range_query={"dated": "closed"}
    )
    assert link.params(Y2021) == {"state": "done", "closed_year": 2021}
    assert link.params(Period.month(2021, 3)) == {
        "state": "done",
        "dated": "closed",
        "since": "2021-03-01",
        "until": "2021-03-31",
    }
    assert link.params(Period.all_time()) == {"state": "done"}


# --- the pages that show them ---------------------------------------------------------------------


def test_the_campaign_list_shows_each_campaigns_figures_of_the_period(books, users, login):
    client = login(users.leader)
    response = client.get("/enforcement/campaigns/", {"since": "2021-01-01", "until": "2021-12-31"})
    rows = {c.name: (c.n_actions.value, c.people.value) for c in response.context["page_obj"].object_list}
    # the campaign with no action, the other town's and the 2020 action are not counted
    assert rows == {"打击非法采砂": (2, 14), "违建整治": (1, 20)}
    assert response.context["totals"]["n_actions"].value == 3
    body = response.content.decode()
    assert "1,986" in body and "专项整治行动" in body


def test_the_campaign_list_of_a_year_keeps_campaigns_begun_that_year(books, users, login):
    response = login(users.leader).get("/enforcement/campaigns/", {"year": 2021})
    names = {c.name for c in response.context["page_obj"].object_list}
    assert names == {"打击非法采砂", "违建整治", "无行动的整治"}


def test_the_campaign_page_shows_all_its_actions_figures(books, users, login):
    sand = books.campaigns[0]
    response = login(users.leader).get(f"/enforcement/campaigns/{sand.pk}/")
    totals = response.context["totals"]
    assert (totals["n_actions"].value, totals["materials"].value, totals["people"].value) == (2, 750, 14)


def test_the_leaders_home_shows_this_years_figures_from_the_registry(books, users, login, enf, regions):
    from django.utils import timezone

    # given a case filed today
    today = timezone.localdate()
    Case.objects.bulk_create([_case(enf, regions.grid_a, "今年", state=CaseState.FILED, filed_on=today)])
    # when the leader opens the home page
    body = login(users.leader).get("/").content.decode()
    # then the year's 立案 shows 1 with its link, and last year's figures beside it
    assert f"{today.year}年执法概况" in body
    assert f"filed_year={today.year}" in body
    assert "下达整改法律文书（份）" in body and "专项整治行动（次）" in body


def test_with_a_year_it_shows_the_readers_values_linked_to_their_records(login, users, enf, regions):
    # given a case filed in 2021 in 石鼓镇
    Case.objects.bulk_create(
        [
            Case(
                body=enf.body,
                region=regions.grid_a,
                cause="口径测试案",
                party=enf.company,
                power=enf.power,
                act_date=D(2021, 3, 1),
                state=CaseState.FILED,
                filed_on=D(2021, 3, 2),
            )
        ]
    )
    # when the leader picks 2021
    body = login(users.leader).get(reverse("core:figures"), {"year": 2021}).content.decode()
    # then the 立案 value links to the case list of that year
    link = reverse("enforcement:case_list") + "?filed_year=2021"
    assert f'<a href="{link}">1</a>' in body
    # and a grid worker, who reads no enforcement records, is told so instead of a 0
    grid_body = login(users.grid_a).get(reverse("core:figures"), {"year": 2021}).content.decode()
    assert "无权查看" in grid_body and f'href="{link}"' not in grid_body
