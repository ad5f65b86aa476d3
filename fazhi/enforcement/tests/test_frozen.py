"""An archived (归档) case is closed: no door edits it, its evidence, its officers or its party,
and nothing is added to it. Each refusal names the rule and changes nothing. Publicity is the
exception the law needs: a decision is still published, or withdrawn after a 复议, once the
file is archived."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.core import frozen
from fazhi.core.models import LedgerEntry
from fazhi.enforcement.models import Case, Evidence, Party
from fazhi.enforcement.tests.conftest import TO_ARCHIVE

BASE = "/api/v1/enforcement"
AT = dt.datetime(2021, 9, 1, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def archived(make_case, walk):
    case = make_case(facts="当事人在涓水河歇马段无证采砂")
    Evidence.objects.create(
        case=case, kind=Evidence.Kind.SCENE_RECORD, description="现场笔录一份", collected_at=AT
    )
    return walk(case, *TO_ARCHIVE)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_refuses_renaming_the_party_of_an_archived_case_over_the_api(archived, users):
    entries = LedgerEntry.objects.count()
    # when
    response = _api(users.officer).patch(
        f"{BASE}/parties/{archived.party_id}/", {"name": "李四"}, format="json"
    )
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "frozen" and "已归档" in response.json()["detail"]
    assert Party.objects.get(pk=archived.party_id).name == "张三丰"
    assert LedgerEntry.objects.count() == entries


def test_it_refuses_rewriting_the_evidence_of_an_archived_case_over_the_api(archived, users):
    evidence = archived.evidence.get()
    # when
    response = _api(users.officer).patch(
        f"{BASE}/evidence/{evidence.pk}/", {"description": "改写"}, format="json"
    )
    # then
    assert response.status_code in (400, 409)
    assert Evidence.objects.get(pk=evidence.pk).description == "现场笔录一份"


def test_it_refuses_rewriting_an_archived_case_over_the_api(archived, users):
    # when
    response = _api(users.officer).patch(f"{BASE}/cases/{archived.pk}/", {"facts": "改写"}, format="json")
    # then
    assert response.status_code in (400, 409)
    assert Case.objects.get(pk=archived.pk).facts == "当事人在涓水河歇马段无证采砂"


def test_it_refuses_a_file_uploaded_to_the_evidence_of_an_archived_case(archived, users):
    evidence = archived.evidence.get()
    upload = SimpleUploadedFile("补充.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    # when
    response = _api(users.officer).post(f"{BASE}/evidence/{evidence.pk}/attachments/", {"file": upload})
    # then
    assert response.status_code in (400, 409)
    assert not evidence.attachments


def test_it_refuses_a_plain_save_of_an_archived_case_and_its_parts_in_code(archived):
    # given: code that assigns and saves (a future command, a careless migration)
    case = Case.objects.get(pk=archived.pk)
    case.facts = "改写"
    # when / then
    with pytest.raises(frozen.RecordFrozen, match="已归档"):
        case.save()
    with pytest.raises(frozen.RecordFrozen):
        Evidence.objects.create(
            case=archived, kind=Evidence.Kind.SCENE_RECORD, description="事后补充", collected_at=AT
        )
    with pytest.raises(frozen.RecordFrozen), transaction.atomic():
        archived.evidence.get().delete()
    assert archived.evidence.count() == 1


def test_it_refuses_moving_the_archived_case_back_by_assigning_its_state(archived):
    # given: the stored state is what counts, not what was assigned in memory
    case = Case.objects.get(pk=archived.pk)
    case.state = "investigating"
    # when / then
    with pytest.raises(frozen.RecordFrozen):
        case.save()
    assert Case.objects.get(pk=archived.pk).state == "archived"


def test_it_refuses_editing_the_party_on_the_web_after_archiving(archived, users, login):
    # when: the evidence page of the archived case is posted
    response = login(users.officer).post(
        reverse("enforcement:evidence_create", args=[archived.pk]),
        {"kind": "scene_record", "description": "事后补充"},
    )
    # then: sent back with the reason, nothing added
    assert response.status_code in (302, 409)
    assert archived.evidence.count() == 1


def test_it_still_withdraws_a_publication_of_an_archived_case(archived, step, users):
    # given: the decision was published, then changed on 复议 after the file was archived
    case = step(archived, "publish")
    case = step(case, "record_change")
    # when
    case = step(case, "withdraw_publication")
    # then
    assert case.publicity == "withdrawn" and case.state == "archived"


def test_it_writes_historical_records_at_their_state_only_through_the_import_path(archived):
    # when: the sanctioned path for history (register imports, the demo) adds a piece of evidence
    with frozen.importing_at_state():
        Evidence.objects.create(
            case=archived, kind=Evidence.Kind.SCENE_RECORD, description="历史档案补录", collected_at=AT
        )
    # then
    assert archived.evidence.count() == 2
