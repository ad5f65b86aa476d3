"""The auditor's page: verify the ledger, find who viewed a full identity number, export it."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core import ledger, pii
from fazhi.core.models import LedgerEntry
from fazhi.core.tests.forgery import behind_the_applications_back
from fazhi.core.views.audit import PAGE_SIZE
from fazhi.testing.sample.models import Person

ID_NUMBER = "430321199001011238"


@pytest.fixture
def person(regions):
    return Person.objects.create(
        region=regions.grid_a, name="张三丰", id_number=ID_NUMBER, mobile="13812345678"
    )


@pytest.fixture
def viewed(person, users):
    """The officer and the town leader each looked at the full identity number once."""
    pii.reveal(users.officer, person, "id_number")
    pii.reveal(users.leader, person, "id_number")
    return person


def test_it_is_refused_to_everyone_but_the_auditor(users, login, client):
    for url in (reverse("core:audit"), reverse("core:audit_export")):
        for user in (users.officer, users.leader, users.sysadmin, users.secadmin, users.county):
            assert login(user).get(url).status_code == 403
    assert login(users.officer).post(reverse("core:audit_verify")).status_code == 403
    client.logout()
    assert client.get(reverse("core:audit")).status_code == 302  # to the sign-in page


def test_it_shows_the_auditor_who_viewed_a_full_identity_number(viewed, users, login):
    # when the auditor searches for full views of personal information this month
    today = timezone.localdate()
    response = login(users.auditor).get(
        reverse("core:audit"), {"action": "pii.view", "since": (today - dt.timedelta(days=30)).isoformat()}
    )
    # then both views are listed with who and whose record, and nothing else
    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [r["entry"].actor_name for r in rows] == ["leader", "officer"]
    html = response.content.decode()
    assert "查看完整个人信息" in html and "王强（officer）" in html and "徐镇长（leader）" in html
    assert "查看字段：身份证号码" in html
    # the person is named masked, and the number itself appears nowhere
    assert "张某某" in html and "张三丰" not in html and ID_NUMBER not in html


def test_it_finds_views_of_identity_numbers_apart_from_other_personal_information(viewed, users, login):
    # given the officer also looked at the mobile number
    pii.reveal(users.officer, viewed, "mobile")
    # when the auditor follows the shortcut for full identity numbers of the last 30 days
    page = login(users.auditor).get(reverse("core:audit"))
    shortcut = re.search(r'href="(\?pii_kind=id_number[^"]*)"', page.content.decode()).group(1)
    response = login(users.auditor).get(reverse("core:audit") + shortcut.replace("&amp;", "&"))
    # then only the two views of the identity number are listed
    rows = response.context["object_list"]
    assert [(r["entry"].actor_name, r["entry"].data["field"]) for r in rows] == [
        ("leader", "id_number"),
        ("officer", "id_number"),
    ]


def test_it_finds_nothing_outside_the_date_range(viewed, users, login):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = login(users.auditor).get(reverse("core:audit"), {"action": "pii.view", "until": yesterday})
    assert response.context["object_list"] == []
    assert "没有符合检索条件的台账记录" in response.content.decode()


def test_it_searches_by_actor_and_object_type(viewed, users, login):
    response = login(users.auditor).get(
        reverse("core:audit"), {"actor": "王强", "object_type": "sample.person"}
    )
    assert [r["entry"].action for r in response.context["object_list"]] == ["pii.view"]


def test_it_masks_personal_information_in_what_the_ledger_recorded(person, users, login):
    # the creation of the record carries its values; the auditor reads them masked
    response = login(users.auditor).get(
        reverse("core:audit"), {"object_type": "sample.person", "action": "create"}
    )
    html = response.content.decode()
    assert "4303**********1238" in html and "138****5678" in html
    assert ID_NUMBER not in html and "13812345678" not in html


def test_it_reports_an_invalid_date_against_its_field(users, login):
    response = login(users.auditor).get(reverse("core:audit"), {"since": "2021-02-30"})
    assert response.status_code == 200
    assert response.context["object_list"] == []
    assert "起始日期" in response.content.decode() and "error-summary" in response.content.decode()


def test_it_verifies_the_ledger_from_the_page(viewed, users, login):
    client = login(users.auditor)
    # when the auditor presses 立即校验
    response = client.post(reverse("core:audit_verify"), follow=True)
    # then the result is shown, and the verification itself is in the ledger
    html = response.content.decode()
    assert "台账校验通过" in html
    last = LedgerEntry.objects.order_by("-id").first()
    assert (last.action, last.actor_name, last.data["ok"]) == ("ledger.verify", "auditor", True)
    assert "上次校验" in html


def test_it_names_the_broken_entry_on_the_page(viewed, users, login):
    target = LedgerEntry.objects.filter(action="pii.view").order_by("id").first()
    behind_the_applications_back(
        "UPDATE core_ledgerentry SET actor_name = %s WHERE id = %s", ["x", target.id]
    )
    response = login(users.auditor).post(reverse("core:audit_verify"), follow=True)
    html = response.content.decode()
    assert f"台账校验失败：第 {target.id} 条记录" in html
    assert "未通过" in html


def test_it_exports_the_search_result_to_excel(viewed, users, login):
    # when
    response = login(users.auditor).get(reverse("core:audit_export"), {"action": "pii.view"})
    # then the workbook opens and holds the two views, newest first
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "时间", "操作人", "来源", "动作")
    assert len(rows) == 3
    assert [r[2] for r in rows[1:]] == ["徐镇长（leader）", "王强（officer）"]
    assert {r[4] for r in rows[1:]} == {"查看完整个人信息"}
    assert isinstance(rows[1][1], dt.datetime)
    assert all(ID_NUMBER not in str(cell) for row in rows for cell in row)
    # and the export is itself in the ledger
    last = LedgerEntry.objects.order_by("-id").first()
    assert last.action == "ledger.export" and last.data["rows"] == 2
    assert last.data["filters"] == {"action": "pii.view"}


def test_it_pages_through_a_long_ledger(regions, users, login):
    # given more entries than one page holds
    for n in range(PAGE_SIZE + 5):
        ledger.record("note", regions.town, data={"n": n})
    client = login(users.auditor)
    # when the auditor reads the first page, then follows 下一页
    first = client.get(reverse("core:audit"), {"action": "note"})
    ids = [r["entry"].id for r in first.context["object_list"]]
    second = client.get(reverse("core:audit"), {"action": "note", "after": first.context["keyset"]["next"]})
    more = [r["entry"].id for r in second.context["object_list"]]
    # then the pages follow each other, newest first, without overlap
    assert len(ids) == PAGE_SIZE and len(more) == 5
    assert ids == sorted(ids, reverse=True) and max(more) < min(ids)
    assert "下一页" in first.content.decode()


def test_the_auditor_reads_no_domain_record(person, users):
    assert not Person.objects.visible_to(users.auditor).exists()
    assert pii.reveal(users.auditor, person, "id_number") == "4303**********1238"
