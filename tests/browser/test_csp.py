"""The Content-Security-Policy in a real Chromium: the main pages of every role, with their
scripts (the alert board's live socket, the hotline console, the breathing exercise, the admin,
the API docs), raise no violation. The ``page`` fixture fails the test on any violation
(tests/browser/csp.py); here we also check that the pages really were served under the policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import sign_in
from tests.personas import World, give_health_consent

pytestmark = pytest.mark.browser

PUBLIC = [
    "/",
    "/health/",
    "/help/",
    "/rights/learn/",
    "/accounts/login/",
    "/accounts/login/sms/",
    "/accounts/register/",
    "/consent/privacy/",
    "/inquiries/knowledge/",
    "/api/docs",
    "/no-such-page/",  # the error page's inline style is allowed by its hash
]
SEAFARER = [
    "/organisations/me/",
    "/notifications/",
    "/accounts/profile/",
    "/consent/",
    "/consent/my-data/",
    "/screening/",
    "/screening/history/",
    "/screening/training/",
    "/screening/training/breathe/",
    "/inquiries/",
    "/inquiries/ask/",
    "/consultations/book/",
    "/consultations/mine/",
    "/hotline/",
    "/voyages/mine/",
    "/voyages/care/tasks/",
]
# Staff start from their workspace and open every tool it lists; these come on top.
STAFF_EXTRA = {
    "clinician": ["/alerts/", "/inquiries/staff/", "/screening/review/"],
    "counsellor": ["/hotline/console/", "/hotline/records/"],
    "union_staff": ["/hotline/supervisor/", "/organisations/", "/voyages/dashboard/"],
    "officer_a": ["/screening/campaigns/", "/organisations/company/crew/"],
    "admin": ["/admin/", "/admin/accounts/user/", "/audit/"],
}


def visit(page: Any, site: str, path: str) -> None:
    response = page.goto(site + path)
    assert response is not None, path
    assert response.status < 500, (path, response.status)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, (path, policy)
    page.wait_for_load_state("load")


def workspace_tools(page: Any, site: str) -> list[str]:
    page.goto(site + "/workspace/")
    hrefs = page.locator("main a[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return sorted({urlsplit(href).path for href in hrefs})


def test_public_pages_pass_the_policy(page: Any, site: str) -> None:
    for path in PUBLIC:
        visit(page, site, path)
    # The API docs really ran their script under the policy (Swagger UI drew the operations).
    page.goto(site + "/api/docs")
    page.locator(".opblock").first.wait_for()


def test_a_seafarers_pages_pass_the_policy(page: Any, site: str, world: World) -> None:
    give_health_consent(world.seafarer)
    sign_in(page, site, world.seafarer)
    for path in SEAFARER:
        visit(page, site, path)
    # The breathing exercise's script ran: it shows the exercise and animates it by setting a
    # style from the script (allowed; inline style attributes in the markup would not be).
    page.goto(site + "/screening/training/breathe/")
    page.click("#breathe button")
    page.wait_for_function("() => document.querySelector('.breathe-text').textContent !== ''")
    assert page.locator(".breathe-box").evaluate("box => box.style.transform") == "scale(1)"


@pytest.mark.parametrize("persona", sorted(STAFF_EXTRA))
def test_staff_pages_pass_the_policy(page: Any, site: str, world: World, persona: str) -> None:
    user = world.persona(persona)
    sign_in(page, site, user)
    paths = workspace_tools(page, site)
    assert paths, persona
    for path in [*paths, *STAFF_EXTRA[persona]]:
        visit(page, site, path)
