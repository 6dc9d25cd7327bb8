"""Two Chromium contexts (a seafarer and a counsellor, fake microphones) connected THROUGH
THE QUEUE: the seafarer calls the hotline, the counsellor goes available and accepts the
offered call, both open the voice room, and audio flows both ways (``getStats()``). The real
server runs as a subprocess (DEBUG off), as in tests/consultations_room/test_call_browser.py."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.csp import watch as watch_csp
from tests.consultations_room import harness

pytestmark = pytest.mark.browser

SETUP = """
import json
from tests.personas import build_world, give_health_consent
world = build_world()
give_health_consent(world.seafarer)
person = lambda u: {"phone": u.phone,
    "secret": u.totp_device.secret if u.needs_two_factor else None}
print("SETUP" + json.dumps({"seafarer": person(world.seafarer),
    "counsellor": person(world.counsellor)}))
"""


@pytest.fixture(scope="module")
def site() -> Iterator[harness.Site]:
    with tempfile.TemporaryDirectory(prefix="sh-hotline-") as tmp:
        var_dir = Path(tmp)
        env = harness.site_env(var_dir)
        env["STATICFILES_STORAGE_BACKEND"] = (
            "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env["LOGIN_MAX_FAILURES_PER_ADDRESS"] = "1000"
        harness.migrate(env)
        harness._manage(env, "collectstatic", "--noinput", "-v0")
        out = harness._manage(env, "shell", "-c", SETUP)
        people = json.loads(out.split("SETUP", 1)[1].strip().splitlines()[0])
        yield harness.Site(var_dir=var_dir, env=env, people=people)


@pytest.fixture(scope="module")
def server(site: harness.Site) -> Iterator[harness.Server]:
    server = harness.Server(site)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def media_browser() -> Iterator[Any]:
    with harness.chromium(*harness.FAKE_MEDIA_ARGS) as browser:
        yield browser


def signed_in(browser: Any, base: str, person: dict[str, Any]) -> Any:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    csp = watch_csp(context)  # the console and the voice room must pass the CSP
    page = context.new_page()
    page.csp = csp
    harness.sign_in(page, base, person)
    return page


def test_it_connects_caller_and_counsellor_through_the_queue_with_audio_both_ways(
    site, server, media_browser
):
    base = server.base
    seafarer = signed_in(media_browser, base, site.people["seafarer"])
    counsellor = signed_in(media_browser, base, site.people["counsellor"])
    try:
        # The seafarer calls anonymously and waits: nobody is on duty yet.
        seafarer.goto(f"{base}/hotline/")
        seafarer.check("#hotline-join input[name=anonymous]")
        with seafarer.expect_navigation():
            seafarer.click("#hotline-join button")
        assert "现在没有咨询员值班。" in seafarer.inner_text("#hotline-waiting")

        # The counsellor goes available: the call is offered to them, without a name.
        counsellor.goto(f"{base}/hotline/console/")
        with counsellor.expect_navigation():
            counsellor.click("#console-state button")
        offer = counsellor.inner_text("#console-offer")
        assert "匿名来电者" in offer and "王海" not in offer
        with counsellor.expect_navigation():
            counsellor.click("#console-offer form[action$='/accept/'] button")
        assert counsellor.url.endswith("/voice/"), counsellor.url
        assert "王海" not in counsellor.content()
        counsellor.click("#call-join")

        # The seafarer's waiting page now leads to the voice room.
        seafarer.goto(f"{base}/hotline/")
        with seafarer.expect_navigation():
            seafarer.click("#hotline-connected a.button")
        seafarer.click("#call-join")

        harness.wait_connected(seafarer)
        harness.wait_connected(counsellor)
        for page in (seafarer, counsellor):
            flow = harness.wait_for_flow(page, ("audio",))
            assert flow["state"] == "connected"
            assert flow["outbound"]["audio"]["bytes"] > 0, flow
            assert flow["inbound"]["audio"]["bytes"] > 0, flow
            assert flow["outbound"].get("video", {}).get("bytes", 0) == 0  # audio only
            assert "maxaveragebitrate=10000" in flow["local"]  # tuned for narrow links
        assert counsellor.inner_text("#call-status") == "已接通"

        # The counsellor hangs up in the room: the call ends, the caller's page says so.
        counsellor.click("#call-hangup")
        seafarer.locator("#call-status", has_text="这通电话已经结束").wait_for()
        counsellor.goto(f"{base}/hotline/console/")
        pending = counsellor.inner_text("#console-pending")
        assert "匿名来电者" in pending and "王海" not in pending
    except Exception:
        print(server.log())
        raise
    finally:
        seafarer.context.close()
        counsellor.context.close()
    seafarer.csp.assert_none()
    counsellor.csp.assert_none()
