from __future__ import annotations

from typing import Any

import pyotp
import pytest

from tests.browser.conftest import sign_in
from tests.personas import PASSWORD, World

pytestmark = pytest.mark.browser


def test_a_seafarer_signs_in_and_sees_their_name(page: Any, site: str, world: World) -> None:
    sign_in(page, site, world.seafarer)
    assert "/accounts/" not in page.url
    assert "王海" in page.locator("header").inner_text()


def test_a_clinician_must_pass_the_totp_step_before_the_workspace(
    page: Any, site: str, world: World
) -> None:
    clinician = world.clinician
    page.goto(site + "/accounts/login/?next=/workspace/")
    page.fill("input[name=phone]", clinician.phone)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/two-factor/" in page.url
    page.goto(site + "/workspace/")  # not before the second factor
    assert "/accounts/two-factor/" in page.url
    totp = pyotp.TOTP(clinician.totp_device.secret)
    page.fill("input[name=code]", f"{(int(totp.now()) + 1) % 1_000_000:06d}")  # a wrong code
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/two-factor/" in page.url
    assert page.locator(".errorlist, .error-box").count() >= 1
    page.fill("input[name=code]", totp.now())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/workspace/"), page.url
    assert "陈医生" in page.locator("header").inner_text()


def test_the_login_page_works_without_javascript(
    page_without_js: Any, site: str, world: World
) -> None:
    page = page_without_js
    page.goto(site + "/accounts/login/")
    page.fill("input[name=phone]", world.seafarer.phone)
    page.fill("input[name=password]", "wrong-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" in page.url
    assert page.locator(".errorlist, .error-box").count() >= 1
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url
    assert "王海" in page.locator("header").inner_text()
