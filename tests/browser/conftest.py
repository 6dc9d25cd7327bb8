"""Browser tests: Playwright drives the machine's Chromium against pytest-django's live server.

All tests here are skipped when /usr/bin/chromium (or Playwright) is missing, unless
REQUIRE_BROWSER=1 is set (CI sets it): then they fail loudly instead of passing silently.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.db import connection

from seafarers_home.accounts.models import User
from tests.browser.csp import watch as watch_csp
from tests.personas import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOBILE_VIEWPORT = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but the browser cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the browser tests, stopped when they are done: Playwright's sync API
    keeps an asyncio loop running in this thread, which would break later async tests.
    While it runs, Django must allow database access from this thread (the loop is
    Playwright's, not ours); the variable is removed again so that it never reaches the
    subprocesses other tests start."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _unavailable("the playwright package is not installed")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server: Any, django_db_serialized_rollback: None, settings: Any) -> str:
    """The live server's base URL. The serialized rollback puts back rows that data
    migrations made (consent documents), which a transactional test's flush removes.

    The live server serves /static/ from the apps' own files (staticfiles finders), which know
    no hashed manifest names: with the manifest storage every stylesheet and script answered
    404 and the pages ran without them. Plain names let the browser load what users load."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _one_request_at_a_time(live_server)
    return live_server.url


class _OneAtATime:
    """A WSGI application that lets one request in at a time (see ``_one_request_at_a_time``)."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with self.lock:
            return self.app(environ, start_response)


def _one_request_at_a_time(live_server: Any) -> None:
    """On the SQLite suite the live server's request threads all use the test's one in-memory
    connection (pytest-django shares it: an in-memory database exists only in it). Two requests
    at once then interleave their transactions on that connection: one's rollback undid the
    other's insert, and a page and the offline outbox's worker sending the same question at once
    answered 500 and lost it (tests/browser/test_offline_outbox.py, now and then). Production
    SQLite serialises writers itself (``BEGIN IMMEDIATE`` on a file); here the server takes
    requests one at a time, which is the same order. PostgreSQL keeps concurrent requests."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return
    httpd = live_server.thread.httpd
    if not isinstance(httpd.get_app(), _OneAtATime):
        httpd.set_app(_OneAtATime(httpd.get_app()))


def _context(browser: Any, *, javascript_enabled: bool = True) -> Any:
    context = browser.new_context(
        viewport=MOBILE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        java_script_enabled=javascript_enabled,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """A fresh browser context per test: a phone-sized, Chinese-speaking browser. Every page
    it visits must pass the Content-Security-Policy (tests/browser/csp.py)."""
    context = _context(browser)
    csp = watch_csp(context)
    yield context.new_page()
    context.close()
    csp.assert_none()


@pytest.fixture
def page_without_js(browser: Any, site: str) -> Iterator[Any]:
    """The same phone with JavaScript switched off: core pages must still work."""
    context = _context(browser, javascript_enabled=False)
    csp = watch_csp(context)
    yield context.new_page()
    context.close()
    csp.assert_none()


def sign_in(page: Any, site: str, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real login form; staff also pass the TOTP step."""
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=phone]", user.phone)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if user.needs_two_factor:
        assert "/accounts/two-factor/" in page.url, page.url
        page.fill("input[name=code]", pyotp.TOTP(user.totp_device.secret).now())
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()


@pytest.fixture
def signed_in(page: Any, site: str) -> Callable[[User], Any]:
    def do(user: User) -> Any:
        sign_in(page, site, user)
        return page

    return do
