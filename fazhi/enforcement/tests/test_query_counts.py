"""The enforcement pages and API lists cost the same number of queries however many records they
show (no query per row), and the case list shows one page at a time.

Each test renders a page with a few records, counts its queries, adds many more records of the
same kinds (cases with officers, evidence, deadlines, reviews; orders; campaigns; officers;
powers) in the test town, renders again and compares. No timing: speed is measured in
benchmarks/.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Attachment, Deadline
from fazhi.core.views.base import PAGE_SIZE
from fazhi.enforcement.homes import ROWS_SHOWN
from fazhi.enforcement.models import (
    Campaign,
    CampaignAction,
    Case,
    CaseOfficer,
    CaseState,
    Certificate,
    DiscretionLevel,
    Evidence,
    LegalReview,
    Officer,
    OfficerTraining,
    Party,
    Power,
    RectificationOrder,
)

# How many more queries a page may make after many more rows are added: none per row, a small
# constant for what the first rows of a kind switch on (e.g. a section that was empty).
SLACK = 2
MORE = 30

_serial = count(1)


def queries(client, url: str, params: dict | None = None) -> tuple[int, object]:
    """(number of queries, response) of one GET that must succeed."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response


def assert_flat(before: int, after: int, what: str) -> None:
    assert after <= before + SLACK, f"{what}: {before} queries with few rows, {after} with {MORE} more"


# --- building many records fast (bulk_create: no ledger entry per row, scoped to the test town) ---


def _parties(n: int, regions) -> list[Party]:
    places = [regions.grid_a, regions.grid_b, regions.grid_c, regions.village_b]
    return Party.objects.bulk_create(
        Party(
            region=places[i % len(places)],
            kind=Party.Kind.ORGANIZATION,
            name=f"批量当事人{next(_serial)}有限公司",
        )
        for i in range(n)
    )


def add_cases(enf, regions, n: int = MORE, *, states=None) -> list[Case]:
    """`n` filed cases in 石鼓镇, each with its own party, two officers, two pieces of evidence
    with a file each, a legal review, and open deadlines (one of them overdue)."""
    today = timezone.localdate()
    states = states or [
        CaseState.INVESTIGATING,
        CaseState.LEGAL_REVIEW,
        CaseState.NOTIFIED,
        CaseState.STATEMENT,
        CaseState.DECIDED,
        CaseState.CLOSED,
    ]
    places = [regions.grid_a, regions.grid_b, regions.grid_c, regions.village_b]
    parties = _parties(n, regions)
    level = enf.levels[DiscretionLevel.Level.MINOR]
    year = today.year
    cases = []
    for i, party in enumerate(parties):
        sequence = 1000 + next(_serial)
        state = states[i % len(states)]
        notified = state not in (CaseState.INVESTIGATING, CaseState.LEGAL_REVIEW)
        cases.append(
            Case(
                body=enf.body,
                region=places[i % len(places)],
                cause=f"批量案件{sequence}",
                party=party,
                power=enf.power if i % 2 else enf.catalogued,
                discretion_level=level if notified and i % 2 else None,
                state=state,
                act_date=today - dt.timedelta(days=40),
                filed_on=today - dt.timedelta(days=30 - i % 20),
                year=year,
                sequence=sequence,
                number=f"石鼓执罚〔{year}〕{sequence}号",
                notified_on=today - dt.timedelta(days=5) if notified else None,
                intended_penalties=["fine"] if notified else [],
                intended_fine=Decimal("500") if notified else None,
                decision_due_on=today + dt.timedelta(days=60),
                closed_on=today - dt.timedelta(days=1) if state == CaseState.CLOSED else None,
                paid_on=today - dt.timedelta(days=2) if state == CaseState.CLOSED else None,
                amount_paid=Decimal("500") if state == CaseState.CLOSED else None,
            )
        )
    cases = Case.objects.bulk_create(cases)
    CaseOfficer.objects.bulk_create(
        CaseOfficer(case=case, officer=officer, region=case.region, added_on=case.act_date)
        for case in cases
        for officer in (enf.wang, enf.zhao)
    )
    evidence = Evidence.objects.bulk_create(
        Evidence(
            case=case,
            region=case.region,
            kind=kind,
            description=f"{case.cause}的证据",
            collected_at=timezone.now(),
        )
        for case in cases
        for kind in (Evidence.Kind.SCENE_RECORD, Evidence.Kind.AUDIOVISUAL)
    )
    evidence_type = ContentType.objects.get_for_model(Evidence)
    Attachment.objects.bulk_create(
        Attachment(
            region=item.region,
            digest=f"{item.pk:064x}",
            algorithm="sm3",
            storage_name=f"{item.pk:064x}",
            size=1024,
            content_type="image/jpeg",
            original_name=f"现场照片{item.pk}.jpg",
            owner_type=evidence_type,
            owner_id=str(item.pk),
        )
        for item in evidence
    )
    LegalReview.objects.bulk_create(
        LegalReview(
            case=case,
            region=case.region,
            reviewer=enf.reviewer_as_officer.user,
            opinion="事实清楚，证据确凿",
            passed=True,
            reviewed_on=today - dt.timedelta(days=6),
        )
        for case in cases
        if case.notified_on
    )
    add_deadlines(cases)
    return cases


