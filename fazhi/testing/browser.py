"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against `live_server`.

    @pytest.mark.browser
    def test_it_…(browser_page, users):
        sign_in(browser_page, users.leader)
        expect(browser_page.get_by_role("heading", name="徐镇长，您好")).to_be_visible()

`browser_page` is a desktop window (1280×800), `phone_page` a phone (375×740, touch). Both
start at the live server (`page.goto("/")` works). The tests skip, saying why, when Chromium is
not installed at /usr/bin/chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests")
    # Playwright's sync API keeps an event loop in the main thread for the whole session; the
    # test's own ORM calls (fixtures, assertions) run beside it, synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Service workers' requests pass through the context's routes (the offline tests abort
    # them): read by the Playwright driver when it starts, so set before it does.
    os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    return context, page


@pytest.fixture
def browser_page(browser, live_server):
    context, page = _page(browser, live_server, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield page
    context.close()


def sign_in(page, user, password: str | None = None) -> None:
    """Sign in through the login form, as a person would."""
    from fazhi.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.get_username())
    page.get_by_label("密码").fill(password or PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
