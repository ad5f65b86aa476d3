"""One browser test on a phone viewport (journey 11): a villager opens the portal, reads the
town's penalty decisions (party masked) and the village adviser's phone, with no account."""

from __future__ import annotations

import pytest

from fazhi.portal.tests.conftest import ADVISER_PHONE

pytestmark = pytest.mark.browser


def test_a_villager_on_a_phone_reads_the_publicity_and_the_adviser_s_phone(phone_page, published, regions):
    from playwright.sync_api import expect

    page = phone_page
    page.goto("/public/")
    page.get_by_role("link", name="石鼓镇").first.click()
    page.get_by_role("link", name="行政处罚决定公示").first.click()
    expect(page.get_by_role("heading", name=published.shown.number)).to_be_visible()
    expect(page.get_by_text("张某某")).to_be_visible()
    page.get_by_role("link", name="法律服务").first.click()
    expect(page.get_by_role("link", name=ADVISER_PHONE)).to_be_visible()
    # no horizontal scroll of the whole page on a phone (tables scroll in their own box)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_villager_on_a_phone_reads_a_draft_and_comments_on_it(phone_page, consulting, regions):
    from django.core import signing
    from django.core.cache import cache
    from playwright.sync_api import expect

    from fazhi.core import intake
    from fazhi.legal.models import PublicComment

    cache.clear()
    page = phone_page
    page.goto(f"/public/{regions.town.code}/")
    page.get_by_role("link", name="重大行政决策").first.click()
    page.get_by_role("link", name=consulting.decision.title).click()
    expect(page.get_by_text("建议每周清运两次")).to_be_visible()
    expect(page.get_by_role("cell", name="张某某")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.fill("textarea[name=content]", "建议在歇马村5组增设一个分类收集点")
    token = page.locator("input[name=challenge_token]").get_attribute("value")
    a, op, b = signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    page.fill("input[name=challenge_answer]", str(a + b if op == "+" else a - b))
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_role("heading", name="意见已提交")).to_be_visible()
    assert PublicComment.objects.filter(
        channel=PublicComment.Channel.ONLINE, decision=consulting.decision
    ).exists()
