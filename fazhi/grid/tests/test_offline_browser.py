"""Offline capture in a real browser (Debian's Chromium, a phone-sized window): a grid worker
opens the report form, loses the signal, reports an event with a photo, and the phone sends it
when the network returns — once; then, with a second draft, the session expires while the phone
is offline and the draft survives the sign-in page.

`context.set_offline(True)` alone does not cut a service worker's own requests: with
PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 (set before the Playwright driver starts, hence
at import) the context's routes see them too, and every request is aborted as
`internetdisconnected` while the phone is "offline"."""

from __future__ import annotations

import os

import pytest

from fazhi.core.models import Attachment
from fazhi.grid.models import Event
from fazhi.grid.tests.test_pages import PNG
from fazhi.testing.browser import PHONE, TIMEOUT_MS, sign_in

os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        service_workers="allow",
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context, context.new_page()
    context.close()


def offline(context, on: bool) -> None:
    def cut(route):
        route.abort("internetdisconnected")

    if on:
        context.route("**/*", cut)
        context.set_offline(True)
    else:  # the routes go first: the page's `online` event must find the network there
        context.unroute("**/*")
        context.set_offline(False)


def report(page, description: str, tmp_path) -> None:
    photo = tmp_path / f"{description}.png"
    photo.write_bytes(PNG)
    page.get_by_label("事件类别").select_option(label="矛盾纠纷／邻里纠纷")
    page.get_by_label("事件描述").fill(description)
    page.get_by_label("现场照片").set_input_files(str(photo))
    page.get_by_role("button", name="上报").click()


def test_a_report_made_offline_is_sent_once_when_the_network_returns(
    phone, users, regions, category, tmp_path
):
    from django.contrib.sessions.models import Session
    from playwright.sync_api import expect

    context, page = phone
    # given: the grid worker has opened the report form once with signal (the phone keeps it)
    sign_in(page, users.grid_a)
    page.goto("/grid/events/report/")
    expect(page.locator("html[data-grid-offline-ready]")).to_have_count(1)
    # when: the signal is lost, the form is opened again and an event reported with a photo
    offline(context, True)
    page.reload()
    expect(page.get_by_role("heading", name="上报网格事件")).to_be_visible()
    report(page, "巷口两户因排水沟争吵", tmp_path)
    # then: it waits on the phone, and nothing reached the server
    outbox = page.locator("#grid-outbox")
    expect(outbox).to_contain_text("待上传 (1)")
    expect(outbox).to_contain_text("当前无网络")
    assert not Event.objects.exists()
    # when: the network returns
    offline(context, False)
    # then: the phone sends it, and the server has the event and its photo exactly once
    expect(outbox).to_contain_text("已上传1件")
    expect(outbox).to_contain_text("待上传 (0)")
    page.goto("/grid/events/")  # a page load sends again whatever waits: nothing does
    expect(page.get_by_text("巷口两户因排水沟争吵")).to_be_visible()
    event = Event.objects.get()
    assert event.description == "巷口两户因排水沟争吵" and event.reporter == users.grid_a
    assert event.captured_at is not None and event.captured_at <= event.reported_at
    assert Attachment.objects.filter(owner_id=str(event.pk)).count() == 1

    # a second case: offline again, a second report, and the session expires meanwhile
    page.goto("/grid/events/report/")
    expect(page.locator("html[data-grid-offline-ready]")).to_have_count(1)
    offline(context, True)
    page.reload()
    report(page, "村道塌方一处", tmp_path)
    expect(outbox).to_contain_text("待上传 (1)")
    Session.objects.all().delete()
    offline(context, False)
    # the phone tries, is told to sign in again, and keeps the draft
    expect(outbox).to_contain_text("登录已过期")
    expect(outbox).to_contain_text("待上传 (1)")
    assert Event.objects.count() == 1
    outbox.get_by_role("link", name="重新登录").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    sign_in(page, users.grid_a)
    # then: back on a grid page, the draft goes up, once, with its photo
    page.goto("/grid/events/")
    expect(page.locator("#grid-outbox")).to_contain_text("已上传1件")
    second = Event.objects.get(description="村道塌方一处")
    assert Event.objects.count() == 2
    assert Attachment.objects.filter(owner_id=str(second.pk)).count() == 1
