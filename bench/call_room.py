"""Call room benchmark: what a 远程咨询 call costs and how fast it connects.

Prepares a throw-away SQLite site with production-like settings (DEBUG off, compressed
static files; tests/consultations_room/harness.py, as bench/page_budget.py does it), books a
remote appointment now for the test seafarer with the test clinician, starts the real
server (`manage.py serve --no-worker`) and drives Chromium with fake camera and microphone.
It prints:

* time from both joining the room to `connected` (loopback, host candidates), over N calls,
* the audio bitrate on the wire in audio-only mode over ~20 s: payload from getStats'
  bytesSent, plus per-packet overhead: RTP 12 + UDP 8 + IPv4 20 + SRTP auth tag 10 bytes
  (target < 32 kbit/s), and the same with the RTP header bytes Chrome really sent
  (headerBytesSent: RTP header and its extensions),
* bytes transferred to open the room page on a first visit (every response with headers,
  Chrome DevTools Protocol encodedDataLength; budget 50 KB), and its compressed HTML.

Figures only; exits 0 unless the site cannot be prepared. Chrome's fake microphone plays a
beep with pauses, so DTX (silence suppression) is exercised; `--speech` plays the recorded
speech sample (bench/data/speech_zh.wav, looped) as the microphone instead, and `--opus-kbps`
overrides call.js's Opus bitrate (window.__callTuning) to compare settings.

Usage: `.venv/bin/python bench/call_room.py [--calls 5] [--seconds 20] [--speech]
[--opus-kbps 10] [--chromium PATH]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from page_budget import CHROMIUM_ARGS, TOTAL_BUDGET, kb  # noqa: E402

from tests.consultations_room import harness  # noqa: E402

OVERHEAD = 12 + 8 + 20 + 10  # RTP + UDP + IPv4 + SRTP tag, bytes per packet
AUDIO_TARGET = 16_000
SPEECH = Path(__file__).resolve().parent / "data" / "speech_zh.wav"


def one_call(
    browser: Any, server: harness.Server, site: harness.Site, mode: str, **kw: Any
) -> tuple:
    seafarer = harness.open_room(browser, server.base, site, "seafarer", **kw)
    clinician = harness.open_room(browser, server.base, site, "clinician", **kw)
    harness.join(seafarer, mode)
    harness.join(clinician, mode)
    harness.wait_connected(seafarer)
    harness.wait_connected(clinician)
    times = [
        p.evaluate("[window.__call.joinedAt, window.__call.connectedAt]")
        for p in (seafarer, clinician)
    ]
    joined = max(t[0] for t in times)
    connected = max(t[1] for t in times)
    return (connected - joined) / 1000, seafarer, clinician


def close(*pages: Any) -> None:
    for page in pages:
        page.context.close()


def audio_bitrate(page: Any, seconds: float) -> dict[str, float]:
    harness.wait_for_flow(page, ("audio",))
    page.wait_for_timeout(2000)  # past the start-up probing
    first = harness.stats(page)["outbound"]["audio"]
    started = time.monotonic()
    page.wait_for_timeout(int(seconds * 1000))
    last = harness.stats(page)
    elapsed = time.monotonic() - started
    out = last["outbound"]["audio"]
    payload = out["bytes"] - first["bytes"]
    packets = out["packets"] - first["packets"]
    headers = (out.get("headerBytes") or 0) - (first.get("headerBytes") or 0)
    return {
        "seconds": elapsed,
        "packets_per_s": packets / elapsed,
        "payload_kbps": payload * 8 / elapsed / 1000,
        "wire_kbps": (payload + packets * OVERHEAD) * 8 / elapsed / 1000,
        "wire_real_headers_kbps": (payload + headers + packets * (8 + 20 + 10))
        * 8
        / elapsed
        / 1000,
        "video_bytes": last["outbound"].get("video", {}).get("bytes", 0),
    }


def page_weight(browser: Any, server: harness.Server, site: harness.Site) -> dict[str, int]:
    context = browser.new_context(locale="zh-CN", storage_state=site.states["seafarer"])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    totals = {"bytes": 0, "requests": 0}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: totals.__setitem__("requests", totals["requests"] + 1),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: totals.__setitem__("bytes", totals["bytes"] + int(e.get("encodedDataLength", 0))),
    )
    url = f"{server.base}/consultations/room/{site.appointment}/"
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Cookie": cookies})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        totals["html_gzip"] = len(response.read())
        totals["html_encoding"] = response.headers.get("Content-Encoding", "none")
    context.close()
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--speech", action="store_true", help="the speech sample as microphone")
    parser.add_argument("--opus-kbps", type=float, default=None)
    parser.add_argument("--ptime", type=int, default=None, help="Opus packet length, ms")
    args = parser.parse_args()
    media_args = list(harness.FAKE_MEDIA_ARGS)
    if args.speech:
        media_args.append(f"--use-file-for-fake-audio-capture={SPEECH}")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sh-bench-call-") as tmp:
        print("preparing a temporary site (migrate, collectstatic, people, appointment)")
        site = harness.prepare_site(Path(tmp))
        server = harness.Server(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=args.chromium, args=[*CHROMIUM_ARGS, *media_args]
                )
                report(browser, server, site, args)
                browser.close()
        finally:
            server.stop()
    return 0


def report(browser: Any, server: harness.Server, site: harness.Site, args: Any) -> None:
    print(f"\nCall room (server {server.base}, DEBUG=0, SQLite, loopback)\n")
    times = []
    for _ in range(args.calls):
        seconds, *pages = one_call(browser, server, site, "audio")
        times.append(seconds)
        close(*pages)
    print(
        f"both joined -> connected ({args.calls} audio calls): "
        f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s"
    )
    tuning: dict[str, int] = {}
    if args.opus_kbps:
        tuning["opusMaxAverageBitrate"] = int(args.opus_kbps * 1000)
    if args.ptime:
        tuning["ptime"] = args.ptime
    kw = {"tuning": tuning} if tuning else {}
    source = "speech sample" if args.speech else "Chrome's beeps"
    print(f"microphone: {source}; call.js tuning: {tuning or 'defaults'}")
    seconds, seafarer, clinician = one_call(browser, server, site, "audio", **kw)
    for label, page in (("seafarer", seafarer), ("clinician", clinician)):
        rate = audio_bitrate(page, args.seconds)
        verdict = "PASS" if rate["wire_kbps"] * 1000 <= AUDIO_TARGET else "OVER"
        print(
            f"audio-only, {label} sending over {rate['seconds']:.1f} s: "
            f"{rate['packets_per_s']:.1f} packets/s, payload {rate['payload_kbps']:.1f} kbit/s, "
            f"on the wire {rate['wire_kbps']:.1f} kbit/s (+50 B/packet) {verdict} (<= 16), "
            f"with Chrome's real RTP headers {rate['wire_real_headers_kbps']:.1f} kbit/s; "
            f"video bytes sent {rate['video_bytes']}"
        )
    close(seafarer, clinician)
    weight = page_weight(browser, server, site)
    verdict = "PASS" if weight["bytes"] <= TOTAL_BUDGET else "OVER"
    print(
        f"room page, first visit: {weight['bytes']} B {kb(weight['bytes'])} / {kb(TOTAL_BUDGET)} "
        f"{verdict} ({weight['requests']} requests); HTML {weight['html_gzip']} B "
        f"({weight['html_encoding']})"
    )


if __name__ == "__main__":
    sys.exit(main())
