"""One record timeline (fazhi.core.timeline) on the pages that show a record's history: the case
page (its steps on their real days, the deadlines each step changed, its parts and party, a
person's name masked for a reader without the personal-information permission) and the account
page (its memberships' changes)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fazhi.core.models import Membership
from fazhi.enforcement.testing import THROUGH_NOTICE


def _timeline(response) -> str:
    """The text of the page's timeline card (tags stripped)."""
    return _timeline_text(response.content.decode())


def _timeline_text(html: str) -> str:
    found = re.search(r'<section class="card" id="timeline">(.*?)</section>', html, re.S)
    assert found, "the page has no timeline"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


@pytest.fixture
def notified(make_case, walk):
    """A case filed on 2021-09-06 (its decision deadline started), investigated and notified."""
    return walk(make_case(), *THROUGH_NOTICE)


def test_the_case_page_shows_the_filing_on_its_day_with_the_deadline_it_started(notified, users, login):
    # when the officer opens the case
    response = login(users.officer).get(reverse("enforcement:case_detail", args=[notified.pk]))
    # then the filing is there on the day it was filed, with the deadline it started
    text = _timeline(response)
    assert "2021-09-06 立案" in text
    assert "开始计算期限：作出行政处罚决定，2021-12-05届满" in text
    # and the changes the step made, by their names, not their values
    assert "案号" in text and "立案日期" in text
    # and the later steps on theirs
    assert "2021-09-10 事先告知" in text


def test_the_case_page_shows_its_officers_and_its_party_with_the_party_in_full_for_the_officer(
    notified, users, login
):
    # when the officer (who may see personal information) opens the case
    text = _timeline(login(users.officer).get(reverse("enforcement:case_detail", args=[notified.pk])))
    # then the case's officers and its party are part of its history, the party named in full
    assert "登记办案人员" in text and "王强" in text
    assert "登记当事人 张三丰" in text


def test_the_case_page_masks_the_party_for_a_reader_without_the_pii_permission(notified, users, login):
    # when the county supervisor (no personal-information permission) opens the case
    response = login(users.county).get(reverse("enforcement:case_detail", args=[notified.pk]))
    # then the timeline names the party masked, and the full name is nowhere on the page
    assert response.status_code == 200
    text = _timeline(response)
    assert "登记当事人 张某某" in text
    assert "张三丰" not in response.content.decode()
    # while the steps and their deadlines are there as for anyone who reads the case
    assert "2021-09-06 立案" in text and "作出行政处罚决定" in text


def test_a_step_taken_on_the_page_shows_under_its_actor_with_its_operation(notified, users, login):
    # given the officer records the party's waiver through the step's form
    client = login(users.officer)
    response = client.post(
        reverse("enforcement:case_step", args=[notified.pk, "record_statement"]),
        {"record_statement-statement_waived": "on", "record_statement-statement_on": "2021-09-13"},
    )
    assert response.status_code == 302
    # when the case page is opened
    html = client.get(reverse("enforcement:case_detail", args=[notified.pk])).content.decode()
    # then the step is in the timeline on its day, by the officer, with its operation id
    text = _timeline_text(html)
    assert "2021-09-13 记录陈述申辩 王强" in text
    assert re.search(r'<span class="operation" title="操作批次">[0-9a-f]{8}</span>', html)


def test_the_account_page_shows_a_membership_given_and_removed(users, regions, login):
    # given the administrator makes the grid worker of grid A worker of grid B too, then takes it back
    client = login(users.sysadmin)
    account = users.grid_a
    added = client.post(
        reverse("core:membership_add", args=[account.pk]),
        {"role": "grid_worker", "region": regions.grid_b.pk},
    )
    assert added.status_code == 302
    membership = Membership.objects.get(user=account, region=regions.grid_b)
    removed = client.post(reverse("core:membership_remove", args=[account.pk, membership.pk]))
    assert removed.status_code == 302
    # when the account's page is opened
    text = _timeline(client.get(reverse("core:user_detail", args=[account.pk])))
    # then its change record shows the membership given and removed, newest first, by the administrator
    assert "删除任职" in text and "登记任职" in text
    assert text.index("删除任职") < text.index("登记任职")
    assert "歇马村第2网格" in text and "sysadmin" in text
