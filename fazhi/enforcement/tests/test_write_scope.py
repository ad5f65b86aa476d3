"""A permission holds only in the region of the membership whose role carries it.

易俗河镇's officer who is also a county supervisor may read 石鼓镇's cases (the county role) but
may change nothing there, by any door: API create and update, the web filing form, the officer
register, evidence. Each refusal changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.conftest import make_user
from fazhi.core.models import Membership
from fazhi.enforcement.models import Case, Evidence, Officer, Party, Power

BASE = "/api/v1/enforcement"


@pytest.fixture
def two_regions(users, regions):
    """An officer of 易俗河镇 who is also a supervisor at the county."""
    user = make_user("two_regions", "enforcement_officer", regions.other_town, "两地用户")
    Membership.objects.create(user=user, role="county_supervisor", region=regions.county)
    return type(user).objects.get(pk=user.pk)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _web(user):
    client = Client()
    client.force_login(user)
    return client


def _case_payload(enf, regions, **extra):
    return {
        "body": enf.body.pk,
        "region": regions.grid_a.pk,
        "cause": "非法采砂案",
        "party": enf.company.pk,
        "power": enf.power.pk,
        "act_date": "2021-09-01",
        "facts": "当事人在涓水河歇马段无证采砂",
        **extra,
    }


def test_it_lets_the_two_region_user_read_but_not_create_a_case_in_the_other_town(two_regions, enf, regions):
    client = _api(two_regions)
    # given: they read 石鼓镇's cases as the county supervisor
    assert client.get(f"{BASE}/cases/").status_code == 200
    # when: they create a case in 石鼓镇 over the API
    response = client.post(f"{BASE}/cases/", _case_payload(enf, regions), format="json")
    # then: refused, naming the fields out of their writable scope, and nothing is created
    assert response.status_code == 400, response.json()
    assert {"body", "region", "party", "power"} <= set(response.json())
    assert not Case.objects.exists()


def test_it_refuses_the_two_region_user_rewriting_a_case_of_the_other_town(two_regions, make_case):
    case = make_case(facts="原始事实")
    client = _api(two_regions)
    # given: they can read it
    assert client.get(f"{BASE}/cases/{case.pk}/").status_code == 200
    # when: they rewrite its facts
    response = client.patch(f"{BASE}/cases/{case.pk}/", {"facts": "改写的事实"}, format="json")
    # then
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.facts == "原始事实"


def test_it_lets_the_officer_of_the_town_rewrite_a_draft_case(users, make_case):
    case = make_case(facts="原始事实")
    # when
    response = _api(users.officer).patch(f"{BASE}/cases/{case.pk}/", {"facts": "补充的事实"}, format="json")
    # then
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.facts == "补充的事实"


def test_it_refuses_the_two_region_user_editing_an_officer_of_the_other_town(two_regions, enf):
    client = _web(two_regions)
    url = reverse("enforcement:officer_edit", args=[enf.wang.pk])
    # when
    page = client.get(url)
    posted = client.post(url, {"name": "改名", "body": enf.body.pk, "position": "", "active": "on"})
    # then
    assert page.status_code == 403 and posted.status_code == 403
    assert Officer.objects.get(pk=enf.wang.pk).name == "王强"


def test_it_refuses_the_two_region_user_editing_an_officer_over_the_api(two_regions, enf):
    # when
    response = _api(two_regions).patch(f"{BASE}/officers/{enf.wang.pk}/", {"name": "改名"}, format="json")
    # then
    assert response.status_code == 403
    assert Officer.objects.get(pk=enf.wang.pk).name == "王强"


def test_it_offers_the_two_region_user_only_their_own_town_on_the_filing_form(two_regions, enf, regions):
    # when
    page = _web(two_regions).get(reverse("enforcement:case_create"))
    # then: 易俗河镇's body and regions, none of 石鼓镇's
    form = page.context["form"]
    assert list(form.fields["body"].queryset) == [enf.other_body]
    assert regions.grid_a not in form.fields["region"].queryset
    assert regions.other_village in form.fields["region"].queryset


def test_it_files_nothing_when_the_web_form_is_posted_for_the_other_town(two_regions, enf, regions):
    # when: a hand-made POST names 石鼓镇's body, power, officers and village
    response = _web(two_regions).post(
        reverse("enforcement:case_create"),
        {
            "procedure": "general",
            "body": enf.body.pk,
            "power": enf.power.pk,
            "officers": [enf.wang.pk, enf.zhao.pk],
            "region": regions.grid_a.pk,
            "cause": "非法采砂案",
            "act_date": "2021-09-01",
            "party_kind": "organization",
            "party_name": "湘潭某某砂石有限公司",
            "party_credit_code": enf.company.credit_code,
        },
    )
    # then: the form refuses the choices, nothing filed
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_it_refuses_the_two_region_user_adding_evidence_to_a_case_of_the_other_town(two_regions, make_case):
    case = make_case()
    # when: over the API and on the web
    api = _api(two_regions).post(
        f"{BASE}/evidence/",
        {"case": case.pk, "kind": "documentary", "description": "现场照片"},
        format="json",
    )
    web = _web(two_regions).post(
        reverse("enforcement:evidence_create", args=[case.pk]), {"kind": "documentary"}
    )
    # then
    assert api.status_code == 400 and "case" in api.json()
    assert web.status_code == 403
    assert not Evidence.objects.exists()


def test_it_lets_the_two_region_user_create_a_case_in_their_own_town(two_regions, enf, regions):
    # given: 易俗河镇's own power and party
    power = Power.objects.create(body=enf.other_body, code="XZCF-001", name="非法采砂", law="条例")
    party = Party.objects.create(region=regions.other_village, kind=Party.Kind.ORGANIZATION, name="某公司")
    # when: the case is in 易俗河镇, with its body
    response = _api(two_regions).post(
        f"{BASE}/cases/",
        _case_payload(
            enf,
            regions,
            body=enf.other_body.pk,
            region=regions.other_village.pk,
            party=party.pk,
            power=power.pk,
        ),
        format="json",
    )
    # then: created there
    assert response.status_code == 201, response.json()
    assert Case.objects.get().region == regions.other_village
