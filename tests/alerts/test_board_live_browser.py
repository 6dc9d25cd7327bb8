"""The alert board's live row in a real browser: a seafarer presses "I need help now" and the
clinician's open board shows the alert at once, as the page's own rows show it (status and
seafarer open the alert), with the counts above the table brought up to date — without the
page reloading. The real server (``manage.py serve``, one process, DEBUG off) on the session's
served site (tests/conftest.py), a database of its own: the same result in both suites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.consultations_room import harness

pytestmark = [pytest.mark.browser, pytest.mark.suite_independent]
LIVE_MS = 10_000  # well inside the board's 30 s refresh: a row seen by then came live
UNRESOLVED = re.compile(r"未结束的警报 (\d+) 条")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with harness.chromium() as browser:
        yield browser


def unresolved(page: Any) -> int:
    found = UNRESOLVED.search(page.locator("#alert-summary").inner_text())
    assert found is not None
    return int(found[1])


def test_it_shows_a_help_request_live_with_links_and_fresh_counts(
    served_site, served_server, chromium
):
    site, base = served_site, served_server.base
    board = harness.signed_in_page(chromium, base, site, "clinician")
    with board.expect_websocket(lambda ws: ws.url.endswith("/ws/alerts/")):
        board.goto(f"{base}/alerts/")
    before = unresolved(board)
    shown = set(
        board.locator("#alert-board tbody tr[data-alert]").evaluate_all(
            "rows => rows.map(r => r.dataset.alert)"
        )
    )
    board.evaluate("() => { window.__notReloaded = true; }")

    seafarer = harness.signed_in_page(chromium, base, site, "seafarer")
    seafarer.goto(f"{base}/")
    with seafarer.expect_navigation():
        seafarer.locator("#help-now button").click()

    # The new row: a help request joins an alert still open, so the test leaves none open.
    row = board.locator("#alert-board tbody tr[data-alert]").first
    row.wait_for(timeout=LIVE_MS)
    alert_id = row.get_attribute("data-alert")
    assert alert_id not in shown
    detail = f"/alerts/{alert_id}/"
    cells = row.locator("td")
    # As the server's rows: the status in words, and it and the seafarer open the alert.
    assert cells.nth(0).inner_text() == "待确认"
    assert cells.nth(0).locator("a").get_attribute("href") == detail
    assert cells.nth(3).inner_text() == "本人求助"
    assert cells.nth(5).locator("a").get_attribute("href") == detail
    assert cells.nth(5).inner_text().strip()
    # The counts follow the event (read again from the page), still without a reload.
    board.wait_for_function(
        "(n) => new RegExp(`未结束的警报 ${n} 条`).test("
        "document.getElementById('alert-summary').textContent)",
        arg=before + 1,
        timeout=LIVE_MS,
    )
    assert board.evaluate("() => window.__notReloaded === true")

    # The live row's own form acknowledges it, as the server's rows do.
    with board.expect_navigation():
        cells.nth(6).locator("button").click()
    acknowledged = board.locator(f'#alert-board tr[data-alert="{alert_id}"] td').nth(0)
    assert acknowledged.inner_text().startswith("已确认")
    acknowledged.locator("a").click()
    board.wait_for_url(f"**{detail}")
    for page in (board, seafarer):
        page.context.close()
        page.csp.assert_none()
