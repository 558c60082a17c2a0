"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium).

Playwright cannot download its own browser here, so it is pointed at the
system one. Without it the tests are skipped with the reason — except under
CI, where a missing browser fails the run instead of hiding the tests.
"""

import os
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.otp import device_code, secret_code

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told this is safe (it is:
# the loop only drives the browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--headless",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A cheap Android phone: 360 px wide, touch, Vietnamese."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        extra_http_headers={"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(
        viewport=DESKTOP,
        locale="vi-VN",
        extra_http_headers={"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """login(page, username, password=PASSWORD): signs in through the login form
    as a person would and returns the page, now on the user's home."""

    def _login(page, username, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        if "/accounts/second-factor/setup/" in page.url:
            # First sign-in of a role with two factors: set up the app as a person would.
            page.fill("#id_code", secret_code(page.inner_text("#otp-secret")))
            with page.expect_navigation():
                page.click("button[type=submit].primary")
            with page.expect_navigation():
                page.click("text=Tôi đã lưu các mã, tiếp tục")
        elif "/accounts/second-factor/" in page.url:
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
            page.fill("#id_code", device_code(device))
            with page.expect_navigation():
                page.click("button[type=submit].primary")
        return page

    return _login
