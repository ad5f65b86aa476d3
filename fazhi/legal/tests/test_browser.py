"""A major decision from start to publication in a real browser: the party-government office
starts and drafts it and sends it for review, the adviser it is given to writes their opinion,
the judicial office reviews it, the town leader holds the meeting and publishes it."""

from __future__ import annotations

import pytest

from fazhi.core import links
from fazhi.legal import purposes
from fazhi.legal.models import Decision
from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser


def _sign_in(page, user):
    page.context.clear_cookies()
    sign_in(page, user)


def _step(page, decision, name, fields):
    page.goto(f"/legal/decisions/{decision.pk}/steps/{name}/")
    for field, value in fields.items():
        page.fill(f'[name="{name}-{field}"]', value)
    page.locator("form button.btn.primary").click()
    page.wait_for_url(f"**/legal/decisions/{decision.pk}/")


def test_a_decision_from_start_to_publication(browser_page, users, legal):
    from playwright.sync_api import expect

    page = browser_page
    # the party-government office starts the decision from the published catalogue
    _sign_in(page, users.gov_office)
    page.goto("/legal/decisions/new/")
    page.select_option('[name="entry"]', str(legal.plain.pk))
    page.select_option('[name="region"]', str(legal.catalogue.region.pk))
    page.fill('[name="title"]', "集镇农贸市场改造方案")
    page.fill('[name="undertaker"]', "党政办")
    page.fill('[name="started_on"]', "2021-03-01")
    page.locator("form button.btn.primary").click()
    page.wait_for_url("**/legal/decisions/*/")
    decision = Decision.objects.get(title="集镇农贸市场改造方案")
    _step(page, decision, "draft", {"draft": "改造方案草案及说明", "drafted_on": "2021-03-10"})
    # a meeting now is refused, naming the article
    page.goto(f"/legal/decisions/{decision.pk}/steps/decide/")
    _sign_in(page, users.leader)
    page.goto(f"/legal/decisions/{decision.pk}/steps/decide/")
    expect(page.locator("#refusal")).to_contain_text("第二十五条")
    _sign_in(page, users.gov_office)
    _step(page, decision, "submit_review", {"submitted_on": "2021-04-01", "due_on": "2021-04-13"})
    # the judicial office gives it to the adviser, who writes their opinion
    links.give(decision, users.adviser, purpose=purposes.OPINION, by=users.judicial)
    _sign_in(page, users.adviser)
    page.goto(f"/legal/decisions/{decision.pk}/")
    page.get_by_role("link", name="登记意见").click()
    page.fill('[name="day"]', "2021-04-06")
    page.fill('[name="subject"]', "对市场改造方案出具法律意见")
    page.fill('[name="opinion"]', "方案程序合法，建议明确原经营户的过渡安排。")
    page.select_option('[name="adviser"]', str(legal.town_adviser.pk))
    page.locator("form button.btn.primary").click()
    page.wait_for_url(f"**/legal/decisions/{decision.pk}/")
    expect(page.locator("#opinions")).to_contain_text("过渡安排")
    # the judicial office reviews it
    _sign_in(page, users.judicial)
    _step(page, decision, "review", {"opinion": "经审查，合法。", "reviewed_on": "2021-04-13"})
    # the leader holds the meeting and, after the report, publishes it
    _sign_in(page, users.leader)
    _step(
        page,
        decision,
        "decide",
        {"meeting_on": "2021-04-20", "attendees": "镇政府班子成员", "minutes": "一致同意。"},
    )
    _sign_in(page, users.gov_office)
    _step(page, decision, "report", {"reported_on": "2021-04-21"})
    _sign_in(page, users.leader)
    _step(page, decision, "publish", {"published_on": "2021-04-25", "channel": "镇政府网站"})
    expect(page.locator(".page-head .badge")).to_contain_text("已公布")
    decision.refresh_from_db()
    assert decision.state == Decision.State.PUBLISHED
