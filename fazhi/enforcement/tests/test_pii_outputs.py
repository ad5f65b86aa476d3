"""Personal information follows the role in every output: the decision document, the case
archive, the API, the Excel export and the auditor's ledger view. A reader without VIEW_PII over
the case's region (the county supervisor, the auditor) gets masked values everywhere, and a
masked document is still a whole document; each full output is a ledgered full view that the
auditor's "who viewed a full identity number" search finds."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.urls import reverse

from fazhi.core.models import LedgerEntry
from fazhi.enforcement.tests.conftest import TO_ARCHIVE

FULL_ID = "430321198001011233"  # 张三丰's number in the enforcement fixtures
ADDRESS = "湘潭县石鼓镇歇马村3组"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx_text(data: bytes) -> str:
    opened = docx.Document(io.BytesIO(data))
    parts = [p.text for p in opened.paragraphs]
    parts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _full_views(user, via: str, kind: str = "id_number") -> int:
    return LedgerEntry.objects.filter(
        action="pii.view", actor_id=user.pk, data__via=via, data__kind=kind
    ).count()


def test_the_decision_names_the_party_in_full_for_the_officer_and_ledgers_the_view(
    decided_case, users, login
):
    assert decided_case.party.id_number == FULL_ID
    # when
    response = login(users.officer).get(
        reverse("enforcement:case_document", args=[decided_case.pk, "decision"])
    )
    # then
    text = _docx_text(response.content)
    assert FULL_ID in text and "张三丰" in text and ADDRESS in text
    assert _full_views(users.officer, "document") == 1
    assert LedgerEntry.objects.filter(action="document.export", data__pii="full").count() == 1


def test_the_county_supervisor_gets_a_masked_but_whole_decision(decided_case, users, login):
    # when
    response = login(users.county).get(
        reverse("enforcement:case_document", args=[decided_case.pk, "decision"])
    )
    # then: the document is there, the party named as 张某某 with a masked number and address
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "行政处罚决定书" in text and decided_case.number in text
    assert FULL_ID not in text and "4303**********1233" in text
    assert "张三丰" not in text and "张某某" in text
    assert ADDRESS not in text and "湘潭县石鼓镇歇马村****" in text
    assert _full_views(users.county, "document") == 0
    assert LedgerEntry.objects.filter(action="document.export", data__pii="masked").count() == 1


@pytest.fixture
def archived(make_case, walk, enf):
    enf.citizen.address = ADDRESS
    enf.citizen.save()
    return walk(make_case(), *TO_ARCHIVE)


def _archive_texts(data: bytes) -> str:
    package = zipfile.ZipFile(io.BytesIO(data))
    texts = []
    for name in package.namelist():
        content = package.read(name)
        texts.append(_docx_text(content) if name.endswith(".docx") else content.decode("utf-8", "replace"))
    return "\n".join(texts)


def test_the_county_supervisors_archive_carries_no_full_identity_number(archived, users, login):
    # when
    response = login(users.county).get(reverse("enforcement:case_archive", args=[archived.pk]))
    # then
    assert response.status_code == 200
    text = _archive_texts(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "行政处罚决定书" in text
    assert FULL_ID not in text and ADDRESS not in text
    assert _full_views(users.county, "archive") == 0


def test_the_officers_archive_is_a_ledgered_full_view(archived, users, login):
    # when
    response = login(users.officer).get(reverse("enforcement:case_archive", args=[archived.pk]))
    # then
    text = _archive_texts(b"".join(response.streaming_content) if response.streaming else response.content)
    assert FULL_ID in text
    assert _full_views(users.officer, "archive") == 1


def test_the_api_masks_the_party_for_the_county_supervisor(make_case, users, enf):
    from rest_framework.test import APIClient

    # given: a citizen with a home address and a company with its legal representative
    enf.citizen.address = ADDRESS
    enf.citizen.save()
    enf.company.legal_representative = "李建国"
    enf.company.save()
    case = make_case()
    client = APIClient()
    client.force_authenticate(users.county)
    # when
    company = client.get(f"/api/v1/enforcement/parties/{enf.company.pk}/").json()
    officers_view = APIClient()
    officers_view.force_authenticate(users.officer)
    full = officers_view.get(f"/api/v1/enforcement/parties/{enf.citizen.pk}/").json()
    party = client.get(f"/api/v1/enforcement/parties/{enf.citizen.pk}/").json()
    revealed = client.get(f"/api/v1/enforcement/parties/{enf.citizen.pk}/reveal/?field=id_number").json()
    listed = client.get(f"/api/v1/enforcement/cases/{case.pk}/").json()
    # then
    assert party["name"] == "张某某" and party["address"] == "湘潭县石鼓镇歇马村****"
    assert company["name"] == "湘潭某某砂石有限公司" and company["legal_representative"] == "李某某"
    assert full["name"] == "张三丰" and full["address"] == ADDRESS
    assert revealed["value"] == "4303**********1233"
    assert listed["party_name"] == "张某某"


def test_the_auditor_reads_the_party_address_masked_in_the_ledger(enf, users, login):
    # given: the party's address was corrected (a ledgered update with before/after)
    enf.citizen.address = ADDRESS
    enf.citizen.save()
    # when
    page = login(users.auditor).get(reverse("core:audit"), {"object_type": "enforcement.party"})
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert ADDRESS not in html and "湘潭县石鼓镇歇马村****" in html
    assert FULL_ID not in html


def test_the_auditor_finds_every_kind_of_full_view(decided_case, archived, users, login):
    # given: a page reveal, a document and an archive, each shown in full to the officer
    client = login(users.officer)
    client.post(reverse("core:pii_reveal", args=["enforcement.party", decided_case.party.pk, "id_number"]))
    client.get(reverse("enforcement:case_document", args=[decided_case.pk, "decision"]))
    response = client.get(reverse("enforcement:case_archive", args=[archived.pk]))
    b"".join(response.streaming_content) if response.streaming else response.content
    # when: the auditor asks who viewed a full identity number
    page = login(users.auditor).get(reverse("core:audit"), {"pii_kind": "id_number"})
    # then: all three, by the officer
    entries = LedgerEntry.objects.filter(action="pii.view", data__kind="id_number", actor_id=users.officer.pk)
    assert sorted(entries.values_list("data__via", flat=True)) == ["archive", "document", "page"]
    shown = [row for row in page.context["object_list"] if row["entry"].actor_id == users.officer.pk]
    assert len(shown) == 3
