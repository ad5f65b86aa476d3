"""Journey 11 on a phone: a villager without an account submits a disclosure request, keeps the
tracking code, and comes back to find it answered and rate the reply."""

from __future__ import annotations

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from fazhi.core import intake
from fazhi.disclosure import workflow
from fazhi.disclosure.models import Request

pytestmark = pytest.mark.browser


def _answer(page) -> str:
    token = page.locator("input[name=challenge_token]").get_attribute("value")
    a, op, b = signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    return str(a + b if op == "+" else a - b)


def test_a_villager_submits_on_a_phone_and_follows_the_request(phone_page, regions, users):
    from playwright.sync_api import expect

    cache.clear()
    page = phone_page
    page.goto("/public/disclosure/apply/")
    expect(page.locator("label", has_text="验证题")).to_be_visible()
    page.select_option("select[name=region]", str(regions.town.pk))
    page.select_option("select[name=applicant_type]", "natural")
    page.fill("input[name=applicant_name]", "李红梅")
    page.fill("input[name=identity_proof]", "居民身份证 430321198805061234")
    page.fill("input[name=phone]", "13807321234")
    page.fill("textarea[name=description]", "歇马村道路建设项目集体土地征收补偿安置方案")
    page.fill("input[name=challenge_answer]", _answer(page))
    page.get_by_role("button", name="提交申请").click()
    code = page.locator(".tracking-code strong").inner_text()
    assert intake.normalize(code)
    expect(page.locator("main")).not_to_contain_text("13807321234")

    # a week later the 党政办 has replied through its own step
    req = Request.objects.get()
    workflow.fire(
        req,
        "reply",
        users.gov_office,
        {
            "outcome": "1",
            "replied_on": timezone.localdate().isoformat(),
            "reply": "该信息已在镇政府网站公开。",
        },
    )

    page.goto("/public/disclosure/track/")
    page.fill("input[name=code]", code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("该信息已在镇政府网站公开。")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("main")).to_contain_text("感谢您的评价")
    req.refresh_from_db()
    assert req.rating == "satisfied"
    cache.clear()
