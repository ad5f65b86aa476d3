"""The register of 行政复议 and 行政诉讼: registering from the record it concerns (a core link),
its dates and result, the days a case was pending (行政处罚法 第七十三条第三款 reads them), the
figures by route and result, and the applicant's name masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import links
from fazhi.core.figures import Period, evaluate
from fazhi.litigation import metrics, register
from fazhi.litigation.models import Proceeding

pytestmark = pytest.mark.django_db


def test_a_case_registered_from_an_enforcement_case_is_linked_to_it(client, login, users, make_case):
    # given a decided enforcement case and the judicial office
    case = make_case()
    login(users.judicial)
    # when they register a 复议 from the case's page (?from=)
    url = reverse("litigation:create") + f"?from={links.source_token(case)}"
    page = client.get(url)
    assert page.status_code == 200 and str(case) in page.content.decode()
    response = client.post(
        url,
        {
            "route": "review",
            "matter": "penalty",
            "subject": "行政处罚决定",
            "organ": "湘潭县人民政府",
            "applicant": "张建国",
            "applicant_kind": "citizen",
            "filed_on": "2021-10-08",
            "result": "pending",
        },
    )
    # then it is in the case's region, linked both ways, and the register finds it
    proceeding = Proceeding.objects.get()
    assert response.status_code == 302
    assert proceeding.region_id == case.region_id
    assert [p.pk for p in register.concerning(case)] == [proceeding.pk]
    assert [item.other for item in links.links_of(case, users.judicial)] == [proceeding]
    detail = client.get(reverse("litigation:detail", args=[proceeding.pk])).content.decode()
    assert str(case) in detail


def test_a_concluded_case_needs_a_result_and_a_date_not_before_filing(make_proceeding):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_proceeding(filed_on=dt.date(2021, 10, 8), concluded_on=dt.date(2021, 10, 1), result="upheld")
    assert "concluded_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_proceeding(concluded_on=dt.date(2021, 12, 1))  # result left 尚未审结
    assert "result" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_proceeding(result="upheld")  # no conclusion date
    assert "concluded_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_proceeding(filed_on=dt.date.today() + dt.timedelta(days=3))
    assert "filed_on" in error.value.message_dict
    assert Proceeding.objects.count() == 0


def test_the_leader_appears_in_court_only_in_a_lawsuit(make_proceeding, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_proceeding(route="review", court_leader=users.leader)
    assert "court_leader" in error.value.message_dict
    suit = make_proceeding(route="direct", court_leader=users.leader, hearing_on=dt.date(2021, 11, 20))
    assert suit.court_leader == users.leader


def test_pending_days_are_the_union_of_the_periods_of_review_and_suit(make_case, make_proceeding):
    # given a 复议 from 10-08 concluded 11-30 and a suit after it from 12-10, still pending
    case = make_case()
    make_proceeding(
        concerns=case, filed_on=dt.date(2021, 10, 8), concluded_on=dt.date(2021, 11, 30), result="upheld"
    )
    make_proceeding(concerns=case, route="after_review", filed_on=dt.date(2021, 12, 10))
    # an arbitration does not count (第七十三条第三款: 复议或者诉讼)
    make_proceeding(concerns=case, route="arbitration", filed_on=dt.date(2021, 9, 1))
    # then in October–December: 10-08..11-29 (53 days) and 12-10..12-31 (22 days)
    assert register.pending_days(case, dt.date(2021, 10, 1), dt.date(2021, 12, 31)) == 53 + 22
    assert register.pending_on(case, dt.date(2021, 11, 29))
    assert not register.pending_on(case, dt.date(2021, 11, 30))  # concluded that day
    assert not register.pending_on(case, dt.date(2021, 12, 9))
    assert register.pending_on(case, dt.date(2022, 3, 1))


def test_the_figures_count_cases_by_route_and_result_in_the_year_filed(make_proceeding, users, client, login):
    make_proceeding(filed_on=dt.date(2021, 3, 1), concluded_on=dt.date(2021, 4, 20), result="upheld")
    make_proceeding(filed_on=dt.date(2021, 5, 1), concluded_on=dt.date(2021, 6, 20), result="corrected")
    make_proceeding(filed_on=dt.date(2021, 12, 20))  # pending
    make_proceeding(route="direct", matter="disclosure", filed_on=dt.date(2021, 7, 1))
    make_proceeding(filed_on=dt.date(2020, 12, 31), concluded_on=dt.date(2021, 2, 1), result="upheld")
    values = evaluate(metrics.CODES, users.judicial, [Period.year(2021)])
    assert values["litigation.review.upheld"].value == 1
    assert values["litigation.review.corrected"].value == 1
    assert values["litigation.review.pending"].value == 1
    assert values["litigation.review.total"].value == 3
    assert values["litigation.direct.total"].value == 1
    assert values["litigation.disclosure.direct.pending"].value == 1
    assert values["litigation.disclosure.review.total"].value == 0
    # and each opens its cases
    login(users.judicial)
    listed = client.get(values["litigation.review.upheld"].url).content.decode()
    assert listed.count('href="/litigation/') >= 1
    page = client.get(reverse("litigation:index") + "?year=2021")
    assert page.status_code == 200


def test_the_api_registers_a_case_about_a_record_it_may_read(login, users, make_case):
    case = make_case()
    api = login(users.officer)
    response = api.post(
        "/api/v1/litigation/proceedings/",
        {
            "route": "direct",
            "matter": "penalty",
            "subject": "行政处罚决定",
            "organ": "湘潭县人民法院",
            "applicant": "张建国",
            "filed_on": "2021-11-01",
            "concerns": links.source_token(case),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert register.ever_filed(case)
    # a record the user may not read is "not found"
    other = login(users.other_officer).post(
        "/api/v1/litigation/proceedings/",
        {
            "route": "review",
            "subject": "x",
            "organ": "y",
            "applicant": "z",
            "filed_on": "2021-11-01",
            "concerns": links.source_token(case),
        },
        content_type="application/json",
    )
    assert other.status_code == 400 and "concerns" in other.json()


def test_the_applicant_is_masked_without_view_pii(make_proceeding, users, client, login):
    proceeding = make_proceeding(applicant="张建国")
    login(users.county)  # litigation.view without core.view_pii
    page = client.get(reverse("litigation:detail", args=[proceeding.pk])).content.decode()
    assert "张建国" not in page and "张某某" in page
