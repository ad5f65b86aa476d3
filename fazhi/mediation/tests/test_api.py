"""The mediation API: disputes with their parties, steps with refusals citing the article."""

from __future__ import annotations

import pytest

from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db


def test_parties_are_masked_for_a_reader_without_pii(login, users, make_dispute):
    dispute = make_dispute()
    data = login(users.cadre).get(f"/api/v1/mediation/disputes/{dispute.pk}/").json()
    applicant = next(p for p in data["parties"] if p["role"] == "applicant")
    assert applicant["name"] == "李某"
    assert applicant["id_number"] != "43032119690101123X"
    full = login(users.judicial).get(f"/api/v1/mediation/disputes/{dispute.pk}/").json()
    assert next(p for p in full["parties"] if p["role"] == "applicant")["name"] == "李明"


def test_a_step_refused_answers_409_with_the_article(login, med, make_dispute):
    dispute = make_dispute(consent="")
    response = login(med.mediator).post(
        f"/api/v1/mediation/disputes/{dispute.pk}/steps/accept/", {}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "consent_missing" and "第十七条" in body["article"]
    assert Dispute.objects.get(pk=dispute.pk).state == Dispute.State.REGISTERED


def test_acceptance_through_the_api_opens_the_month(login, med, make_dispute):
    dispute = make_dispute()
    client = login(med.mediator)
    response = client.post(
        f"/api/v1/mediation/disputes/{dispute.pk}/steps/accept/",
        {"accepted_on": "2021-09-02"},
        content_type="application/json",
    )
    assert response.status_code == 200
    record = response.json()["record"]
    assert record["state"] == "accepted"
    assert [d["due_on"] for d in record["open_deadlines"]] == ["2021-10-02"]


def test_the_state_is_not_written_by_the_api(login, users, med, regions):
    response = login(users.cadre).post(
        "/api/v1/mediation/disputes/",
        {
            "committee": med.village.pk,
            "region": regions.village_a.pk,
            "title": "接口纠纷",
            "summary": "x",
            "dispute_type": "other",
            "source": "initiative",
            "kind": "people",
            "registered_on": "2021-09-01",
            "state": "closed",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["state"] == "registered"
    assert response.json()["number"] == "（2021）歇马调字第1号"
