"""At sea with no link (issue 14 items 1-2) in Chromium: pages visited are kept by the
service worker and shown offline with a banner saying how old they are; a question asked
offline waits in the outbox and, when the link is back, is sent and stored exactly once, also
when the link drops in the middle of the send."""

from __future__ import annotations

from typing import Any

from seafarers_home.inquiries.models import Question
from tests.browser.conftest import sign_in
from tests.inquiries_asking.conftest import BODY
from tests.personas import World, give_health_consent


def test_offline_pages_and_a_question_through_the_outbox(
    page: Any, site: str, world: World
) -> None:
    give_health_consent(world.seafarer)
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/help/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    # Visited with the worker in control: kept for this person (the profile is not on the
    # list of pages kept).
    for path in ("/help/", "/inquiries/ask/", "/offline/outbox/", "/accounts/profile/"):
        page.goto(f"{site}{path}")
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.goto(f"{site}/help/")
    assert "没有网络:这是1 分钟前保存在本机的副本" in page.locator(".offline-banner").inner_text()
    page.goto(f"{site}/accounts/profile/")
    assert page.locator("main h1").inner_text() == "没有网络"

    # The form is plain HTML (no script on the page): the worker queues the failed post and
    # shows the outbox.
    page.goto(f"{site}/inquiries/ask/")
    page.select_option("select[name=category]", "physical")
    page.fill("input[name=title]", "头疼睡不好")
    page.fill("textarea[name=body]", BODY)
    with page.expect_navigation(url=f"{site}/offline/outbox/"):
        page.locator("main form.stack button").click()
    page.locator("#outbox .outbox-state", has_text="待发送").wait_for()
    assert "留言提问" in page.locator("#outbox li").inner_text()
    assert Question.objects.count() == 0

    # The link comes back, and drops again in the middle of the first send: the server
    # stores the question but its answer never arrives. The entry waits; the next send (the
    # page opened again) carries the same key and is stored once.
    sends: list[str] = []
    dropped: list[bool] = []

    def drop_the_first_answer(route: Any) -> None:
        sends.append(route.request.headers.get("idempotency-key", ""))
        if len(sends) == 1:
            answered = route.fetch()
            route.abort("connectionreset")
            dropped.append(answered.status < 400)
        else:
            route.continue_()

    page.context.route("**/inquiries/ask/", drop_the_first_answer)
    page.context.set_offline(False)
    # Wait for the first send itself to have reached the server and lost its answer (the entry
    # is "waiting" before any send too, and another request may fail first).
    for _ in range(300):
        if dropped:
            break
        page.wait_for_timeout(100)
    assert dropped, "the outbox never sent the question once the link came back"
    page.wait_for_function(
        "() => Outbox.all().then(items => items.length === 1 && items[0].state === 'waiting')",
        polling=100,
    )
    # Stored by the first send unless the server could not take it then (a 503 on a loaded CI
    # machine), and maybe already by the worker's own send: never twice. The resends below must
    # leave exactly one.
    assert Question.objects.filter(seafarer=world.seafarer).count() <= 1
    # Each opening of the page sends what waits; a send the server could not take waits for
    # the next one (as it would for the next link).
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    delivered = False
    for _ in range(4):
        page.reload()
        try:
            page.locator("#outbox .outbox-state", has_text="已送达").wait_for(timeout=10_000)
        except PlaywrightTimeout:
            continue
        delivered = True
        break
    assert delivered, "the outbox never delivered the question"
    # The page and the worker may both send it: every send carries the one key.
    assert len(sends) >= 2 and set(sends) == {sends[0]} and sends[0]
    assert Question.objects.filter(seafarer=world.seafarer).count() == 1
    assert page.locator("#outbox li").count() == 1
    # The answers themselves do not stay on the (shared) device once delivered.
    assert page.evaluate("Outbox.all().then(items => items[0].body === null)")

    # Signing out deletes the person's kept pages (the outbox stays: it is theirs, sent only
    # under their own session).
    with page.expect_navigation():
        page.locator("header form button").click()
    page.wait_for_function(
        "() => caches.keys().then(n => !n.some(k => k.startsWith('pages-u')))", polling=100
    )
