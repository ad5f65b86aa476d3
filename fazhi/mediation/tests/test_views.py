"""The mediation pages, as their users meet them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.mediation.models import Dispute, Screening, Session

pytestmark = pytest.mark.django_db


def test_a_cadre_registers_a_dispute_for_the_village_committee(login, users, regions, med):
    # given 歇马村's village cadre
    client = login(users.cadre)
    # when they register a neighbours' dispute with its two parties
    response = client.post(
        reverse("mediation:dispute_create"),
        {
            "committee": med.village.pk,
            "region": regions.village_a.pk,
            "title": "王某与赵某相邻通行纠纷",
            "summary": "赵某在通道堆放杂物。",
            "dispute_type": "neighbour",
            "source": "application",
            "kind": "people",
            "registered_on": "2021-09-01",
            "applicant_name": "王五",
            "respondent_name": "赵六",
        },
    )
    # then the file is numbered by the committee and both parties are on it
    dispute = Dispute.objects.get(title="王某与赵某相邻通行纠纷")
    assert response.status_code == 302
    assert dispute.number == "（2021）歇马调字第1号"
    assert sorted(dispute.parties.values_list("name", flat=True)) == ["王五", "赵六"]
    assert dispute.state == Dispute.State.REGISTERED


def test_a_referral_names_its_sender(login, users, regions, med):
    client = login(users.cadre)
    response = client.post(
        reverse("mediation:dispute_create"),
        {
            "committee": med.village.pk,
            "region": regions.village_a.pk,
            "title": "移送纠纷",
            "summary": "派出所移送",
            "dispute_type": "damages",
            "source": "referral",
            "kind": "people",
            "registered_on": "2021-09-01",
            "applicant_name": "甲",
            "respondent_name": "乙",
        },
    )
    assert response.status_code == 400
    assert "委托移送单位" in response.content.decode()
    assert not Dispute.objects.exists()


def test_a_region_outside_the_committee_is_refused(login, users, regions, med):
    client = login(users.governance)
    response = client.post(
        reverse("mediation:dispute_create"),
        {
            "committee": med.village.pk,
            "region": regions.village_b.pk,
            "title": "越界",
            "summary": "x",
            "dispute_type": "other",
            "source": "initiative",
            "kind": "people",
            "registered_on": "2021-09-01",
            "applicant_name": "甲",
            "respondent_name": "乙",
        },
    )
    assert response.status_code == 400
    assert "辖区" in response.content.decode()


def test_the_list_masks_names_for_readers_without_pii(login, users, make_dispute):
    make_dispute()
    full = login(users.judicial).get(reverse("mediation:dispute_list")).content.decode()
    assert "李明" in full
    masked = login(users.cadre).get(reverse("mediation:dispute_list")).content.decode()
    assert "（2021）歇马调字第1号" in masked and "李明" not in masked and "李某" in masked


def test_the_mediator_walks_a_dispute_through_the_pages(login, med, make_dispute):
    dispute = make_dispute()
    client = login(med.mediator)
    page = client.get(reverse("mediation:dispute_detail", args=[dispute.pk])).content.decode()
    assert "受理" in page and "李明" in page
    # accept through the step page
    step = reverse("mediation:dispute_step", args=[dispute.pk, "accept"])
    assert client.post(step, {"accept-accepted_on": "2021-09-02"}).status_code == 302
    client.post(reverse("mediation:dispute_step", args=[dispute.pk, "mediate"]), {})
    dispute.refresh_from_db()
    assert dispute.state == Dispute.State.MEDIATING
    # success is refused before a session is recorded: shown with the article
    succeed = reverse("mediation:dispute_step", args=[dispute.pk, "succeed"])
    data = {
        "succeed-form": "written",
        "succeed-facts": "边界争议",
        "succeed-content": "拆除越界围墙",
        "succeed-performance_terms": "十日内自行拆除",
        "succeed-signed_on": "2021-09-20",
    }
    refused = client.post(succeed, data)
    assert refused.status_code in (400, 409) and "第二十七条" in refused.content.decode()
    # record a session, then succeed
    response = client.post(
        reverse("mediation:session_create", args=[dispute.pk]),
        {"held_on": "2021-09-10", "place": "歇马村调解室", "record": "双方陈述，达成一致"},
    )
    assert response.status_code == 302 and Session.objects.filter(dispute=dispute).count() == 1
    assert client.post(succeed, data).status_code == 302
    dispute.refresh_from_db()
    assert dispute.state == Dispute.State.SUCCEEDED
    # the agreement as a .docx
    doc = client.get(reverse("mediation:agreement_document", args=[dispute.pk]))
    assert doc.status_code == 200
    assert doc["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_agreement_document_masks_parties_for_a_cadre(login, users, med, make_dispute, walker):
    import io

    from docx import Document

    dispute = walker.walk(make_dispute(), "accept", "mediate")
    Session.objects.create(
        dispute=dispute, held_at=dt.datetime(2021, 9, 10, tzinfo=dt.UTC), place="x", record="y"
    )
    walker.step(dispute, "succeed")
    response = login(users.cadre).get(reverse("mediation:agreement_document", args=[dispute.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "李某" in text and "李明" not in text and "第二十九条" in text


def test_another_villages_mediator_cannot_record_a_session(login, med, make_dispute):
    dispute = make_dispute()
    response = login(med.mediator_b).post(
        reverse("mediation:session_create", args=[dispute.pk]),
        {"held_on": "2021-09-10", "place": "x", "record": "y"},
    )
    assert response.status_code == 404
    assert not Session.objects.exists()


def test_a_grid_worker_registers_a_screening(login, users, regions):
    client = login(users.grid_a)
    response = client.post(
        reverse("mediation:screening_create"),
        {
            "region": regions.grid_a.pk,
            "screened_on": "2021-09-03",
            "found": "3组两户因排水沟争执",
            "disputes_found": 1,
        },
    )
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert screening.screened_by == users.grid_a
    page = client.get(reverse("mediation:screening_list")).content.decode()
    assert "3组两户因排水沟争执" in page


def test_the_mediators_home_lists_open_disputes_soonest_first(login, med, make_dispute, walker):
    # given an accepted dispute (its month running) and one only registered
    accepted = walker.step(make_dispute(title="已受理纠纷"), "accept")
    make_dispute(title="新登记纠纷")
    page = login(med.mediator).get("/").content.decode()
    # then the home page lists both, the one with a running month first
    assert "我的调解案件" in page
    assert page.index(accepted.number) < page.index("新登记纠纷")
