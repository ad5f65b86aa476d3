"""One FilterSet per list: the web list, the API list, the Excel export and the figures' links
take the same parameters and keep the same records."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from fazhi.core.filters import figure_link
from fazhi.core.models import LedgerEntry
from fazhi.enforcement.filters import CaseFilterSet
from fazhi.enforcement.tests.conftest import TO_ARCHIVE

BASE = "/api/v1/enforcement"


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(response):
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize(
    "params",
    [
        {"state": "open"},
        {"state": "done"},
        {"closed_year": 2021},
        {"filed_year": 2021, "village": "b"},
        {"dated": "closed", "since": "2021-01-01", "until": "2021-12-31"},
        {"overdue": "1"},
        {"q": "古塘村"},
    ],
)
def test_the_page_the_api_and_the_export_keep_the_same_cases(login, users, regions, make_case, walk, params):
    # given an archived case in 歇马村 and a filed one in 古塘村
    walk(make_case(cause="歇马村采砂案"), *TO_ARCHIVE)
    walk(make_case(cause="古塘村建房案", region=regions.grid_c), "file")
    if params.get("village") == "b":
        params = {**params, "village": regions.village_b.pk}
    client = login(users.officer)
    # when the same parameters go to the list, the API and the export
    page = {c.cause for c in client.get(reverse("enforcement:case_list"), params).context["page_obj"]}
    answer = _api(users.officer).get(f"{BASE}/cases/", params)
    exported = {row[1] for row in _rows(client.get(reverse("enforcement:case_export"), params))[1:]}
    # then they keep the same cases
    assert answer.status_code == 200, answer.content
    assert {c["cause"] for c in answer.json()["results"]} == page == exported
    assert page  # every parameter keeps some case here


def test_the_api_refuses_a_parameter_that_does_not_clean_naming_it(users):
    answer = _api(users.officer).get(f"{BASE}/cases/", {"filed_year": "abc"})
    assert answer.status_code == 400 and "filed_year" in answer.json()


def test_the_page_does_not_offer_the_api_only_parameters_but_carries_them(login, users, enf, make_case):
    # when the list is opened with a parameter only the API and links use
    body = login(users.officer).get(reverse("enforcement:case_list"), {"procedure": "general"}).content
    # then it filters by it, carried as a hidden input, not offered as a field
    assert b'type="hidden" name="procedure" value="general"' in body
    assert "程序".encode() not in body.split(b'class="filters"')[1].split(b"</form>")[0]


def test_a_figure_link_to_a_parameter_the_list_does_not_take_fails():
    with pytest.raises(ImproperlyConfigured):
        figure_link(CaseFilterSet, "enforcement:case_list", {"colour": "red"})


def test_the_export_masks_the_party_for_a_reader_without_personal_information(login, users, make_case, walk):
    # given a case against the citizen 张三丰
    walk(make_case(), "file")
    # when the county supervisor (no VIEW_PII) and the officer export the list
    masked = _rows(login(users.county).get(reverse("enforcement:case_export")))
    full = _rows(login(users.officer).get(reverse("enforcement:case_export")))
    # then the supervisor's file names 张某某 and no full view is ledgered for them; the
    # officer's names 张三丰 and their full view of a name is ledgered
    assert masked[1][2] == "张某某" and full[1][2] == "张三丰"
    views = LedgerEntry.objects.filter(action="pii.view", data__via="export")
    assert [(v.actor_name, v.data["kind"]) for v in views] == [(users.officer.username, "name")]


def test_the_officer_list_filters_certificates_in_the_database(login, users, enf):
    client = login(users.officer)
    every = {
        o.pk: o.certificate_tone
        for o in client.get(reverse("enforcement:officer_list")).context["object_list"]
    }
    for kind, tone in (("valid", "ok"), ("expiring", "warn"), ("expired", "danger")):
        listed = client.get(reverse("enforcement:officer_list"), {"certificate": kind}).context["object_list"]
        assert {o.pk for o in listed} == {pk for pk, t in every.items() if t == tone}, kind


def test_every_record_links_to_its_page_or_its_parents(login, users, enf, make_case, walk):
    from fazhi.enforcement.models import Evidence

    # given a filed case with a piece of evidence
    case = walk(make_case(), "file")
    evidence = Evidence.objects.create(
        case=case,
        kind="physical",
        description="现场照片",
        collected_by=users.officer,
        collected_at=timezone.now(),
    )
    client = login(users.officer)
    # then the case, its evidence and its officers link to the case page; the party to its cases
    assert case.get_absolute_url() == reverse("enforcement:case_detail", args=[case.pk])
    assert evidence.get_absolute_url() == case.get_absolute_url()
    assert case.case_officers.first().get_absolute_url() == case.get_absolute_url()
    listed = client.get(case.party.get_absolute_url()).context["page_obj"]
    assert [c.pk for c in listed] == [case.pk]
    assert enf.wang.certificates.first().get_absolute_url() == enf.wang.get_absolute_url()
