"""The pages a 党政办 user walks: register a request, take its steps, download the reply, read
the year's template; readers without personal-information rights see names masked."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from fazhi.disclosure.models import Request
from fazhi.disclosure.testing import request_data

pytestmark = pytest.mark.django_db


def test_the_office_registers_a_request_by_post_with_the_day_signed_for(client, regions, users):
    client.force_login(users.gov_office)
    url = reverse("disclosure:request_create")
    assert client.get(url).status_code == 200
    # a registered letter without the day it was signed for is refused, citing 第三十一条
    data = request_data(regions.town, channel="registered_mail", submitted_on="2021-09-10")
    response = client.post(url, data)
    assert response.status_code == 400 and "第三十一条" in response.content.decode()
    response = client.post(url, {**data, "received_on": "2021-09-13"})
    assert response.status_code == 302
    req = Request.objects.get()
    assert req.received_on.isoformat() == "2021-09-13" and "签收" in req.received_note
    page = client.get(reverse("disclosure:request_detail", args=[req.pk])).content.decode()
    assert "2021-10-15" in page and "计算说明" in page


def test_from_receipt_to_the_reply_document(client, regions, users, make_request):
    req = make_request(applicant_type="business", applicant_name="湘潭某建材有限公司", representative="王总")
    client.force_login(users.gov_office)
    step = reverse("disclosure:request_step", args=[req.pk, "reply"])
    assert client.get(step).status_code == 200
    response = client.post(
        step,
        {
            "reply-outcome": "3.4",
            "reply-replied_on": "2021-09-30",
            "reply-reply": "经征求意见，第三方不同意公开。",
            "reply-reasons": "所申请信息涉及第三方商业秘密",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.get(reverse("disclosure:request_document", args=[req.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "政府信息不予公开告知书" in text and "第十五条" in text
    assert "六十日内" in text or "60日内" in text
    assert "6个月内" in text and "湘潭某建材有限公司" in text


def test_a_reader_without_pii_rights_sees_the_applicant_masked(client, users, make_request):
    req = make_request()
    client.force_login(users.county)
    page = client.get(reverse("disclosure:request_detail", args=[req.pk])).content.decode()
    assert "李某某" in page and "李红梅" not in page
    listing = client.get(reverse("disclosure:request_list")).content.decode()
    assert "李某某" in listing and "李红梅" not in listing


def test_the_annual_page_and_the_landing_page(client, users, make_request, walker):
    req = make_request()
    walker.step(req, "reply")
    client.force_login(users.gov_office)
    page = client.get(reverse("disclosure:annual"), {"year": 2021})
    assert page.status_code == 200 and "勾稽关系成立" in page.content.decode()
    assert client.get(reverse("disclosure:index")).status_code == 200
    assert client.get(reverse("disclosure:request_export")).status_code == 200
    assert client.get(reverse("disclosure:yearly_list")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_publication_is_due_in_its_items_time_limit_and_late_when_published_after(client, regions, users):
    from fazhi.disclosure.models import CatalogueItem, Publication

    item = CatalogueItem.objects.create(
        region=regions.town,
        domain="政府文件",
        code="1",
        level1="政策文件",
        level2="镇政府文件",
        content="文件全文",
        time_limit_days=3,
        publisher="石鼓镇人民政府",
    )
    client.force_login(users.gov_office)
    response = client.post(
        reverse("disclosure:publication_create"),
        {
            "region": regions.town.pk,
            "kind": "item",
            "item": item.pk,
            "title": "石鼓镇2021年防汛工作方案",
            "made_on": "2021-09-28",
            "time_limit_days": 20,
        },
    )
    assert response.status_code == 302
    pub = Publication.objects.get()
    # 3 working days from 28 September: 29, 30 September and 8 October (国庆 1–7 October)
    assert pub.time_limit_days == 3 and pub.due_on.isoformat() == "2021-10-08"
    page = reverse("disclosure:publication_detail", args=[pub.pk])
    assert (
        client.post(
            page, {"channel": "board", "published_on": "2021-10-11", "place": "镇政府公开栏"}
        ).status_code
        == 302
    )
    pub.refresh_from_db()
    assert pub.first_published_on.isoformat() == "2021-10-11" and pub.late
    listing = client.get(
        reverse("disclosure:publication_list"), {"status": "published_late"}
    ).content.decode()
    assert "石鼓镇2021年防汛工作方案" in listing
    # a reader may not record a publication
    client.force_login(users.county)
    assert client.post(page, {"channel": "website", "published_on": "2021-10-12"}).status_code == 403


def test_the_staff_directory_is_published_from_the_register_and_due_again_when_it_changes(
    client, regions, users
):
    import datetime as dt

    from fazhi.core.models import Person, Post

    person = Person.objects.create(region=regions.town, name="周建国")
    Post.objects.create(
        person=person,
        region=regions.town,
        title="镇长",
        kind="leader",
        department="镇政府",
        since=dt.date(2021, 1, 5),
        taken_by="election",
    )
    client.force_login(users.gov_office)
    url = reverse("disclosure:directory")
    page = client.get(url).content.decode()
    assert "周建国" in page and "待更新" in page
    assert client.post(url, {"town": regions.town.pk}).status_code == 302
    assert "已是最新" in client.get(url).content.decode()
    Post.objects.create(
        person=Person.objects.create(region=regions.town, name="吴新"),
        region=regions.town,
        title="副镇长",
        kind="leader",
        since=dt.date.today(),
        taken_by="appointment",
    )
    assert "待更新" in client.get(url).content.decode()
    assert "已是最新" not in client.get(reverse("disclosure:index")).content.decode()


def test_the_list_finds_requests_due_soon_and_overdue(client, users, make_request, walker):
    import datetime as dt

    from django.utils import timezone

    late = make_request(submitted_on="2021-09-13")  # due 2021-10-15: long overdue
    fresh = make_request(submitted_on=(timezone.localdate() - dt.timedelta(days=1)).isoformat())
    paused = make_request(submitted_on="2021-09-13")
    walker.step(paused, "consult")  # paused: not overdue while the third party answers
    client.force_login(users.gov_office)
    overdue = client.get(reverse("disclosure:request_list"), {"stage": "overdue"}).content.decode()
    assert late.number in overdue and fresh.number not in overdue and paused.number not in overdue
    soon = client.get(reverse("disclosure:request_list"), {"stage": "soon"}).content.decode()
    assert late.number not in soon
