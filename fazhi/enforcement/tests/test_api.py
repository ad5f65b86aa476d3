"""The enforcement REST API: a case from filing to archive, refusals as 409 with the article,
bad input as 400 naming the field, and scoping (another town gets 404)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from fazhi.core.models import LedgerEntry

BASE = "/api/v1/enforcement"


@pytest.fixture
def api(users):
    """api(user) -> an APIClient signed in as that user."""

    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


def _case_payload(enf, regions, **extra):
    return {
        "body": enf.body.pk,
        "region": regions.grid_a.pk,
        "cause": "非法采砂案",
        "party": enf.company.pk,
        "power": enf.power.pk,
        "source": "grid",
        "source_reference": "SJ-2021-0087",
        "act_date": "2021-09-01",
        "facts": "当事人在涓水河歇马段无证采砂",
        **extra,
    }


def _go(client, case_id, name, **data):
    return client.post(f"{BASE}/cases/{case_id}/steps/{name}/", data, format="json")


def test_it_takes_a_case_from_filing_to_archive_over_the_api(api, users, enf, regions):
    officer, leader = api(users.officer), api(users.leader)
    # given a case created with two officers
    created = officer.post(f"{BASE}/cases/", _case_payload(enf, regions), format="json")
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    for o in (enf.wang, enf.zhao):
        added = officer.post(
            f"{BASE}/cases/{case_id}/add-officer/", {"officer": o.pk, "on": "2021-09-06"}, format="json"
        )
        assert added.status_code == 200, added.json()
    # when it goes through every step
    steps = [
        (officer, "file", {"filed_on": "2021-09-06"}),
        (officer, "investigate", {}),
        (
            officer,
            "notify",
            {
                "notified_on": "2021-09-10",
                "intended_penalties": ["fine"],
                "intended_fine": "5000",
                "discretion_level": enf.levels["general"].pk,
            },
        ),
        (officer, "record_statement", {"statement": "请求从轻", "statement_on": "2021-09-13"}),
        (officer, "evidence", {}),  # 第四十条: the evidence on file before the decision
        (
            leader,
            "decide",
            {
                "decided_on": "2021-09-16",
                "decided_penalties": ["fine"],
                "decided_fine": "5000",
                "discretion_level": enf.levels["general"].pk,
            },
        ),
        (officer, "serve", {"served_on": "2021-09-17", "party_present": True}),
        (officer, "publish", {"published_on": "2021-09-22"}),
        (officer, "record_payment", {"paid_on": "2021-09-28", "amount_paid": "5000"}),
        (officer, "close", {"closed_on": "2021-09-29"}),
        (officer, "archive", {"archived_on": "2021-09-30"}),
    ]
    for client, name, data in steps:
        if name == "evidence":
            response = client.post(
                f"{BASE}/evidence/",
                {
                    "case": case_id,
                    "kind": "scene_record",
                    "description": "现场检查笔录一份",
                    "collected_at": "2021-09-06T10:00:00+08:00",
                },
                format="json",
            )
            assert response.status_code == 201, response.json()
            continue
        response = _go(client, case_id, name, **data)
        assert response.status_code == 200, (name, response.json())
    # then
    case = officer.get(f"{BASE}/cases/{case_id}/").json()
    assert case["state"] == "archived" and case["number"] == "石鼓执罚〔2021〕1号"
    assert case["publicity"] == "published" and case["amount_paid"] == "5000.00"
    assert case["party_name"] == "湘潭某某砂石有限公司"
    assert LedgerEntry.objects.filter(
        object_id=str(case_id), action__startswith="transition:"
    ).count() == len([s for s in steps if s[1] != "evidence"])


def test_a_refusal_over_the_api_is_409_with_the_article(api, users, enf, regions):
    officer = api(users.officer)
    case_id = officer.post(f"{BASE}/cases/", _case_payload(enf, regions), format="json").json()["id"]
    officer.post(f"{BASE}/cases/{case_id}/add-officer/", {"officer": enf.wang.pk}, format="json")
    # when filing with one officer
    response = _go(officer, case_id, "file", filed_on="2021-09-06")
    # then
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "too_few_officers" and answer["article"] == "行政处罚法第四十二条"
    assert "行政处罚法第四十二条" in answer["detail"]
    # placed on the field it concerns
    assert answer["data"] == {"officers": [answer["detail"]]}
    assert officer.get(f"{BASE}/cases/{case_id}/").json()["state"] == "draft"


def test_adding_an_officer_with_an_expired_certificate_is_409_art42(api, users, enf, regions):
    officer = api(users.officer)
    case_id = officer.post(f"{BASE}/cases/", _case_payload(enf, regions), format="json").json()["id"]
    response = officer.post(
        f"{BASE}/cases/{case_id}/add-officer/", {"officer": enf.expired.pk, "on": "2021-09-06"}, format="json"
    )
    assert response.status_code == 409 and "第四十二条" in response.json()["detail"]


def test_the_options_list_allowed_and_refused_steps_with_reasons(api, users, make_case, step):
    case = step(make_case(), "file")
    options = api(users.officer).get(f"{BASE}/cases/{case.pk}/steps/").json()
    by_name = {o["name"]: o for o in options}
    assert by_name["investigate"]["allowed"] is True
    assert by_name["extend"]["allowed"] is False and "角色" in by_name["extend"]["reason"]


def test_bad_step_input_is_400_naming_the_field(api, users, make_case, walk):
    case = walk(make_case(), "file", "investigate")
    response = _go(api(users.officer), case.pk, "notify", intended_penalties=["fine"], intended_fine="很多")
    assert response.status_code == 400
    assert "intended_fine" in response.json()["data"]


def test_an_unknown_step_is_404_naming_it(api, users, make_case):
    response = _go(api(users.officer), make_case().pk, "demolish")
    assert response.status_code == 404 and "demolish" in response.json()["detail"]


def test_a_bad_credit_code_is_400_naming_the_field(api, users, regions):
    response = api(users.officer).post(
        f"{BASE}/parties/",
        {
            "region": regions.town.pk,
            "kind": "organization",
            "name": "某公司",
            "credit_code": "91430321MA4L0ABCD0",
        },
        format="json",
    )
    assert response.status_code == 400 and "credit_code" in response.json()


def test_a_citizen_needs_an_id_number_with_a_valid_check_digit(api, users, regions):
    client = api(users.officer)
    missing = client.post(
        f"{BASE}/parties/", {"region": regions.town.pk, "kind": "citizen", "name": "李四"}, format="json"
    )
    assert missing.status_code == 400 and "id_number" in missing.json()
    wrong = client.post(
        f"{BASE}/parties/",
        {"region": regions.town.pk, "kind": "citizen", "name": "李四", "id_number": "430321198001011230"},
        format="json",
    )
    assert wrong.status_code == 400 and "校验位" in str(wrong.json()["id_number"])


def test_the_party_id_number_is_masked_and_revealed_with_a_ledger_entry(api, users, enf):
    client = api(users.officer)
    shown = client.get(f"{BASE}/parties/{enf.citizen.pk}/").json()
    assert "id_number" not in shown and shown["id_number_masked"].startswith("4303")
    assert "*" in shown["id_number_masked"]
    revealed = client.get(f"{BASE}/parties/{enf.citizen.pk}/reveal/?field=id_number").json()
    assert revealed["value"] == enf.citizen.id_number
    assert LedgerEntry.objects.filter(action="pii.view", object_id=str(enf.citizen.pk)).exists()


def test_an_officer_of_another_town_gets_404_on_the_case(api, users, make_case):
    case = make_case()
    other = api(users.other_officer)
    assert other.get(f"{BASE}/cases/{case.pk}/").status_code == 404
    assert _go(other, case.pk, "file").status_code == 404
    assert other.get(f"{BASE}/cases/").json()["results"] == []


def test_a_case_cannot_be_created_in_another_towns_region(api, users, enf, regions):
    response = api(users.officer).post(
        f"{BASE}/cases/", _case_payload(enf, regions, region=regions.other_grid.pk), format="json"
    )
    assert response.status_code == 400 and "region" in response.json()


def test_roles_without_case_permissions_are_403(api, users, make_case):
    make_case()
    assert api(users.grid_a).get(f"{BASE}/cases/").status_code == 403
    assert api(users.county).post(f"{BASE}/bodies/", {}, format="json").status_code == 403


def test_a_filed_case_keeps_its_party_and_power(api, users, make_case, step, enf):
    case = step(make_case(), "file")
    response = api(users.officer).patch(f"{BASE}/cases/{case.pk}/", {"party": enf.company.pk}, format="json")
    assert response.status_code == 400 and "party" in response.json()
    ok = api(users.officer).patch(f"{BASE}/cases/{case.pk}/", {"facts": "补充查明的事实"}, format="json")
    assert ok.status_code == 200


def test_evidence_is_recorded_with_its_file(api, users, make_case):
    case = make_case()
    client = api(users.officer)
    created = client.post(
        f"{BASE}/evidence/",
        {
            "case": case.pk,
            "kind": "scene_record",
            "description": "现场检查笔录一份",
            "collected_at": "2021-09-03T10:00:00+08:00",
            "place": "涓水河歇马段",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    evidence_id = created.json()["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "现场笔录.txt", "现场笔录：当事人在河道内采砂。".encode(), content_type="text/plain"
    )
    uploaded = client.post(
        f"{BASE}/evidence/{evidence_id}/attachments/", {"file": upload}, format="multipart"
    )
    assert uploaded.status_code == 201, uploaded.json()
    shown = client.get(f"{BASE}/evidence/{evidence_id}/").json()
    assert shown["collected_by"] == users.officer.pk
    assert [a["name"] for a in shown["attachments"]] == ["现场笔录.txt"]


def test_a_rectification_order_files_a_case_in_one_step(api, users, enf, regions):
    client = api(users.officer)
    order = client.post(
        f"{BASE}/rectification-orders/",
        {
            "body": enf.body.pk,
            "region": regions.village_a.pk,
            "party": enf.company.pk,
            "issued_on": "2021-08-02",
            "deadline": "2021-08-16",
            "requirement": "停止采砂，恢复河道原状",
        },
        format="json",
    )
    assert order.status_code == 201, order.json()
    order_id = order.json()["id"]
    checked = client.post(
        f"{BASE}/rectification-orders/{order_id}/steps/record_overdue/",
        {"checked_on": "2021-08-17", "check_note": "仍在河道采砂"},
        format="json",
    )
    assert checked.status_code == 200, checked.json()
    assert checked.json()["record"]["result"] == "overdue"
    filed = client.post(
        f"{BASE}/rectification-orders/{order_id}/file-case/",
        {"power": enf.power.pk, "officers": [enf.wang.pk, enf.zhao.pk], "filed_on": "2021-08-18"},
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    assert filed.json()["state"] == "filed" and filed.json()["source_reference"] == order.json()["number"]


def test_campaign_actions_are_counted_by_kind(api, users, regions):
    client = api(users.officer)
    campaign = client.post(
        f"{BASE}/campaigns/",
        {
            "name": "2021年打击非法采砂专项整治",
            "kind": "sand_mining",
            "region": regions.town.pk,
            "starts_on": "2021-03-01",
        },
        format="json",
    )
    assert campaign.status_code == 201, campaign.json()
    action = client.post(
        f"{BASE}/campaign-actions/",
        {
            "campaign": campaign.json()["id"],
            "acted_on": "2021-04-12",
            "places": "歇马村涓水河段",
            "participating_units": "自然资源所",
            "joint": True,
            "people_count": 12,
            "demolished_area_m2": "1000.50",
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    assert action.json()["region"] == regions.town.pk
    assert (
        client.get(f"{BASE}/campaigns/{campaign.json()['id']}/").json()["actions"][0]["demolished_area_m2"]
        == "1000.50"
    )
    assert dt.date.fromisoformat(action.json()["acted_on"]).year == 2021
