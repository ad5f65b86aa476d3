"""The demo town's enforcement records: the figures of the 2021 report come out of them by SQL
aggregate queries, the procedure they went through is the real one, and building twice adds
nothing.

The demo is built once for the test session (`demo`, fazhi.testing.demo) and these tests read
it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Deadline, LedgerEntry
from fazhi.enforcement import demo as enforcement_demo
from fazhi.enforcement.metrics import action_figures, case_figures
from fazhi.enforcement.models import (
    Campaign,
    CampaignAction,
    Case,
    CaseState,
    Certificate,
    EnforcementBody,
    Officer,
    Publicity,
    RectificationOrder,
)

DONE = [CaseState.CLOSED, CaseState.ARCHIVED]


@pytest.fixture
def town_cases(demo, db):
    return Case.objects.filter(region__path__startswith=demo.town.path)


def test_it_files_and_closes_exactly_19_cases_in_2021(town_cases):
    # when counting 2021's cases by SQL
    figures = town_cases.aggregate(
        filed=Count("pk", filter=Q(filed_on__year=2021)),
        closed=Count("pk", filter=Q(closed_on__year=2021, state__in=DONE)),
    )
    # then the report's 立案19件，办结19件
    assert figures == {"filed": 19, "closed": 19}


def test_it_collects_a_little_over_220000_yuan_of_fines_in_2021(town_cases):
    paid = town_cases.filter(paid_on__year=2021).aggregate(total=Sum("amount_paid"))["total"]
    decided = town_cases.filter(decided_on__year=2021).aggregate(total=Sum("decided_fine"))["total"]
    assert Decimal("220000") < paid < Decimal("230000")
    assert paid == decided == Decimal("221600")


def test_the_metrics_give_the_same_figures(town_cases):
    assert case_figures(town_cases, [2021])[2021] == {"filed": 19, "closed": 19, "fines": Decimal("221600")}


def test_it_issues_over_100_rectification_orders_in_2021(demo, db):
    count = RectificationOrder.objects.filter(
        issued_on__year=2021, region__path__startswith=demo.town.path
    ).count()
    assert count > 100
    assert count == enforcement_demo.ORDERS_2021


def test_it_records_the_2021_campaign_figures(demo, db):
    # given the campaign actions of 2021, summed by SQL
    figures = action_figures(CampaignAction.objects.filter(region__path__startswith=demo.town.path), 2021)
    # then 发放宣传资料21000余份, 专项整治20余次, 制止焚烧秸秆10余起, 拆除约2000平方米
    assert figures["materials"] > 21000
    assert figures["sand_mining_actions"] > 20
    assert figures["straw_burning_stops"] > 10
    assert figures["demolished"] == 2
    assert Decimal("1900") <= figures["demolished_area"] <= Decimal("2100")


def test_the_demolition_was_a_joint_action_in_xiema_village(demo, db):
    [action] = CampaignAction.objects.filter(demolished_count__gt=0, acted_on__year=2021)
    assert action.joint
    assert "自然资源所" in action.participating_units
    assert "自然资源与生态环境办公室" in action.participating_units
    assert action.region == demo.villages["歇马村"]
    assert action.campaign.kind == Campaign.Kind.ILLEGAL_CONSTRUCTION


def test_earlier_years_have_fewer_cases_than_2021(town_cases):
    per_year = dict(
        town_cases.filter(filed_on__year__lt=2021)
        .values_list("filed_on__year")
        .annotate(n=Count("pk"))
        .values_list("filed_on__year", "n")
    )
    assert set(per_year) == {2016, 2017, 2018, 2019, 2020}
    assert all(0 < n < 19 for n in per_year.values())


def test_the_cases_went_through_the_real_procedure(town_cases):
    # every 2021 case was decided within the law's time limits, every step is in the ledger
    cases = town_cases.filter(filed_on__year=2021)
    for case in cases:
        steps = set(
            LedgerEntry.objects.filter(object_type="enforcement.case", object_id=str(case.pk)).values_list(
                "action", flat=True
            )
        )
        assert "transition:archive" in steps, case
        assert case.number.startswith("石鼓执罚〔2021〕")
        assert (case.decided_on - case.filed_on).days <= 90
    late = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),  # an order's id may equal a case's
        object_id__in=[str(pk) for pk in cases.values_list("pk", flat=True)],
        code__startswith="enforcement.",
        met_late=True,
    )
    assert not late.exists()
    numbers = sorted(c.sequence for c in cases)
    assert numbers == list(range(1, 20))


def test_the_earlier_years_cases_have_their_deadlines_met_on_time(town_cases):
    # the bulk path writes the deadlines the procedure would have started, each met on its day
    cases = {str(c.pk): c for c in town_cases.filter(filed_on__year=2019)}
    rows = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id__in=list(cases),
        code__startswith="enforcement.",
    )
    by_case = {}
    for row in rows:
        by_case.setdefault(row.object_id, {})[row.code] = row
    assert set(by_case) == set(cases)
    for pk, case in cases.items():
        decision = by_case[pk]["enforcement.decision"]
        assert decision.status == Deadline.Status.MET and not decision.met_late
        assert decision.starts_on == case.filed_on and decision.due_on == case.filed_on + dt.timedelta(
            days=90
        )
        assert timezone.localdate(decision.met_at) == case.decided_on
        if case.decided_fine:
            assert timezone.localdate(by_case[pk]["enforcement.fine"].met_at) == case.paid_on
    assert not rows.exclude(status=Deadline.Status.MET).exists()


def test_the_2021_cases_include_a_hearing_a_defence_a_simple_procedure_and_orders_not_complied_with(
    town_cases,
):
    cases = town_cases.filter(filed_on__year=2021)
    assert cases.filter(hearings__held_on__isnull=False).count() == 1
    lowered = cases.filter(statement_received=True).get()
    assert lowered.decided_fine < lowered.intended_fine  # 陈述申辩不加重处罚 (第四十五条)
    assert cases.filter(procedure=Case.Procedure.SIMPLE).count() == 1
    assert cases.filter(rectification_orders__result=RectificationOrder.Result.OVERDUE).count() == 2
    catalogued = cases.filter(power__in_review_catalogue=True)
    assert catalogued.exists()
    assert all(case.has_passed_review() for case in catalogued)


def test_the_brigade_has_certified_officers_one_expired(demo, db):
    today = timezone.localdate()
    body = EnforcementBody.objects.get(name=enforcement_demo.BODY_NAME)
    officers = {o.name: o for o in Officer.objects.filter(body=body)}
    assert officers["王强"].user == demo.users["officer"]
    assert officers["赵敏"].user == demo.users["officer2"]
    assert officers["刘建国"].certificate_on(today) is None
    assert officers["王强"].certificate_on(today) is not None
    soon = Certificate.objects.filter(officer=officers["周平"]).order_by("-valid_until").first()
    assert today < soon.valid_until <= today + dt.timedelta(days=30)


def test_there_is_open_work_this_year_for_the_demo_users(demo, db):
    recent = Case.objects.filter(filed_on__gte=timezone.localdate() - dt.timedelta(days=40))
    states = set(recent.values_list("state", flat=True))
    assert {CaseState.FILED, CaseState.LEGAL_REVIEW, CaseState.STATEMENT} <= states


def test_every_record_is_marked_sample(demo, db):
    for model in (EnforcementBody, Officer, Case, RectificationOrder, Campaign, CampaignAction):
        assert not model.objects.filter(is_sample=False).exists(), model


def test_building_again_adds_nothing(demo, db):
    before = (Case.objects.count(), RectificationOrder.objects.count(), CampaignAction.objects.count())
    enforcement_demo.build(demo)
    assert (
        Case.objects.count(),
        RectificationOrder.objects.count(),
        CampaignAction.objects.count(),
    ) == before


def test_the_published_decisions_include_a_withdrawn_one(demo, db):
    assert Case.objects.filter(publicity=Publicity.WITHDRAWN).count() == 1
    assert not Case.objects.filter(
        filed_on__year__lte=2021, publicity=Publicity.NOT_PUBLISHED, decision_kind="penalty"
    ).exists()


def test_the_leader_opens_19_cases_from_the_home_page(demo, db, client):
    # given the leader's home page
    client.force_login(demo.users["leader"])
    home = client.get(reverse("home")).content.decode()
    # then it shows 2021's 立案 19 件, linked to the case list of those 19
    assert "2021年：立案 19 件" in home
    url = reverse("enforcement:case_list") + "?filed_year=2021"
    assert url in home
    listing = client.get(url)
    assert listing.context["page_obj"].paginator.count == 19


def test_the_demo_users_home_pages_show_their_work(demo, db, client):
    client.force_login(demo.users["reviewer"])
    assert "待法制审核的案件" in client.get(reverse("home")).content.decode()
    client.force_login(demo.users["officer"])
    officer_home = client.get(reverse("home")).content.decode()
    assert "我的在办案件" in officer_home and "执法证到期提醒" in officer_home and "周平" in officer_home


def test_the_registry_gives_the_2021_report_figures(demo, db):
    from fazhi.core.figures import VILLAGE, Period, evaluate
    from fazhi.enforcement import metrics as m

    # given the leader of the demo town
    leader = demo.users["leader"]
    # when the registry's enforcement figures of 2021 are evaluated for them
    codes = [
        m.CASES_FILED,
        m.CASES_CLOSED,
        m.FINES_PAID,
        m.FINES_DECIDED,
        m.ORDERS_ISSUED,
        m.SAND_MINING_ACTIONS,
        m.STRAW_BURNING_STOPS,
        m.MATERIALS,
        m.DEMOLISHED,
    ]
    values = evaluate(codes, leader, [Period.year(2021)])
    # then they are the report's: 立案19件，办结19件，收缴罚款22万余元，整改法律文书100余份，
    # 专项整治20余次，制止焚烧秸秆10余起，宣传资料21000余份，拆除两处
    assert {code: values[code].value for code in codes} == {
        m.CASES_FILED: 19,
        m.CASES_CLOSED: 19,
        m.FINES_PAID: Decimal("221600"),
        m.FINES_DECIDED: Decimal("221600"),
        m.ORDERS_ISSUED: enforcement_demo.ORDERS_2021,
        m.SAND_MINING_ACTIONS: 23,
        m.STRAW_BURNING_STOPS: 12,
        m.MATERIALS: 21360,
        m.DEMOLISHED: 2,
    }
    assert enforcement_demo.ORDERS_2021 == 108
    assert values[m.FINES_PAID].display == "221,600"
    # and the demolished area, by village, is 歇马村's
    area = evaluate([m.DEMOLISHED_AREA], leader, [Period.year(2021)], group_by=VILLAGE)
    by_village = {path: v.value for path, v in area.by_group(m.DEMOLISHED_AREA).items() if v.value}
    assert by_village == {demo.villages["歇马村"].path: Decimal("1986")}


def test_the_registrys_2021_figures_open_their_records(demo, db, client):
    from fazhi.core.figures import Period, evaluate
    from fazhi.enforcement import metrics as m

    leader = demo.users["leader"]
    client.force_login(leader)
    values = evaluate([m.CASES_CLOSED, m.ORDERS_ISSUED, m.SAND_MINING_ACTIONS], leader, [Period.year(2021)])
    closed = client.get(values[m.CASES_CLOSED].url)
    assert closed.context["page_obj"].paginator.count == 19
    orders = client.get(values[m.ORDERS_ISSUED].url)
    assert orders.context["page_obj"].paginator.count == 108
    campaigns = client.get(values[m.SAND_MINING_ACTIONS].url)
    assert campaigns.context["totals"]["n_actions"].value == 23


def test_the_sand_powers_basis_has_its_versions_and_decisions_name_the_one_applied(town_cases):
    # 行政处罚法 第三十七条: the violation day selects the version; the demo's cases are after 2018
    decided = town_cases.filter(power__code="XZCF-SL-001", basis_version__isnull=False)
    assert decided.exists()
    case = decided.select_related("basis_version", "power").first()
    assert case.power.basis_versions.count() == 2
    assert case.basis_version.label.startswith("2018年修正")
    assert case.evidence.exists()  # 第四十条: every decided case stands on evidence on file


def test_the_reviewer_is_on_record_with_her_qualification_art58_2(demo, db):
    from fazhi.enforcement import rules

    reviewer = Officer.objects.get(user=demo.users["reviewer"])
    assert reviewer.legal_qualification and reviewer.review_duty_since < rules.FIRST_REVIEWER_FROM
