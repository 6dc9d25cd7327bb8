"""Real calls: two Chromium contexts with fake camera and microphone, the real server as a
subprocess (DEBUG off), WebRTC on loopback, ``getStats()`` read through ``window.__call``."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.consultations_room import harness

pytestmark = pytest.mark.browser
REDIS = ("127.0.0.1", 6379)


@pytest.fixture(scope="module")
def site(served_site: harness.Site) -> harness.Site:
    return served_site


@pytest.fixture(scope="module")
def server(served_server: harness.Server) -> harness.Server:
    return served_server


@pytest.fixture(scope="module")
def media_browser() -> Iterator[Any]:
    with harness.chromium(*harness.FAKE_MEDIA_ARGS) as browser:
        yield browser


def both(site, base, browser, seafarer_mode, clinician_mode, **kw) -> tuple[Any, Any]:
    seafarer = harness.open_room(browser, base, site, "seafarer", **kw)
    clinician = harness.open_room(browser, base, site, "clinician")
    harness.join(seafarer, seafarer_mode)
    harness.join(clinician, clinician_mode)
    harness.wait_connected(seafarer)
    harness.wait_connected(clinician)
    return seafarer, clinician


def close(*pages: Any) -> None:
    for page in pages:
        page.context.close()
    for page in pages:
        page.csp.assert_none()


def test_it_connects_a_video_call_with_media_flowing_both_ways(site, server, media_browser):
    seafarer, clinician = both(site, server.base, media_browser, "video", "video")
    for page in (seafarer, clinician):
        flow = harness.wait_for_flow(page, ("audio", "video"))
        assert flow["state"] == "connected"
        for kind in ("audio", "video"):
            assert flow["outbound"][kind]["bytes"] > 0, (kind, flow)
            assert flow["inbound"][kind]["bytes"] > 0, (kind, flow)
        assert flow["inbound"]["video"]["frames"] > 0
        assert flow["outbound"]["video"]["frames"] > 0
        assert page.locator("#call-status").inner_text() == "已接通"
    # The chat goes over the WebSocket, next to the media.
    clinician.fill("#call-chat-text", "您好,能听到我吗?")
    clinician.click("#call-chat-form button")
    seafarer.locator("#call-chat-log li", has_text="能听到我吗").wait_for()
    close(seafarer, clinician)


def test_it_sends_no_video_in_audio_only_mode_and_tunes_opus(site, server, media_browser):
    seafarer, clinician = both(site, server.base, media_browser, "audio", "video")
    for page in (seafarer, clinician):
        flow = harness.wait_for_flow(page, ("audio",))
        assert flow["outbound"]["audio"]["bytes"] > 0 and flow["inbound"]["audio"]["bytes"] > 0
        video_out = flow["outbound"].get("video", {})
        assert video_out.get("bytes", 0) == 0, flow
        opus = [line for line in flow["local"].split("\r\n") if line.startswith("a=fmtp:111")]
        assert opus, flow["local"]
        # No loss reported on loopback: no in-band FEC.
        for param in ("useinbandfec=0", "usedtx=1", "stereo=0", "maxaveragebitrate=10000"):
            assert param in opus[0], opus
        assert "a=ptime:120" in flow["local"]
    # On the wire: 120 ms packets (<= 8.3 a second, fewer in DTX silence; 20 ms would be 50)
    # and the bitrate cap hold: payload plus 50 bytes a packet stays under 16 kbit/s.
    start = harness.stats(seafarer)["outbound"]["audio"]
    seafarer.wait_for_timeout(4000)
    end = harness.stats(seafarer)["outbound"]["audio"]
    packets = end["packets"] - start["packets"]
    assert packets / 4 <= 10, (start, end)
    assert (end["bytes"] - start["bytes"] + 50 * packets) * 8 / 4 <= 16_000, (start, end)
    page_text = clinician.locator("#call-notice").inner_text()
    assert page_text == "对方选择了仅语音。"
    close(seafarer, clinician)


def test_it_switches_in_band_fec_on_in_the_same_call_when_loss_is_reported(
    site, server, media_browser
):
    # Any reported loss fraction (even 0 on loopback) counts as "lossy" with this threshold, so
    # the real RTCP-driven path runs: the answerer (seafarer) asks, the offerer renegotiates.
    tuning = {"fecLoss": 0, "fecSamples": 1, "statsMs": 500}
    seafarer, clinician = both(site, server.base, media_browser, "audio", "audio", tuning=tuning)
    harness.wait_for_flow(seafarer, ("audio",))
    session = seafarer.evaluate("window.__call.session")
    origin = "window.__call.pc.remoteDescription.sdp.match(/^o=\\S+ \\S+ (\\d+)/m)[1]"
    first_version = seafarer.evaluate(origin)
    # The seafarer's audio is "lost": it asks, the clinician makes a new offer on the same
    # connection, and the seafarer's side of the new descriptions asks for in-band FEC (each
    # side's own flag decides what it sends; the clinician keeps sending without FEC).
    seafarer.wait_for_function(
        "() => window.__call.fec && window.__call.pc.signalingState === 'stable'"
        " && /useinbandfec=1/.test(window.__call.pc.localDescription.sdp)"
        " && /useinbandfec=1/.test(window.__call.pc.remoteDescription.sdp)",
        timeout=30_000,
    )
    assert int(seafarer.evaluate(origin)) > int(first_version)  # a renegotiation, in place
    assert clinician.evaluate("window.__call.fec") is False
    # The same connection and session carry on: no new call was set up.
    assert seafarer.evaluate("window.__call.session") == session
    before = harness.stats(seafarer)["outbound"]["audio"]["bytes"]
    seafarer.wait_for_timeout(1500)
    after = harness.stats(seafarer)
    assert after["state"] == "connected" and after["outbound"]["audio"]["bytes"] > before
    close(seafarer, clinician)


def test_it_falls_back_to_audio_only_when_the_measured_bandwidth_is_too_low(
    site, server, media_browser
):
    # The threshold is raised far above what loopback measures, so the real measurement
    # (availableOutgoingBitrate from getStats) counts as "too low" on the seafarer's side.
    tuning = {"minVideoBitrate": 10**12, "lowSamples": 2, "statsMs": 500}
    seafarer, clinician = both(site, server.base, media_browser, "video", "video", tuning=tuning)
    seafarer.locator("#call-notice", has_text="已自动关闭视频").wait_for()
    clinician.locator("#call-notice", has_text="对方网络太慢").wait_for()
    before = harness.stats(seafarer)["outbound"]["video"]["bytes"]
    seafarer.wait_for_timeout(1500)
    after = harness.stats(seafarer)
    assert after["outbound"]["video"]["bytes"] == before
    assert after["outbound"]["audio"]["bytes"] > 0 and after["state"] == "connected"
    assert harness.stats(clinician)["outbound"]["video"]["bytes"] > 0  # the doctor keeps video
    close(seafarer, clinician)


def test_it_reconnects_when_a_peer_reloads_the_page(site, server, media_browser):
    seafarer, clinician = both(site, server.base, media_browser, "audio", "audio")
    first = clinician.evaluate("window.__call.session")
    seafarer.reload()
    # The old socket's close and the reloaded page's new socket reach the server in either
    # order on a loaded machine; when the new one is first, the clinician never passes through
    # "对方已离开". What must hold is the reconnection below, to a new session.
    harness.join(seafarer, "audio")
    harness.wait_connected(seafarer)
    clinician.wait_for_function(
        f"() => window.__call.session !== {first!r} && "
        "window.__call.pc.connectionState === 'connected'"
    )
    flow = harness.wait_for_flow(clinician, ("audio",))
    assert flow["inbound"]["audio"]["bytes"] > 0
    close(seafarer, clinician)


def test_it_refuses_an_outsider_at_the_page_and_the_websocket(site, server, media_browser):
    page = harness.open_room(media_browser, server.base, site, "outsider")
    assert page.locator("#call-join").count() == 0
    response = page.goto(f"{server.base}/consultations/room/{site.appointment}/")
    assert response.status == 404
    code = page.evaluate(
        """(path) => new Promise((resolve) => {
             const ws = new WebSocket("ws://" + location.host + path);
             ws.onclose = (e) => resolve(e.code);
           })""",
        f"/ws/consultations/{site.appointment}/",
    )
    assert code == 4404
    close(page)


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def test_it_connects_across_two_server_processes_sharing_redis(site, media_browser):
    if not _redis_reachable():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (CI runs it)")
    redis = {
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CHANNEL_PREFIX": f"callroom-{uuid.uuid4().hex[:8]}",
        "CACHE_KEY_PREFIX": f"callroom-{uuid.uuid4().hex[:8]}",
    }
    first, second = harness.Server(site, **redis), harness.Server(site, **redis)
    try:
        seafarer = harness.open_room(media_browser, first.base, site, "seafarer")
        clinician = harness.open_room(media_browser, second.base, site, "clinician")
        harness.join(seafarer, "audio")
        harness.join(clinician, "video")
        harness.wait_connected(seafarer)
        harness.wait_connected(clinician)
        for page in (seafarer, clinician):
            flow = harness.wait_for_flow(page, ("audio",))
            assert flow["inbound"]["audio"]["bytes"] > 0
        clinician.fill("#call-chat-text", "跨进程的消息")
        clinician.click("#call-chat-form button")
        seafarer.locator("#call-chat-log li", has_text="跨进程的消息").wait_for()
        close(seafarer, clinician)
    finally:
        first.stop()
        second.stop()


def test_the_clinician_is_led_to_the_note_after_hanging_up(site, server, media_browser):
    seafarer, clinician = both(site, server.base, media_browser, "audio", "audio")
    assert clinician.locator("#call-note").is_hidden()
    clinician.click("#call-hangup")
    note = clinician.locator("#call-note")
    note.wait_for(state="visible")
    assert note.get_attribute("href") == f"/consultations/appointments/{site.appointment}/note/"
    assert seafarer.locator("#call-note").count() == 0
    close(seafarer, clinician)


def test_a_legal_worker_and_the_seafarer_talk_in_the_same_room(site, server, media_browser):
    """Issue 11 item 8: one room for both services; a legal call needs no clinical note."""
    legal = site.people["legal_appointment"]
    seafarer = harness.open_room(media_browser, server.base, site, "seafarer", appointment=legal)
    worker = harness.open_room(media_browser, server.base, site, "legal_worker", appointment=legal)
    assert seafarer.locator("h1").inner_text() == "法律咨询室"
    harness.join(seafarer, "audio")
    harness.join(worker, "audio")
    harness.wait_connected(seafarer)
    harness.wait_connected(worker)
    flow = harness.wait_for_flow(worker, ("audio",))
    assert flow["inbound"]["audio"]["bytes"] > 0 and flow["outbound"]["audio"]["bytes"] > 0
    assert worker.locator("#call-note").count() == 0  # no clinical note on a legal call
    close(seafarer, worker)