def add_deadlines(records, per_record: int = 2) -> list[Deadline]:
    """Open deadlines on each record: the first overdue, the others due soon."""
    today = timezone.localdate()
    rows = []
    for record in records:
        owner = ContentType.objects.get_for_model(record)
        for k in range(per_record):
            due = today + dt.timedelta(days=-3 if k == 0 else k + 1)
            rows.append(
                Deadline(
                    content_type=owner,
                    object_id=str(record.pk),
                    region=record.region,
                    object_repr=str(record)[:200],
                    code=f"enforcement.bulk{k}",
                    label=f"批量期限{k}",
                    rule="行政处罚法第六十条",
                    starts_on=due - dt.timedelta(days=10),
                    days=10,
                    due_on=due,
                )
            )
    return Deadline.objects.bulk_create(rows)


def add_officers(enf, n: int = MORE) -> list[Officer]:
    today = timezone.localdate()
    officers = Officer.objects.bulk_create(
        Officer(body=enf.body, region=enf.body.region, name=f"批量执法员{next(_serial)}") for _ in range(n)
    )
    certificates = []
    for i, officer in enumerate(officers):
        until = today + dt.timedelta(days=10 if i % 3 == 0 else 400)  # some expiring soon
        certificates.append(
            Certificate(
                officer=officer,
                region=officer.region,
                number=f"4303{next(_serial):08d}",
                issuing_authority="湖南省人民政府",
                valid_from=today - dt.timedelta(days=700),
                valid_until=until,
            )
        )
    Certificate.objects.bulk_create(certificates)
    OfficerTraining.objects.bulk_create(
        OfficerTraining(officer=o, region=o.region, year=today.year, hours=Decimal("40")) for o in officers
    )
    return officers


def add_powers(enf, n: int = MORE) -> list[Power]:
    powers = Power.objects.bulk_create(
        Power(
            body=enf.body,
            region=enf.body.region,
            code=f"XZCF-PL-{next(_serial):04d}",
            name=f"批量处罚事项{i}",
            law="《湖南省河道采砂管理条例》",
            article="第三十条",
        )
        for i in range(n)
    )
    DiscretionLevel.objects.bulk_create(
        DiscretionLevel(power=p, region=p.region, level=level, fine_min=Decimal(low), fine_max=Decimal(high))
        for p in powers
        for level, low, high in [
            (DiscretionLevel.Level.MINOR, "0", "1000"),
            (DiscretionLevel.Level.GENERAL, "1000", "10000"),
        ]
    )
    return powers


def add_orders(enf, regions, n: int = MORE, cases=()) -> list[RectificationOrder]:
    today = timezone.localdate()
    parties = _parties(n, regions)
    cases = list(cases)
    orders = RectificationOrder.objects.bulk_create(
        RectificationOrder(
            body=enf.body,
            region=party.region,
            party=party,
            case=cases[i % len(cases)] if cases and i % 2 else None,
            number=f"石鼓执改〔{today.year}〕{1000 + i}号",
            year=today.year,
            sequence=1000 + next(_serial),
            issued_on=today - dt.timedelta(days=20),
            deadline=today + dt.timedelta(days=(i % 5) * 5 - 10),
            requirement="拆除违章搭建",
        )
        for i, party in enumerate(parties)
    )
    add_deadlines(orders, per_record=1)
    return orders


def add_campaigns(enf, regions, n: int = MORE) -> list[Campaign]:
    today = timezone.localdate()
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            name=f"批量专项整治{next(_serial)}",
            kind=Campaign.Kind.SAND_MINING,
            region=regions.town,
            body=enf.body,
            starts_on=today - dt.timedelta(days=60),
        )
        for _ in range(n)
    )
    CampaignAction.objects.bulk_create(
        CampaignAction(
            campaign=c,
            region=c.region,
            acted_on=today - dt.timedelta(days=k),
            places="涟水河歇马段",
            people_count=12,
            straw_burning_stops=1,
            materials_handed_out=100,
        )
        for c in campaigns
        for k in range(3)
    )
    return campaigns


