"""Filing a case from a grid event (网格上报) in one step: the event's page offers 转为执法案件 to
an officer, the filing form opens filled from the event, filing links the two records both ways
with the event as the case's source reference, the event keeps its history, and the same event
is not filed twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.models import LedgerEntry, RecordLink
from fazhi.enforcement.models import Case, CaseState
from fazhi.enforcement.tests.conftest import _credit_code
from fazhi.grid import workflow as grid_workflow
from fazhi.grid.models import Event, EventCategory
from fazhi.grid.seed import ensure_categories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(users, regions):
    ensure_categories()
    return grid_workflow.report(
        users.grid_a,
        {
            "region": regions.grid_a,
            "category": EventCategory.objects.get(code="0402"),  # 环境卫生／污水排放
            "description": "某砂石公司向涓水河直排洗砂废水",
            "address": "涓水河歇马段",
        },
    )


def convert_url(event) -> str:
    return reverse("enforcement:case_from_record") + f"?from=grid.event:{event.pk}"


def _filing(enf, regions, form_page, **extra):
    initial = form_page.context["form"].initial
    today = dt.date.today()
    data = {
        "from": form_page.context["source_token"],
        "form_token": form_page.context["form"]["form_token"].value(),
        "body": initial["body"],
        "cause": "湘潭某某砂石有限公司违法排污案",
        "source": initial["source"],
        "source_reference": initial["source_reference"],
        "procedure": "general",
        "party_kind": "organization",
        "party_name": "湘潭某某砂石有限公司",
        "party_credit_code": _credit_code("91430321MA4L0ABCD"),
        "power": enf.power.pk,
        "region": initial["region"],
        "place": initial["place"],
        "facts": initial["facts"],
        "discovered_on": initial["discovered_on"].isoformat(),
        "act_date": (today - dt.timedelta(days=2)).isoformat(),
        "officers": [enf.wang.pk, enf.zhao.pk],
        "filed_on": today.isoformat(),
    }
    data.update(extra)
    return data


def test_it_files_a_case_from_a_grid_event_linked_both_ways(login, users, enf, regions, event):
    client = login(users.officer)
    history = LedgerEntry.objects.filter(object_type="grid.event", object_id=str(event.pk)).count()
    # when: the officer opens the event and follows 转为执法案件
    page = client.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert "转为执法案件" in page and f"/from-record/?from=grid.event%3A{event.pk}" in page
    form_page = client.get(convert_url(event))
    # then: the filing form starts from the event: 网格上报, the event as reference, its place
    # and facts, the grid, the day reported as the day discovered, the officer's body
    assert form_page.status_code == 200
    initial = form_page.context["form"].initial
    assert initial["source"] == Case.Source.GRID
    assert initial["source_reference"].startswith("污水排放事件")
    assert initial["region"] == regions.grid_a.pk and initial["place"] == "涓水河歇马段"
    assert initial["facts"] == "某砂石公司向涓水河直排洗砂废水"
    assert initial["discovered_on"] == event.reported_on and initial["body"] == enf.body.pk
    assert f'name="from" value="grid.event:{event.pk}"' in form_page.content.decode()
    # when: they complete the party and the officers and file it, trying another source
    response = client.post(convert_url(event), _filing(enf, regions, form_page, source="patrol"))
    # then: the case is filed from the grid's report, the event named as its source
    case = Case.objects.get(cause="湘潭某某砂石有限公司违法排污案")
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement:case_detail", args=[case.pk])
    assert case.state == CaseState.FILED and case.number
    assert case.source == Case.Source.GRID and case.source_reference == initial["source_reference"]
    assert case.facts == "某砂石公司向涓水河直排洗砂废水"
    # and: one link, shown on both pages
    link = RecordLink.objects.get()
    assert (link.from_id, link.to_id) == (str(event.pk), str(case.pk))
    case_page = client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert reverse("grid:event_detail", args=[event.pk]) in case_page
    event_page = client.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert reverse("enforcement:case_detail", args=[case.pk]) in event_page
    # and: the event keeps its state and history (nothing written on it)
    event.refresh_from_db()
    assert event.state == Event.State.REPORTED
    assert LedgerEntry.objects.filter(object_type="grid.event", object_id=str(event.pk)).count() == history


def test_it_opens_the_case_already_filed_instead_of_a_second(login, users, enf, regions, event):
    client = login(users.officer)
    form_page = client.get(convert_url(event))
    client.post(convert_url(event), _filing(enf, regions, form_page))
    case = Case.objects.get()
    # when: the event is converted again (another form) or the same form is sent again
    again = client.get(convert_url(event))
    resent = client.post(convert_url(event), _filing(enf, regions, form_page))
    # then: both open the case filed first; no second case, no second link
    assert again.status_code == 302 and again["Location"] == reverse(
        "enforcement:case_detail", args=[case.pk]
    )
    assert resent.status_code == 302 and resent["Location"] == again["Location"]
    assert Case.objects.count() == 1 and RecordLink.objects.count() == 1


def test_a_refused_filing_keeps_the_event_and_links_nothing(login, users, enf, regions, event):
    client = login(users.officer)
    form_page = client.get(convert_url(event))
    # when: only one officer is put on the case (行政处罚法第四十二条)
    response = client.post(convert_url(event), _filing(enf, regions, form_page, officers=[enf.wang.pk]))
    # then: the form comes back with the reason, still converting the event; nothing is created
    assert response.status_code == 400
    assert "执法人员不得少于两人" in response.content.decode()
    assert not Case.objects.exists() and not RecordLink.objects.exists()


@pytest.mark.parametrize("who", ["governance", "grid_a", "cadre"])
def test_it_is_not_offered_to_who_may_not_file(login, users, event, who):
    client = login(getattr(users, who))
    page = client.get(reverse("grid:event_detail", args=[event.pk])).content.decode()
    assert "转为执法案件" not in page
    assert client.get(convert_url(event)).status_code == 403


def test_another_towns_officer_cannot_reach_the_event(login, users, event):
    response = login(users.other_officer).get(convert_url(event))
    assert response.status_code == 404
