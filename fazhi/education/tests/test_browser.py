"""One browser test: the judicial office enters an activity on a phone with a photo taken on
the spot, and the activity's outputs show in the year's figures."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.core.attachments import for_owner
from fazhi.core.tests.test_attachments import png
from fazhi.education.models import Activity
from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_an_activity_entered_on_a_phone_with_a_photo_shows_in_the_year_s_figures(phone_page, users, regions):
    from playwright.sync_api import expect

    page = phone_page
    sign_in(page, users.judicial)
    page.goto("/education/activities/new/")
    page.locator("#id_title").fill("集市普法宣传")
    page.locator("#id_theme").select_option(label="民法典宣传")
    page.locator("#id_organizers").fill("司法所")
    page.locator("#id_place").fill("石鼓集市")
    page.locator("#id_audience").fill("120")
    page.locator("#id_materials").fill("345")
    page.locator("#id_photos").set_input_files(
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="集市普法宣传")).to_be_visible()
    activity = Activity.objects.get()
    assert activity.held_on == timezone.localdate()
    assert [f.original_name for f in for_owner(activity, users.judicial)] == ["现场.png"]
    page.goto(f"/education/?year={timezone.localdate().year}")
    figure = page.get_by_role("link", name="发放普法宣传资料（份）")
    expect(figure).to_contain_text("345")
    expect(page.get_by_role("cell", name="民法典宣传")).to_be_visible()
