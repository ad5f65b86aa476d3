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
