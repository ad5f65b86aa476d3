"""In Chromium: the petition office registers a letter, finds its 15-day clock on the home page,
accepts it through the step panel and downloads the 受理告知书 as a .docx."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from fazhi.petitions.models import Matter
from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_office_registers_a_letter_and_issues_the_acceptance_notice(browser_page, users, regions):
    page = browser_page
    received = timezone.localdate() - dt.timedelta(days=10)
    sign_in(page, users.petition)
    # when: they register a letter received ten days ago
    page.goto("/petitions/matters/new/")
    page.locator("select[name=region]").select_option(str(regions.village_a.pk))
    page.locator("input[name=received_on]").fill(received.isoformat())
    page.locator("select[name=form]").select_option("letter")
    page.locator("input[name=title]").fill("反映村道占用承包地未补偿")
    page.locator("textarea[name=content]").fill("2020年村道硬化占用本户承包地0.3亩，未予补偿。")
    page.locator("select[name=kind]").select_option("claim")
    page.locator("select[name=category]").select_option("land")
    page.locator("input[name=petitioner_name]").fill("周建国")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("已登记信访事项")
    matter = Matter.objects.get(title="反映村道占用承包地未补偿")
    # then: its 15-day clock is on the office's home page, 5 days left
    page.goto("/")
    expect(page.get_by_text(matter.number).first).to_be_visible()
    expect(page.locator("body")).to_contain_text("剩5天")
    # when: they accept it through the step panel
    page.goto(f"/petitions/matters/{matter.pk}/")
    steps = page.locator("#steps")
    form = steps.locator("details.step", has=page.locator("summary", has_text=re.compile("^受理$")))
    form.locator("summary").click()
    form.get_by_role("button", name="确认受理").click()
    expect(page.locator(".messages")).to_contain_text("已完成“受理”")
    # then: the acceptance notice downloads as a .docx naming the petitioner and the 60 days
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("受理告知书")).click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "周建国" in text and "决定予以受理" in text and "60日内" in text
