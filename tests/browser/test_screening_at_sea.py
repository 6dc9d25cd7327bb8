"""A 心理CT at sea in Chromium without JavaScript (issue 20 item 6): each page's POST is
answered with the next page directly, and what POST-redirect-GET used to protect still holds —
a reload (this browser resends a POST without asking) or the back button stores nothing twice,
and the page says the answers were already saved."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Battery, Response, Screening
from tests.browser.conftest import sign_in
from tests.personas import World, give_health_consent


def _answer_every_question(page: Any) -> None:
    for fieldset in page.locator("main form fieldset").all():
        fieldset.locator("input[type=radio]").first.check()


def _submits() -> int:
    return AuditEvent.objects.filter(
        action__in=("screening.response_submit", "screening.response_replace")
    ).count()


def test_a_pulse_without_javascript_survives_reload_and_back_without_double_storing(
    page_without_js: Any, site: str, world: World
) -> None:
    page = page_without_js
    Battery.objects.get_or_create(
        code="at-sea-pulse",
        defaults={"name": "海上心理简测", "instrument_codes": ["phq4", "who5"]},
    )
    give_health_consent(world.seafarer)
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/screening/")
    start = page.locator("form", has=page.locator("input[name=battery][value=at-sea-pulse]"))
    with page.expect_navigation():
        start.locator("button").click()
    assert page.locator("input[name=phq4_1]").count() > 0  # the first page, no redirect

    _answer_every_question(page)
    with page.expect_navigation():
        page.locator("main form.stack button").click()
    # The next page came back as the answer to the POST.
    assert page.locator("input[name=who5_1]").count() > 0
    assert Response.objects.count() == 1 and _submits() == 1

    # Reload: the browser sends the same POST again; stored once, and the page says so.
    page.reload()
    assert page.locator("input[name=who5_1]").count() > 0
    assert "已经保存过" in page.locator("ul.messages").inner_text()
    assert Response.objects.count() == 1 and _submits() == 1

    # Back: a signed-in person's pages are never kept in the browser's cache (Cache-Control:
    # no-store, for shared bridge computers), so the browser cannot show the start's POST
    # answer again and stops at its "resubmit?" error (ERR_CACHE_MISS) instead of resending.
    # Either way nothing is stored twice.
    with pytest.raises(PlaywrightError, match="ERR_CACHE_MISS"):
        page.go_back()
    # Let the browser finish showing its error page before the next navigation.
    page.wait_for_url(lambda url: url.startswith("chrome-error:"))
    page.wait_for_load_state()
    assert Screening.objects.count() == 1
    assert Response.objects.count() == 1 and _submits() == 1

    page.goto(f"{site}/screening/")
    resume = page.locator("main a", has_text="继续")
    with page.expect_navigation():
        resume.first.click()
    assert page.locator("input[name=who5_1]").count() > 0
    _answer_every_question(page)
    with page.expect_navigation():
        page.locator("main form.stack button").click()
    assert page.locator("main h1").first.inner_text() == "心理CT结果"
    assert Screening.objects.get().status == Screening.Status.COMPLETED

    # Reloading the result (the last page's POST again) leads to the result's own address.
    page.reload()
    assert page.url.endswith(f"/screening/{Screening.objects.get().pk}/result/")
    assert page.locator("main h1").first.inner_text() == "心理CT结果"
    assert Response.objects.count() == 2 and _submits() == 2
    assert AuditEvent.objects.filter(action="screening.complete").count() == 1
