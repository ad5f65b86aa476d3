"""The legal pages and API, as their users meet them: the judicial office, the party-government
office, the town leader and the adviser who sees only what is assigned to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import links
from fazhi.legal import purposes
from fazhi.legal.models import Adviser, Decision, Engagement, coverage
from fazhi.legal.testing import MEETING, make_contract, make_decision, to_reviewed

pytestmark = pytest.mark.django_db


def test_coverage_lists_the_village_lacking_an_adviser(legal, regions):
    # given 歇马村 has a current adviser and 古塘村 none
    result = coverage(regions.town, on=dt.date(2021, 6, 1))
    # then one village of two is covered, and 古塘村 is named
    assert (result["covered"], result["total"], result["rate"]) == (1, 2, 50.0)
    assert [v.name for v in result["lacking"]] == ["古塘村"]
    # and an adviser whose contract has ended no longer counts
    Adviser.objects.filter(pk=legal.village_adviser.pk).update(contract_end=dt.date(2021, 5, 31))
    assert coverage(regions.town, on=dt.date(2021, 6, 1))["covered"] == 0


def test_the_landing_page_shows_coverage_and_figures(login, users, legal):
    response = login(users.judicial).get(reverse("legal:index") + "?year=2021")
    assert response.status_code == 200
    text = response.content.decode()
    assert "古塘村" in text and "一村一法律顾问" in text


def test_an_adviser_sees_only_what_is_assigned_to_them(login, users, legal):
    # given a decision of the town, not assigned to the town adviser
    decision = make_decision(legal)
    client = login(users.adviser)
    url = reverse("legal:decision_detail", args=[decision.pk])
    # then the adviser does not read it, nor find it in the list
    assert client.get(url).status_code == 404
    assert decision.title not in client.get(reverse("legal:decision_list")).content.decode()
    # when the judicial office gives it to them for their opinion
    links.give(decision, users.adviser, purpose=purposes.OPINION, by=users.judicial)
    # then they read it and log their opinion on it
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("legal:engagement_create"),
        {
            "adviser": legal.town_adviser.pk,
            "kind": "decision",
            "day": "2021-04-05",
            "hours": "2",
            "subject": "审查市场改造方案",
            "people": "0",
            "decision": decision.pk,
            "opinion": "方案程序合法，建议补充补偿标准依据。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Engagement.objects.get(decision=decision).adviser == legal.town_adviser
    # the village adviser sees neither the decision nor the town adviser's log
    other = login(legal.adviser_a)
    assert other.get(url).status_code == 404
    assert "审查市场改造方案" not in other.get(reverse("legal:engagement_list")).content.decode()


def test_an_adviser_cannot_log_for_another_adviser(login, users, legal):
    client = login(legal.adviser_a)
    response = client.post(
        reverse("legal:engagement_create"),
        {
            "adviser": legal.town_adviser.pk,
            "kind": "duty",
            "day": "2021-04-05",
            "hours": "4",
            "subject": "值班",
            "people": "0",
        },
    )
    assert response.status_code == 400
    assert not Engagement.objects.exists()


def test_a_decision_page_carries_it_from_start_to_publication(login, users, legal):
    # the party-government office starts a decision from the catalogue on the page
    gov = login(users.gov_office)
    response = gov.post(
        reverse("legal:decision_create"),
        {
            "entry": legal.plain.pk,
            "region": legal.catalogue.region.pk,
            "title": "集镇农贸市场改造决策",
            "undertaker": "党政办",
            "started_on": "2021-03-01",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(title="集镇农贸市场改造决策")
    to_reviewed(decision, users, legal)
    leader = login(users.leader)
    page = leader.get(reverse("legal:decision_detail", args=[decision.pk])).content.decode()
    assert "集体讨论决定（同意）" in page
    step = reverse("legal:decision_step", args=[decision.pk, "decide"])
    response = leader.post(step, {f"decide-{k}": v for k, v in MEETING.items()})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == Decision.State.DECIDED


def test_every_list_page_opens_for_the_judicial_office(login, users, legal, regions):
    make_contract(regions.town)
    client = login(users.judicial)
    for name in (
        "legal:index",
        "legal:adviser_list",
        "legal:engagement_list",
        "legal:literate_list",
        "legal:catalogue_list",
        "legal:decision_list",
        "legal:contract_list",
        "legal:normative_list",
        "legal:adviser_create",
        "legal:decision_create",
        "legal:contract_create",
        "legal:normative_create",
        "legal:engagement_create",
        "legal:catalogue_create",
        "legal:literate_create",
        "legal:adviser_export",
        "legal:decision_export",
        "legal:contract_export",
        "legal:normative_export",
        "legal:engagement_export",
        "legal:catalogue_export",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("legal:adviser_detail", args=[legal.town_adviser.pk])).status_code == 200
    assert client.get(reverse("legal:catalogue_detail", args=[legal.catalogue.pk])).status_code == 200


def test_a_refused_step_through_the_api_answers_409_with_the_article(login, users, legal, regions):
    contract = make_contract(regions.town)
    response = login(users.gov_office).post(
        f"/api/v1/legal/contracts/{contract.pk}/steps/sign/", {}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "review_not_passed"


def test_the_api_keeps_the_adviser_to_their_assignments(login, users, legal):
    decision = make_decision(legal)
    client = login(users.adviser)
    assert client.get("/api/v1/legal/decisions/").json()["results"] == []
    links.give(decision, users.adviser, purpose=purposes.OPINION, by=users.judicial)
    ids = [d["id"] for d in client.get("/api/v1/legal/decisions/").json()["results"]]
    assert ids == [decision.pk]
    cov = login(users.judicial).get("/api/v1/legal/coverage/").json()
    assert cov[0]["lacking"] == ["古塘村"]


def test_the_home_page_shows_each_role_what_waits_for_them(login, users, legal):
    from fazhi.legal.testing import opinion, to_review

    decision = to_review(make_decision(legal, title="待审查的市场改造决策"), users, legal)
    links.give(decision, users.adviser, purpose=purposes.OPINION, by=users.judicial)
    assert "待审查的市场改造决策" in login(users.adviser).get("/").content.decode()
    assert "待审查的市场改造决策" in login(users.judicial).get("/").content.decode()
    assert "待审查的市场改造决策" not in login(legal.adviser_a).get("/").content.decode()
    opinion(legal, decision)
    from fazhi.legal import workflow

    workflow.DECISION.fire(
        decision,
        "review",
        users.judicial,
        {"outcome": "lawful", "opinion": "合法", "reviewed_on": "2021-04-13"},
    )
    assert "待审查的市场改造决策" in login(users.leader).get("/").content.decode()


def test_a_decision_file_exports_as_one_archive_verifiable_offline(login, users, legal):
    import io
    import zipfile

    from fazhi.legal import archive

    decision = to_reviewed(make_decision(legal), users, legal)
    client = login(users.judicial)
    response = client.get(reverse("legal:decision_document", args=[decision.pk, "review"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    response = client.get(reverse("legal:decision_archive", args=[decision.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("documents/") for n in names) and "ledger.jsonl" in names
    check = archive.verify_archive(io.BytesIO(data))
    assert check.ok, check


def test_the_judicial_office_logs_an_advisers_mediation_from_the_dispute(login, users, legal, regions):
    from fazhi.core.models.links import RecordLink
    from fazhi.mediation.models import Committee, Dispute

    committee = Committee.objects.create(
        region=regions.village_a, name="歇马村人民调解委员会", number_prefix="歇马"
    )
    dispute = Dispute.objects.create(
        committee=committee,
        region=regions.village_a,
        title="宅基地纠纷",
        summary="边界争执",
        dispute_type="housing",
        source="application",
        registered_on=dt.date(2021, 9, 1),
    )
    client = login(users.judicial)
    token = links.source_token(dispute)
    assert any(
        a["url"].endswith(f"from={token.replace(':', '%3A')}")
        for a in links.actions_for(dispute, users.judicial)
    )
    url = reverse("legal:engagement_create") + f"?from={token}"
    assert "宅基地纠纷" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "adviser": legal.village_adviser.pk,
            "kind": "mediation",
            "day": "2021-09-05",
            "hours": "3",
            "subject": "参与宅基地纠纷调解",
            "people": "0",
            "opinion": "释法说理",
        },
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get(kind="mediation")
    assert RecordLink.objects.filter(to_id=str(engagement.pk), from_id=str(dispute.pk)).exists()
