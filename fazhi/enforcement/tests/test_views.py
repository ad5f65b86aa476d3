"""The enforcement pages: scoping, permissions, the case list's filters and export, filing,
evidence from a phone, steps and their refusals, documents, rectification orders, campaigns,
publicity and the home-page sections."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Attachment, Deadline, LedgerEntry
from fazhi.enforcement.models import (
    Campaign,
    CampaignAction,
    Case,
    CaseState,
    Evidence,
    Party,
    RectificationOrder,
)
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE, TO_ARCHIVE, _credit_code, _id_number

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"


def _today():
    return timezone.localdate()


def _filing_data(enf, regions, officers, **extra):
    today = _today()
    data = {
        "body": enf.body.pk,
        "cause": "湘潭某某砂石有限公司非法采砂案",
        "source": "patrol",
        "procedure": "general",
        "party_kind": "organization",
        "party_name": "湘潭某某砂石有限公司",
        "party_credit_code": _credit_code("91430321MA4L0ABCD"),
        "power": enf.power.pk,
        "region": regions.grid_a.pk,
        "place": "涓水河歇马段",
        "act_date": (today - dt.timedelta(days=3)).isoformat(),
        "officers": [o.pk for o in officers],
        "filed_on": today.isoformat(),
    }
    data.update(extra)
    return data


# --- scoping and permissions ---------------------------------------------------------------------


def test_it_shows_another_towns_officer_none_of_the_cases_and_404_on_a_case(login, users, make_case, walk):
    # given a filed case of 石鼓镇
    case = walk(make_case(), "file")
    # when an officer of 易俗河镇 opens the list and the case
    client = login(users.other_officer)
    listing = client.get(reverse("enforcement:case_list"))
    page = client.get(reverse("enforcement:case_detail", args=[case.pk]))
    document = client.get(reverse("enforcement:case_document", args=[case.pk, "filing"]))
    # then they see none of it
    assert listing.status_code == 200
    assert case.number not in listing.content.decode()
    assert page.status_code == 404
    assert document.status_code == 404
    # while the town's own officer sees it
    own = login(users.officer).get(reverse("enforcement:case_list"))
    assert case.number in own.content.decode()


def test_it_refuses_another_towns_officer_a_step_on_the_case(login, users, make_case, walk):
    # given a filed case of 石鼓镇
    case = walk(make_case(), "file")
    # when an officer of another town posts a step to it
    response = login(users.other_officer).post(
        reverse("enforcement:case_step", args=[case.pk, "investigate"])
    )
    # then it does not exist for them, and nothing changed
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == CaseState.FILED


@pytest.mark.parametrize(
    "who", ["grid_a", "governance", "petition", "cadre", "auditor", "sysadmin", "nobody"]
)
@pytest.mark.parametrize(
    "url_name",
    [
        "enforcement:case_list",
        "enforcement:case_export",
        "enforcement:officer_list",
        "enforcement:power_list",
        "enforcement:body_list",
        "enforcement:order_list",
        "enforcement:campaign_list",
        "enforcement:publicity",
    ],
)
def test_it_refuses_roles_without_case_view(login, users, who, url_name):
    # given a user whose roles do not include reading enforcement cases
    client = login(getattr(users, who))
    # when they open an enforcement page
    response = client.get(reverse(url_name))
    # then they are refused
    assert response.status_code == 403


def test_it_refuses_filing_to_roles_that_only_read(login, users, enf):
    # given the county supervisor, who reads cases but does not handle them
    client = login(users.county)
    # when they open the filing form
    response = client.get(reverse("enforcement:case_create"))
    # then they are refused
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, regions):
    response = client.get(reverse("enforcement:case_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the list -----------------------------------------------------------------------------------


def test_it_filters_the_case_list(login, users, enf, regions, make_case, walk):
    # given three cases: one archived in 歇马村 by 王强 and 赵敏, one filed in 古塘村 by 王强 and
    # 李军 under another power, and one notified case whose statement period is over
    archived = walk(make_case(cause="歇马村采砂案"), *TO_ARCHIVE)
    gutang = walk(
        make_case(
            cause="古塘村建房案", region=regions.grid_c, power=enf.catalogued, officers=[enf.wang, enf.li]
        ),
        "file",
    )
    notified = walk(make_case(cause="歇马村第二起采砂案"), *THROUGH_NOTICE)
    client = login(users.officer)

    def shown(**params):
        body = client.get(reverse("enforcement:case_list"), params).content.decode()
        return {c.cause for c in (archived, gutang, notified) if c.cause in body}

    # when filtering, then each filter narrows the list
    assert shown() == {"歇马村采砂案", "古塘村建房案", "歇马村第二起采砂案"}
    assert shown(state="archived") == {"歇马村采砂案"}
    assert shown(state="open") == {"古塘村建房案", "歇马村第二起采砂案"}
    assert shown(power=enf.catalogued.pk) == {"古塘村建房案"}
    assert shown(village=regions.village_b.pk) == {"古塘村建房案"}
    assert shown(officer=enf.li.pk) == {"古塘村建房案"}
    assert shown(filed_year=2021) == {"歇马村采砂案", "古塘村建房案", "歇马村第二起采砂案"}
    assert shown(closed_year=2021) == {"歇马村采砂案"}
    assert shown(filed_year=2020) == set()
    # the two 2021 cases still open have long passed their 90-day decision period, and the
    # archived one was never published (7 working days, 国办发〔2018〕118号)
    assert shown(overdue="1") == {"歇马村采砂案", "古塘村建房案", "歇马村第二起采砂案"}
    walk(archived, "publish")
    assert shown(overdue="1") == {"古塘村建房案", "歇马村第二起采砂案"}


def test_it_shows_a_bad_filter_as_no_result_not_an_error(login, users, make_case, walk):
    walk(make_case(), "file")
    response = login(users.officer).get(reverse("enforcement:case_list"), {"filed_year": "abc"})
    assert response.status_code == 200
    assert "没有符合筛选条件的记录" in response.content.decode()


def test_it_exports_the_filtered_case_list_to_excel_and_ledgers_it(
    login, users, enf, regions, make_case, walk
):
    from openpyxl import load_workbook

    # given two cases in two villages
    walk(make_case(cause="歇马村采砂案"), "file")
    walk(make_case(cause="古塘村采砂案", region=regions.grid_c), "file")
    # when the officer exports the list filtered to 古塘村
    response = login(users.officer).get(reverse("enforcement:case_export"), {"village": regions.village_b.pk})
    # then the workbook holds that one case, and the export is in the ledger
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("案号", "案由", "当事人")
    assert [r[1] for r in rows[1:]] == ["古塘村采砂案"]
    assert LedgerEntry.objects.filter(action="export", object_type="enforcement.case").exists()


def test_it_masks_the_party_for_roles_without_personal_information(login, users, make_case, walk):
    # given a case against the citizen 张三丰
    case = walk(make_case(), "file")
    # when the county supervisor (reads cases, no VIEW_PII) and the officer open it
    supervisor = login(users.county).get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    officer = login(users.officer).get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    # then the supervisor sees 张某某 and a masked identity number; the officer the name and a
    # button to show the full number (each view ledgered)
    assert "张某某" in supervisor and "张三丰" not in supervisor
    assert case.party.id_number not in supervisor
    assert "张三丰" in officer
    assert case.party.id_number not in officer
    assert "显示完整号码" in officer
    assert "显示完整号码" not in supervisor


# --- filing -------------------------------------------------------------------------------------


def test_it_files_a_case_with_two_certified_officers(login, users, enf, regions):
    # given the officer on the filing form
    client = login(users.officer)
    # when they file against a company with a checked credit code and two certified officers
    response = client.post(
        reverse("enforcement:case_create"), _filing_data(enf, regions, [enf.wang, enf.zhao])
    )
    # then the case is filed with its number, its officers and its 90-day decision deadline
    case = Case.objects.get(cause="湘潭某某砂石有限公司非法采砂案")
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement:case_detail", args=[case.pk])
    assert case.state == CaseState.FILED
    assert case.number == f"石鼓执罚〔{_today().year}〕1号"
    assert case.party == enf.company  # the party on record is reused, not duplicated
    assert set(case.active_officers()) == {enf.wang, enf.zhao}
    assert Deadline.objects.filter(
        object_id=str(case.pk), code="enforcement.decision", status="open"
    ).exists()


def test_it_refuses_an_officer_with_an_expired_certificate_citing_article_42(login, users, enf, regions):
    # given the filing form
    client = login(users.officer)
    # when the officer puts 刘过期 (certificate expired 2021-06-30) on the case
    response = client.post(
        reverse("enforcement:case_create"), _filing_data(enf, regions, [enf.wang, enf.expired])
    )
    # then the form is refused, citing the article, naming the officer, and nothing is created
    body = response.content.decode()
    assert response.status_code == 400
    assert "行政处罚法第四十二条" in body
    assert "刘过期" in body
    assert not Case.objects.exists()


def test_it_refuses_a_single_officer(login, users, enf, regions):
    response = login(users.officer).post(
        reverse("enforcement:case_create"), _filing_data(enf, regions, [enf.wang])
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "执法人员不得少于两人" in body
    assert not Case.objects.exists()


def test_it_names_the_field_of_a_wrong_identity_number(login, users, enf, regions):
    # given a citizen party whose identity number has a wrong check digit
    bad = _id_number("43032119800101123")[:-1] + ("0" if _id_number("43032119800101123")[-1] != "0" else "1")
    data = _filing_data(
        enf, regions, [enf.wang, enf.zhao], party_kind="citizen", party_name="李四", party_id_number=bad
    )
    # when filing
    response = login(users.officer).post(reverse("enforcement:case_create"), data)
    # then the error names the field, and nothing is created
    body = response.content.decode()
    assert response.status_code == 400
    assert "身份证号码" in body and "校验位不正确" in body
    assert not Case.objects.exists()
    assert not Party.objects.filter(name="李四").exists()


def test_it_refuses_an_act_beyond_the_limitation_period_citing_article_36(login, users, enf, regions):
    data = _filing_data(
        enf, regions, [enf.wang, enf.zhao], act_date=(_today() - dt.timedelta(days=3 * 365)).isoformat()
    )
    response = login(users.officer).post(reverse("enforcement:case_create"), data)
    assert response.status_code == 400
    assert "行政处罚法第三十六条" in response.content.decode()
    assert not Case.objects.exists()


# --- the case page and its steps -----------------------------------------------------------------


def test_it_shows_the_procedure_as_a_timeline_with_deadlines(login, users, make_case, walk):
    # given a notified case
    case = walk(make_case(), *THROUGH_NOTICE)
    # when the officer opens it
    body = login(users.officer).get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    # then the timeline shows each step with its day, and the open deadline with its rule
    for label, day in [("立案", "2021-09-06"), ("开始调查取证", ""), ("事先告知", "2021-09-10")]:
        assert label in body
        assert day in body
    assert "行政处罚法第六十条" in body  # the decision deadline


def test_it_shows_a_refused_step_with_its_reason(login, users, make_case, walk, step):
    # given a case notified on 2021-09-10, today
    case = walk(make_case(), "file", "investigate")
    case = step(case, "notify", notified_on=_today().isoformat())
    client = login(users.leader)
    # when the leader opens it before the party's statement period has passed
    body = client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    # then "decide" is refused on the page, citing the article
    assert "作出行政处罚决定" in body
    assert "行政处罚法第四十五条" in body
    # and posting it anyway is refused with the reason, changing nothing
    response = client.post(
        reverse("enforcement:case_step", args=[case.pk, "decide"]),
        {"decide-decided_penalties": ["fine"], "decide-decided_fine": "500"},
    )
    assert response.status_code == 409
    assert "行政处罚法第四十五条" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED


def test_it_fires_a_step_from_its_form(login, users, make_case, walk):
    # given a notified case whose statement period has passed
    case = walk(make_case(), *THROUGH_NOTICE)
    # when the officer records the party's waiver from the case page's form
    response = login(users.officer).post(
        reverse("enforcement:case_step", args=[case.pk, "record_statement"]),
        {"record_statement-statement_waived": "on", "record_statement-statement_on": "2021-09-13"},
    )
    # then the step is done and the case page says so
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.STATEMENT and case.statement_waived


def test_it_names_the_field_of_bad_step_input(login, users, make_case, walk):
    case = walk(make_case(), *THROUGH_NOTICE)
    response = login(users.officer).post(
        reverse("enforcement:case_step", args=[case.pk, "record_statement"]),
        {"record_statement-statement_on": "2021-13-45"},
    )
    assert response.status_code == 400
    assert "陈述申辩日期" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED


def test_it_refuses_a_reviewer_who_investigated_the_case(login, users, enf, make_case, walk):
    # given a catalogued case on which the reviewer 陈静 was an officer, sent to review
    case = walk(
        make_case(power=enf.catalogued, officers=[enf.wang, enf.reviewer_as_officer]), "file", "investigate"
    )
    walk(case, "submit_for_review")
    # when the reviewer opens it
    body = login(users.reviewer).get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    # then approving is refused with the reason
    assert "法制审核人员不得是本案的执法（调查）人员" in body


def test_it_adds_an_officer_and_shows_the_refusal_of_an_expired_one(login, users, enf, make_case, walk):
    case = walk(make_case(), "file")
    client = login(users.officer)
    refused = client.post(
        reverse("enforcement:case_officer_add", args=[case.pk]), {"officer": enf.expired.pk}, follow=True
    )
    assert "行政处罚法第四十二条" in refused.content.decode()
    assert enf.expired not in case.active_officers()
    client.post(reverse("enforcement:case_officer_add", args=[case.pk]), {"officer": enf.li.pk})
    assert enf.li in case.active_officers()


def test_it_records_an_officers_withdrawal(login, users, enf, make_case, walk):
    case = walk(make_case(officers=[enf.wang, enf.zhao, enf.li]), "file")
    login(users.officer).post(
        reverse("enforcement:case_officer_withdraw", args=[case.pk, enf.li.pk]), {"reason": "与当事人系亲属"}
    )
    assert enf.li not in case.active_officers()
    assert LedgerEntry.objects.filter(action="enforcement.withdraw_officer", object_id=str(case.pk)).exists()


# --- evidence -----------------------------------------------------------------------------------


def test_it_uploads_evidence_from_a_phone(login, users, make_case, walk):
    # given a case under investigation
    case = walk(make_case(), "file", "investigate")
    client = login(users.officer)
    # the form asks the phone for its camera, recorder or gallery, several files at once
    form = client.get(reverse("enforcement:evidence_create", args=[case.pk])).content.decode()
    assert 'accept="image/*,video/*,audio/*"' in form
    assert 'capture="environment"' in form
    assert "multiple" in form
    # when two photos are uploaded with kind, description, place and time
    response = client.post(
        reverse("enforcement:evidence_create", args=[case.pk]),
        {
            "kind": "audiovisual",
            "description": "现场采砂船照片",
            "place": "涓水河歇马段",
            "collected_at": "2021-09-07T10:30",
            "files": [SimpleUploadedFile("1.jpg", JPEG), SimpleUploadedFile("2.jpg", JPEG + b"x")],
        },
    )
    # then the evidence is recorded with both files, and shows on the case page
    assert response.status_code == 302
    evidence = Evidence.objects.get(case=case)
    assert evidence.collected_by == users.officer
    assert Attachment.objects.filter(owner_id=str(evidence.pk)).count() == 2
    page = client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert "现场采砂船照片" in page and "1.jpg" in page


def test_it_refuses_a_program_disguised_as_a_photo(login, users, make_case, walk):
    case = walk(make_case(), "file", "investigate")
    response = login(users.officer).post(
        reverse("enforcement:evidence_create", args=[case.pk]),
        {
            "kind": "audiovisual",
            "description": "照片",
            "collected_at": "2021-09-07T10:30",
            "files": [SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100)],
        },
    )
    assert response.status_code == 400
    assert "photo.jpg" in response.content.decode()
    assert not Evidence.objects.exists()


# --- documents ----------------------------------------------------------------------------------


def test_it_downloads_the_decision_as_a_docx(login, users, make_case, walk):
    from docx import Document

    # given a decided case
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    # when the officer downloads its decision
    response = login(users.officer).get(reverse("enforcement:case_document", args=[case.pk, "decision"]))
    # then it is a Word document carrying the case number, and the download is ledgered
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "行政处罚决定书" in text
    assert case.number in text
    assert LedgerEntry.objects.filter(action="document.export", object_id=str(case.pk)).exists()


# --- rectification orders -----------------------------------------------------------------------


def _order_data(enf, regions, **extra):
    today = _today()
    data = {
        "body": enf.body.pk,
        "party_kind": "citizen",
        "party_name": "张三丰",
        "party_id_number": enf.citizen.id_number,
        "region": regions.grid_a.pk,
        "issued_on": (today - dt.timedelta(days=20)).isoformat(),
        "deadline": (today - dt.timedelta(days=5)).isoformat(),
        "requirement": "拆除在河道管理范围内搭建的砂石堆场",
    }
    data.update(extra)
    return data


def test_it_issues_an_order_and_files_a_case_when_it_is_not_complied_with(login, users, enf, regions):
    client = login(users.officer)
    # given an order issued twenty days ago, due five days ago
    response = client.post(reverse("enforcement:order_create"), _order_data(enf, regions))
    order = RectificationOrder.objects.get()
    assert response.status_code == 302
    assert order.number == f"{enf.body.order_prefix_or_default}〔{order.year}〕1号"
    assert order.party == enf.citizen
    # when the officer files a case from it in one step (逾期未改 → 立案)
    response = client.post(
        reverse("enforcement:order_file_case", args=[order.pk]),
        {"file-power": enf.power.pk, "file-officers": [enf.wang.pk, enf.zhao.pk]},
    )
    # then the order is checked as overdue and the case filed, from the order
    order.refresh_from_db()
    assert response.status_code == 302
    assert order.result == RectificationOrder.Result.OVERDUE
    assert order.case is not None and order.case.state == CaseState.FILED
    assert order.case.source_reference == order.number


def test_it_refuses_filing_from_an_order_with_an_expired_officer_and_changes_nothing(
    login, users, enf, regions
):
    client = login(users.officer)
    client.post(reverse("enforcement:order_create"), _order_data(enf, regions))
    order = RectificationOrder.objects.get()
    response = client.post(
        reverse("enforcement:order_file_case", args=[order.pk]),
        {"file-power": enf.power.pk, "file-officers": [enf.wang.pk, enf.expired.pk]},
    )
    order.refresh_from_db()
    assert response.status_code == 409
    assert "行政处罚法第四十二条" in response.content.decode()
    assert order.case is None and order.result == RectificationOrder.Result.PENDING
    assert not Case.objects.exists()


def test_it_records_a_completed_rectification(login, users, enf, regions):
    client = login(users.officer)
    client.post(reverse("enforcement:order_create"), _order_data(enf, regions))
    order = RectificationOrder.objects.get()
    client.post(
        reverse("enforcement:order_step", args=[order.pk, "record_rectified"]),
        {"record_rectified-checked_on": _today().isoformat(), "record_rectified-check_note": "已拆除"},
    )
    order.refresh_from_db()
    assert order.result == RectificationOrder.Result.COMPLETED
    assert not Deadline.objects.filter(
        object_id=str(order.pk), code=order.DEADLINE_CODE, status="open"
    ).exists()


def test_it_names_the_field_of_an_order_due_before_it_was_issued(login, users, enf, regions):
    data = _order_data(enf, regions, deadline=(_today() - dt.timedelta(days=30)).isoformat())
    response = login(users.officer).post(reverse("enforcement:order_create"), data)
    assert response.status_code == 400
    assert "整改期限不能早于下达日期" in response.content.decode()
    assert not RectificationOrder.objects.exists()


# --- campaigns ----------------------------------------------------------------------------------


def test_it_counts_the_figures_of_a_campaign(login, users, enf, regions):
    # given a sand-mining campaign with two actions
    campaign = Campaign.objects.create(
        region=regions.town,
        body=enf.body,
        name="打击非法采砂专项整治",
        kind="sand_mining",
        starts_on=dt.date(2021, 3, 1),
    )
    client = login(users.officer)
    for day, materials in [("2021-03-05", 300), ("2021-04-09", 450)]:
        client.post(
            reverse("enforcement:campaign_detail", args=[campaign.pk]),
            {
                "acted_on": day,
                "places": "涓水河",
                "people_count": 6,
                "materials_handed_out": materials,
                "demolished_count": 0,
                "demolished_area_m2": "0",
                "straw_burning_stops": 0,
            },
        )
    # when the campaign list is opened
    body = client.get(reverse("enforcement:campaign_list"), {"year": 2021}).content.decode()
    # then the figures come from the actions
    assert CampaignAction.objects.filter(campaign=campaign).count() == 2
    assert "750" in body and "打击非法采砂专项整治" in body


# --- publicity ----------------------------------------------------------------------------------


def test_it_lists_decisions_due_and_overdue_for_publication_with_the_party_masked(
    login, users, make_case, walk
):
    # given a 2021 decision never published (its 7-working-day period long over)
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    # when the officer opens the publicity page
    body = login(users.officer).get(reverse("enforcement:publicity")).content.decode()
    # then it is listed as overdue, the party masked, and the officers with certificates are listed
    assert "逾期未公示" in body
    assert case.number in body
    assert "张某某" in body and "张三丰" not in body
    assert "43030000001" in body  # 王强's certificate number (事前公开)
    assert "43030000004" not in body  # the expired one is not published


# --- registers ----------------------------------------------------------------------------------


def test_it_flags_expired_and_expiring_certificates(login, users, enf):
    from fazhi.enforcement.models import Officer
    from fazhi.enforcement.tests.conftest import certify

    soon = Officer.objects.create(body=enf.body, name="周将到期")
    certify(soon, "43030000099", valid_until=_today() + dt.timedelta(days=10))
    body = login(users.officer).get(reverse("enforcement:officer_list")).content.decode()
    assert "10天后到期" in body
    assert "已过期（2021-06-30）" in body
    expiring = login(users.officer).get(reverse("enforcement:officer_list"), {"certificate": "expiring"})
    assert "周将到期" in expiring.content.decode() and "刘过期" not in expiring.content.decode()


def test_it_lists_powers_with_discretion_levels_and_the_review_catalogue(login, users, enf):
    body = login(users.reviewer).get(reverse("enforcement:power_list")).content.decode()
    assert "非法采砂" in body and "较重" in body and "10000.00元至30000.00元" in body
    assert "目录内，须法制审核" in body  # 非法占用土地建房


def test_it_adds_a_discretion_level_and_names_the_field_of_a_bad_range(login, users, enf):
    client = login(users.officer)
    response = client.post(
        reverse("enforcement:power_detail", args=[enf.catalogued.pk]),
        {"level": "general", "fine_min": "5000", "fine_max": "1000"},
    )
    assert response.status_code == 400
    assert "罚款上限不能低于下限" in response.content.decode()
    client.post(
        reverse("enforcement:power_detail", args=[enf.catalogued.pk]),
        {"level": "general", "fine_min": "1000", "fine_max": "5000"},
    )
    assert enf.catalogued.levels.get().fine_max == Decimal("5000")


def test_it_lists_bodies_in_scope_only(login, users, enf):
    body = login(users.officer).get(reverse("enforcement:body_list")).content.decode()
    assert "湘潭县石鼓镇人民政府" in body and "易俗河镇" not in body


# --- home page ----------------------------------------------------------------------------------


def test_it_shows_the_officer_their_open_cases_and_certificate_warnings(login, users, enf, make_case, walk):
    from fazhi.enforcement.models import Certificate

    # given an open case of 王强's, an archived one, and 王强's certificate expiring in 12 days
    open_case = walk(make_case(cause="在办采砂案"), "file")
    walk(make_case(cause="已归档采砂案"), *TO_ARCHIVE, "publish")
    Certificate.objects.filter(officer=enf.wang).update(valid_until=_today() + dt.timedelta(days=12))
    # when 王强 opens the home page
    body = login(users.officer).get(reverse("home")).content.decode()
    # then it lists the open case with its next deadline and warns of his and 刘过期's certificates
    assert "我的在办案件" in body
    assert "在办采砂案" in body and "已归档采砂案" not in body
    assert reverse("enforcement:case_detail", args=[open_case.pk]) in body
    assert "执法证到期提醒" in body
    assert "王强（本人）" in body and "12天后到期" in body
    assert "刘过期" in body


def test_it_shows_the_reviewer_the_cases_waiting_for_review(login, users, enf, make_case, walk):
    case = walk(
        make_case(power=enf.catalogued, cause="非法占地建房案"), "file", "investigate", "submit_for_review"
    )
    body = login(users.reviewer).get(reverse("home")).content.decode()
    assert "待法制审核的案件" in body
    assert case.number in body


def test_it_shows_the_leader_decisions_overdue_items_and_figures_that_open_their_cases(
    login, users, make_case, walk
):
    # given a 2021 case awaiting decision (its decision period long over) and an archived one
    waiting = walk(make_case(cause="待决定采砂案"), *THROUGH_NOTICE, "record_statement")
    walk(make_case(cause="已归档采砂案"), *TO_ARCHIVE)
    # when the leader opens the home page
    client = login(users.leader)
    body = client.get(reverse("home")).content.decode()
    # then the case awaiting decision, the overdue deadlines and the figures by year show
    assert "待决定的案件" in body and waiting.number in body
    assert "全镇执法逾期事项" in body and "行政处罚法第六十条" in body
    assert "执法概况" in body and "去年" in body
    assert "2021年：立案 2 件" in body
    # and "立案 2 件" opens those two cases
    url = reverse("enforcement:case_list") + "?filed_year=2021"
    assert url in body
    listed = client.get(url).content.decode()
    assert "待决定采砂案" in listed and "已归档采砂案" in listed


def test_it_shows_no_enforcement_sections_to_other_roles(login, users, make_case, walk):
    walk(make_case(), "file")
    body = login(users.governance).get(reverse("home")).content.decode()
    assert "我的在办案件" not in body and "待决定的案件" not in body and "执法证到期提醒" not in body


# --- registers' forms and exports ----------------------------------------------------------------


def test_it_registers_an_officer_and_a_certificate_naming_the_field_of_bad_dates(login, users, enf):
    from fazhi.enforcement.models import Officer

    client = login(users.officer)
    response = client.post(
        reverse("enforcement:officer_create"), {"name": "孙新", "body": enf.body.pk, "active": "on"}
    )
    officer = Officer.objects.get(name="孙新")
    assert response.status_code == 302
    bad = client.post(
        reverse("enforcement:officer_detail", args=[officer.pk]),
        {
            "number": "43030000077",
            "issuing_authority": "湘潭县人民政府",
            "valid_from": "2026-01-01",
            "valid_until": "2025-01-01",
            "status": "valid",
        },
    )
    assert bad.status_code == 400
    assert "有效期至不能早于有效期起" in bad.content.decode()
    assert not officer.certificates.exists()


def test_it_refuses_the_reviewer_to_edit_the_registers(login, users, enf):
    client = login(users.reviewer)
    assert client.get(reverse("enforcement:officer_create")).status_code == 403
    assert client.get(reverse("enforcement:power_create")).status_code == 403
    assert client.get(reverse("enforcement:body_create")).status_code == 403
    assert client.get(reverse("enforcement:campaign_create")).status_code == 403


def test_it_creates_a_campaign_and_refuses_an_action_before_it_started(login, users, enf, regions):
    client = login(users.officer)
    client.post(
        reverse("enforcement:campaign_create"),
        {
            "name": "秸秆禁烧专项行动",
            "kind": "straw_burning",
            "body": enf.body.pk,
            "region": regions.town.pk,
            "starts_on": "2021-09-20",
            "ends_on": "2021-12-10",
        },
    )
    campaign = Campaign.objects.get()
    response = client.post(
        reverse("enforcement:campaign_detail", args=[campaign.pk]),
        {
            "acted_on": "2021-09-01",
            "places": "歇马村",
            "people_count": 4,
            "demolished_count": 0,
            "demolished_area_m2": "0",
            "straw_burning_stops": 2,
            "materials_handed_out": 100,
        },
    )
    assert response.status_code == 400
    assert "行动日期不能早于专项整治开始日期" in response.content.decode()
    assert not CampaignAction.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["enforcement:officer_export", "enforcement:action_export", "enforcement:order_export"]
)
def test_it_exports_the_registers_to_excel(login, users, enf, url_name):
    from openpyxl import load_workbook

    response = login(users.leader).get(reverse(url_name))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row >= 1
    assert LedgerEntry.objects.filter(action="export").exists()


def test_it_shows_a_steps_page_with_the_reason_it_is_refused(login, users, make_case, walk):
    case = walk(make_case(), "file")
    response = login(users.officer).get(reverse("enforcement:case_step", args=[case.pk, "decide"]))
    assert response.status_code == 200
    assert "不能执行此步骤" in response.content.decode()