# --- the pages ----------------------------------------------------------------------------------


def test_it_lists_cases_with_the_same_queries_for_many_cases(enf, regions, users, login):
    # given a few cases, and the list as the leader (full names) and as an officer
    add_cases(enf, regions, 3)
    url = reverse("enforcement:case_list")
    for user in (users.leader, users.officer):
        client = login(user)
        few, _response = queries(client, url)
        # when many more cases, each with its officers, evidence and deadlines, are filed
        add_cases(enf, regions)
        many, response = queries(client, url)
        # then the list costs no more queries and shows the new cases
        assert_flat(few, many, f"case list ({user.username})")
        assert "批量案件" in response.content.decode()


def test_it_filters_the_case_list_with_the_same_queries(enf, regions, users, login):
    # given
    add_cases(enf, regions, 3)
    client = login(users.leader)
    url = reverse("enforcement:case_list")
    filters = {"state": "open", "overdue": "1", "q": "批量"}
    few, _response = queries(client, url, filters)
    # when
    add_cases(enf, regions)
    many, response = queries(client, url, filters)
    # then
    assert_flat(few, many, "filtered case list")
    assert len(response.context["object_list"]) > 3


def test_it_shows_one_page_of_cases_at_a_time(enf, regions, users, login):
    # given more cases than a page holds
    add_cases(enf, regions, PAGE_SIZE + 12)
    client = login(users.leader)
    url = reverse("enforcement:case_list")
    # when
    _n, first = queries(client, url)
    _n, second = queries(client, url, {"page": 2})
    # then the first page shows a page's worth, the second the rest, none twice
    first_rows = list(first.context["object_list"])
    second_rows = list(second.context["object_list"])
    assert len(first_rows) == PAGE_SIZE
    assert len(second_rows) == 12
    assert not {c.pk for c in first_rows} & {c.pk for c in second_rows}
    assert first.content.decode().count("批量案件") == PAGE_SIZE


def test_it_shows_a_case_page_with_the_same_queries_however_long_its_record(
    enf, regions, users, login, make_case
):
    # given a case with its two officers, and its page as the officer on it
    case = make_case(filed_on=timezone.localdate(), number="石鼓执罚〔2021〕1号")
    client = login(users.officer)
    url = reverse("enforcement:case_detail", args=[case.pk])
    few, _response = queries(client, url)
    # when the case gains many officers, pieces of evidence with files, deadlines and reviews
    officers = add_officers(enf, 10)
    CaseOfficer.objects.bulk_create(
        CaseOfficer(case=case, officer=o, region=case.region, added_on=case.act_date) for o in officers
    )
    evidence = Evidence.objects.bulk_create(
        Evidence(
            case=case,
            region=case.region,
            kind=Evidence.Kind.SCENE_RECORD,
            description=f"证据{i}",
            collected_at=timezone.now(),
            collected_by=users.officer,
        )
        for i in range(MORE)
    )
    evidence_type = ContentType.objects.get_for_model(Evidence)
    Attachment.objects.bulk_create(
        Attachment(
            region=case.region,
            digest=f"{e.pk:064x}",
            algorithm="sm3",
            storage_name=f"{e.pk:064x}",
            size=10,
            content_type="image/jpeg",
            original_name=f"照片{e.pk}.jpg",
            owner_type=evidence_type,
            owner_id=str(e.pk),
        )
        for e in evidence
    )
    add_deadlines([case], per_record=10)
    LegalReview.objects.bulk_create(
        LegalReview(
            case=case,
            region=case.region,
            reviewer=users.reviewer,
            opinion="退回补充调查",
            passed=False,
            reviewed_on=timezone.localdate(),
        )
        for _ in range(5)
    )
    many, response = queries(client, url)
    # then the page costs no more queries and shows them all
    assert_flat(few, many, "case page")
    html = response.content.decode()
    assert html.count("证据") >= MORE and "批量期限9" in html


def test_it_lists_officers_with_the_same_queries_for_many_officers(enf, regions, users, login):
    # given
    client = login(users.leader)
    url = reverse("enforcement:officer_list")
    few, _response = queries(client, url)
    # when
    add_officers(enf)
    add_cases(enf, regions, 10)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "officer list")
    assert "批量执法员" in response.content.decode()


