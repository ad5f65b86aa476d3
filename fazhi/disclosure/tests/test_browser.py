"""A request from receipt to the reply .docx in a real browser, as the 党政办 does it."""

from __future__ import annotations

import io

import pytest
from docx import Document

from fazhi.disclosure.models import Request
from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_office_registers_a_request_answers_it_and_downloads_the_reply(browser_page, users, regions):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, users.gov_office)
    # given: the office registers a request handed in today
    page.goto("/disclosure/requests/new/")
    page.select_option("select[name=applicant_type]", "natural")
    page.fill("input[name=applicant_name]", "李红梅")
    page.fill("input[name=identity_proof]", "居民身份证 430321198805061234")
    page.fill("input[name=phone]", "13807321234")
    page.fill("textarea[name=description]", "歇马村道路建设项目集体土地征收补偿安置方案")
    page.select_option("select[name=channel]", "in_person")
    page.get_by_role("button", name="登记").click()
    # then: its page shows the reply clock of 20 working days
    expect(page.locator("#clocks")).to_contain_text("答复政府信息公开申请")
    req = Request.objects.get()
    assert req.number.startswith("石鼓依申请")
    # when: the office replies that the information is disclosed
    page.locator("summary", has_text="答复").first.click()
    page.select_option("select[name=reply-outcome]", "1")
    page.fill("textarea[name=reply-reply]", "该信息已在镇政府网站公开，现提供复印件。")
    page.get_by_role("button", name="确认答复").click()
    expect(page.locator(".badge", has_text="已办结").first).to_be_visible()
    # then: the reply document downloads, citing the article and the remedies
    with page.expect_download() as info:
        page.get_by_role("link", name="下载答复书 .docx").click()
    data = open(info.value.path(), "rb").read()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "政府信息公开申请答复书" in text and "第三十六条" in text and "行政复议" in text
