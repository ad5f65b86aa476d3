"""The versions of a power's legal basis through the API (行政处罚法 第三十七条): listed and added
under the power, edited while no decision applies them; once a decision applies a version,
editing it is refused (a new version is added instead)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from fazhi.core.models import LedgerEntry
from fazhi.enforcement.models import BasisVersion
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

pytestmark = pytest.mark.django_db

BASE = "/api/v1/enforcement/basis-versions/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_officer_lists_and_adds_versions_under_a_power(users, enf):
    api = _api(users.officer)
    # when: a version of 2015 is added to the sand power
    created = api.post(
        BASE,
        {
            "power": enf.power.pk,
            "label": "2015年版",
            "effective_from": "2015-01-01",
            "penalty_kinds": ["warning", "fine"],
            "fine_min": "0",
            "fine_max": "100000",
        },
        format="json",
    )
    # then: it is the power's, listed under it and ledgered
    assert created.status_code == 201, created.content
    version = BasisVersion.objects.get(pk=created.json()["id"])
    assert version.power == enf.power and version.penalty_kinds == ["warning", "fine"]
    listed = api.get(BASE, {"power": enf.power.pk}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["label"] for row in rows] == ["2015年版"]
    assert LedgerEntry.objects.filter(
        object_type="enforcement.basisversion", object_id=str(version.pk)
    ).exists()
    # and: a second version on the same day, or a kind a town may not apply, is refused on its field
    same_day = api.post(
        BASE, {"power": enf.power.pk, "label": "重复", "effective_from": "2015-01-01"}, format="json"
    )
    assert same_day.status_code == 400 and "effective_from" in same_day.json()
    detention = api.post(
        BASE,
        {
            "power": enf.power.pk,
            "label": "拘留",
            "effective_from": "2016-01-01",
            "penalty_kinds": ["detention"],
        },
        format="json",
    )
    assert detention.status_code == 400 and "penalty_kinds" in detention.json()


def test_a_version_is_edited_until_a_decision_applies_it_art37(users, enf, make_case, walk):
    version = BasisVersion.objects.create(
        power=enf.power,
        label="2015年版",
        effective_from=dt.date(2015, 1, 1),
        penalty_kinds=["warning", "fine", "confiscation"],
        fine_max=100000,
    )
    api = _api(users.officer)
    # before any decision: the label is corrected
    fixed = api.patch(f"{BASE}{version.pk}/", {"label": "2015年修正"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["label"] == "2015年修正"
    # when: a decision applies it
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    assert case.basis_version == version
    # then: editing it is refused citing 第三十七条, and it stays as the decision applied it
    refused = api.patch(f"{BASE}{version.pk}/", {"fine_max": "200"}, format="json")
    assert refused.status_code == 400
    assert "第三十七条" in str(refused.json()["effective_from"]) and case.number in str(refused.json())
    version.refresh_from_db()
    assert version.fine_max == 100000


def test_a_reader_without_the_register_permission_may_not_add(users, enf):
    refused = _api(users.leader).post(
        BASE, {"power": enf.power.pk, "label": "2015年版", "effective_from": "2015-01-01"}, format="json"
    )
    assert refused.status_code == 403
    assert not BasisVersion.objects.exists()