def test_it_lists_powers_with_the_same_queries_for_many_powers(enf, regions, users, login):
    # given
    client = login(users.leader)
    url = reverse("enforcement:power_list")
    few, _response = queries(client, url)
    # when
    add_powers(enf)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "power list")
    assert "批量处罚事项" in response.content.decode()


def test_it_lists_rectification_orders_with_the_same_queries(enf, regions, users, login):
    # given
    cases = add_cases(enf, regions, 3)
    add_orders(enf, regions, 3, cases)
    client = login(users.leader)
    url = reverse("enforcement:order_list")
    few, _response = queries(client, url)
    # when
    add_orders(enf, regions, MORE, cases)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "rectification orders")
    assert response.content.decode().count("批量当事人") >= MORE


def test_it_lists_campaigns_with_the_same_queries(enf, regions, users, login):
    # given
    add_campaigns(enf, regions, 2)
    client = login(users.leader)
    url = reverse("enforcement:campaign_list")
    few, _response = queries(client, url)
    # when
    add_campaigns(enf, regions)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "campaign list")
    assert response.content.decode().count("批量专项整治") >= MORE


def test_it_shows_publicity_with_the_same_queries(enf, regions, users, login):
    # given decided cases waiting for publication, and published ones
    def decided(n):
        cases = add_cases(enf, regions, n, states=[CaseState.DECIDED, CaseState.CLOSED])
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(
            decision_kind=Case.DecisionKind.PENALTY, decided_on=timezone.localdate()
        )
        Case.objects.filter(pk__in=[c.pk for c in cases[::2]]).update(
            publicity="published", published_on=timezone.localdate()
        )

    decided(2)
    add_officers(enf, 2)
    add_powers(enf, 2)
    client = login(users.leader)
    url = reverse("enforcement:publicity")
    few, _response = queries(client, url)
    # when
    decided(MORE)
    add_officers(enf)
    add_powers(enf)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, "publicity")
    assert "批量执法员" in response.content.decode()


@pytest.mark.parametrize("who", ["leader", "officer", "reviewer"])
def test_it_shows_the_home_page_with_the_same_queries_for_many_cases(enf, regions, users, login, who):
    # given enough cases to fill every section of the home page: a section shows at most
    # ROWS_SHOWN cases, and checks each of those against the workflow (can the leader decide it
    # now, must the reviewer withdraw), which costs a few queries per row shown, never per case
    add_cases(enf, regions, 6 * ROWS_SHOWN)  # ROWS_SHOWN of each state
    add_officers(enf, 3)
    client = login(getattr(users, who))
    url = reverse("home")
    few, _response = queries(client, url)
    # when many more cases, officers and deadlines come
    add_cases(enf, regions, MORE)
    add_officers(enf, MORE)
    many, response = queries(client, url)
    # then the home page costs no more queries
    assert_flat(few, many, f"home page ({who})")
    assert "批量案件" in response.content.decode()


# --- the API ------------------------------------------------------------------------------------


def test_it_lists_cases_in_the_api_with_the_same_queries(enf, regions, users, login):
    # given
    add_cases(enf, regions, 3)
    client = login(users.officer)
    url = "/api/v1/enforcement/cases/"
    few, _response = queries(client, url)
    # when
    add_cases(enf, regions)
    many, response = queries(client, url)
    # then the list costs no more queries, and each case still carries its officers and deadlines
    assert_flat(few, many, "API case list")
    rows = response.json()["results"]
    assert len(rows) == MORE + 3
    bulk = [r for r in rows if r["cause"].startswith("批量案件")]
    assert all(len(r["case_officers"]) == 2 and r["case_officers"][0]["certificate"] for r in bulk)
    assert all(len(r["open_deadlines"]) == 2 for r in bulk)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/enforcement/officers/",
        "/api/v1/enforcement/powers/",
        "/api/v1/enforcement/rectification-orders/",
        "/api/v1/enforcement/evidence/",
        "/api/v1/enforcement/campaigns/",
    ],
)
def test_it_lists_other_registers_in_the_api_with_the_same_queries(enf, regions, users, login, url):
    # given
    cases = add_cases(enf, regions, 2)
    add_orders(enf, regions, 2, cases)
    add_campaigns(enf, regions, 2)
    client = login(users.officer)
    few, _response = queries(client, url)
    # when
    cases = add_cases(enf, regions)
    add_officers(enf)
    add_powers(enf)
    add_orders(enf, regions, MORE, cases)
    add_campaigns(enf, regions)
    many, response = queries(client, url)
    # then
    assert_flat(few, many, url)
    assert len(response.json()["results"]) > 2
