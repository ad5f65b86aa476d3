"""The county dashboard in a real browser: a county supervisor sees the towns side by side and
opens a figure down to its records."""

from __future__ import annotations

import pytest

from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_county_supervisor_opens_a_towns_figure_down_to_its_records(browser_page, users, actions):
    from playwright.sync_api import expect

    page = browser_page
    # given 23 campaign actions of 石鼓镇 in 2021 (and 2 of 易俗河镇)
    sign_in(page, users.county)
    # when the supervisor opens the county dashboard for 2021
    page.goto("/reports/?year=2021")
    figures = page.locator("#figures")
    row = figures.get_by_role("row").filter(has_text="打击取缔非法采砂洗砂采石专项整治行动")
    expect(row).to_contain_text("23")
    # and follows 石鼓镇's value
    row.get_by_role("link", name="23", exact=True).click()
    # then the records behind it, in 石鼓镇 only
    expect(
        page.get_by_role("heading", name="打击取缔非法采砂洗砂采石专项整治行动：2021年的记录")
    ).to_be_visible()
    expect(page.locator("#list-count")).to_contain_text("23")
    expect(page.get_by_text("城东村")).to_have_count(0)
