"""The shell in a real browser: signing in, the home page, and the menu on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fazhi.core.models import Deadline, Region
from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_it_signs_the_town_leader_in_to_their_home_page(browser_page, users, regions):
    from playwright.sync_api import expect

    # given: an obligation due tomorrow in the town
    Deadline.objects.create(
        region=regions.grid_a,
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(regions.grid_a.pk),
        object_repr="排水沟纠纷",
        code="dispute.mediate",
        label="调解期限",
        rule="人民调解法",
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        days=11,
        due_on=timezone.localdate() + dt.timedelta(days=1),
    )
    page = browser_page
    # when: the leader opens fazhi and signs in through the form
    page.goto("/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    sign_in(page, users.leader)
    # then: their home page, by name, with what falls due this week
    expect(page.get_by_role("heading", name="徐镇长，您好")).to_be_visible()
    due = page.get_by_role("region", name="临近期限与逾期")
    expect(due).to_contain_text("排水沟纠纷 · 调解期限")
    expect(due).to_contain_text("剩1天")
    expect(page.get_by_role("navigation", name="主菜单").first).to_contain_text("区划与网格")


def test_it_gives_a_grid_worker_a_usable_menu_on_a_phone(phone_page, users):
    from playwright.sync_api import expect

    page = phone_page
    # given
    sign_in(page, users.grid_a)
    # then: the page fits the screen, and the menu is one button
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    menu = page.locator("details.menu")
    expect(menu.get_by_text("菜单")).to_be_visible()
    expect(menu.get_by_role("link", name="区划与网格")).to_be_hidden()
    # when: they open the menu and follow a link with their thumb
    menu.get_by_text("菜单").tap()
    link = menu.get_by_role("link", name="区划与网格")
    expect(link).to_be_visible()
    expect(menu.get_by_role("link", name="账户")).to_have_count(0)
    link.tap()
    # then: their grid, and nothing of the grid next door
    expect(page.get_by_role("heading", name="区划与网格")).to_be_visible()
    expect(page.get_by_role("link", name="歇马村第1网格")).to_be_visible()
    expect(page.get_by_text("歇马村第2网格")).to_have_count(0)
