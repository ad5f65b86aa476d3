"""The petitions API: registering a matter with its petitioners (numbered, clocks started),
masked for a reader without PII, steps refused with the article."""

from __future__ import annotations

import pytest

from fazhi.petitions.models import Matter

pytestmark = pytest.mark.django_db


def test_the_office_registers_a_matter_through_the_api(login, users, regions):
    client = login(users.petition)
    response = client.post(
        "/api/v1/petitions/matters/",
        {
            "region": regions.village_a.pk,
            "received_on": "2021-09-01",
            "form": "online",
            "source": "hotline",
            "title": "12345转办：反映路灯损坏",
            "content": "歇马村主干道路灯损坏两月未修。",
            "kind": "suggestion",
            "category": "building",
            "petitioners": [{"name": "李四", "phone": "13907321234"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "石鼓信〔2021〕1号"
    assert body["accept_due_on"] == "2021-09-16"
    assert [d["code"] for d in body["open_deadlines"]] == ["petitions.accept"]
    matter = Matter.objects.get(pk=body["id"])
    assert matter.registered_by == users.petition and matter.petitioners.get().name == "李四"


def test_petitioners_are_masked_for_the_county_supervisor(login, users, make_matter):
    matter = make_matter()
    data = login(users.county).get(f"/api/v1/petitions/matters/{matter.pk}/").json()
    person = data["petitioners"][0]
    assert person["name"] != "刘德华" and person["id_number"] != "43032119690101123X"
    full = login(users.petition).get(f"/api/v1/petitions/matters/{matter.pk}/").json()
    assert full["petitioners"][0]["name"] == "刘德华"


def test_a_refused_step_answers_409_citing_the_article(login, users, make_matter):
    matter = make_matter()
    client = login(users.petition)
    response = client.post(
        f"/api/v1/petitions/matters/{matter.pk}/steps/not_accept/",
        {"reason": "不属于信访事项"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "route_not_told" and "第二十二条" in body["article"]
    ok = client.post(
        f"/api/v1/petitions/matters/{matter.pk}/steps/accept/",
        {"decided_on": "2021-09-06"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["record"]["handle_due_on"] == "2021-11-05"
