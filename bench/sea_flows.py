"""Sea flows: what a whole 心理CT and the screening history cost a seafarer on a satellite link.

Prepares the same throw-away SQLite site as page_budget.py (migrate, collectstatic,
load_demo; the real server `manage.py serve --no-worker`, DEBUG off), signs the demo seafarer
in on the fast loopback link (that visit also puts the hashed stylesheet in the browser's
cache, as for any seafarer who has used the site before), then switches Chromium to the
emulated link through the Chrome DevTools Protocol (`Network.emulateNetworkConditions`:
latency 800 ms, 4,000 bytes/s each way) and walks, by clicking like a person:

* the pre-departure 心理CT (PHQ-9, GAD-7, WHO-5, AUDIT-C) from the 心理CT landing page to the
  result, every question answered by its first option;
* the at-sea pulse (PHQ-4, WHO-5) the same way;
* the screening history (which now has a chart per instrument).

Per flow it prints the wall time, the number of requests the browser sent (every redirect
counts: it is one more round trip), how many were answered from the browser cache, the bytes
on the wire, and the Cache-Control of every static file seen. Figures only: it exits 0
unless the site cannot be prepared or served.

Usage: `.venv/bin/python bench/sea_flows.py [--chromium PATH] [--keep]`.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_budget import (  # a sibling script, not a package
    CHROMIUM_ARGS,
    ROOT,
    SLOW_LINK,
    free_port,
    manage,
    site_env,
    wait_until_up,
)

SEAFARER_PHONE = "13900000001"
PASSWORD = "Demo-2026!haiyuan"  # noqa: S105 - the documented demo password (README)
TIMEOUT_MS = 180_000


@dataclass
class Flow:
    name: str
    seconds: float = 0.0
    requests: int = 0
    bytes_total: int = 0
    pages: int = 0
    sent: list[tuple[str, str]] = field(default_factory=list)  # (request id, "METHOD /path")
    cached: set[str] = field(default_factory=set)  # request ids answered by the browser cache
    static_cache: dict[str, str] = field(default_factory=dict)


class Recorder:
    """Counts what the browser sends and receives while a flow runs."""

    def __init__(self, cdp: Any, base: str) -> None:
        self.base = base
        self.flow: Flow | None = None
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event: dict[str, Any]) -> None:
        if self.flow is not None:
            self.flow.requests += 1  # a redirect's next hop is one more event (and round trip)
            request = event["request"]
            label = f"{request['method']} {request['url'][len(self.base) :]}"
            self.flow.sent.append((event["requestId"], label))

    def _cached(self, event: dict[str, Any]) -> None:
        if self.flow is not None:
            self.flow.cached.add(event["requestId"])

    def _response(self, event: dict[str, Any]) -> None:
        url = event["response"]["url"]
        if self.flow is not None and "/static/" in url:
            headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
            self.flow.static_cache[url[len(self.base) :]] = headers.get("cache-control", "none")

    def _finished(self, event: dict[str, Any]) -> None:
        if self.flow is not None:
            self.flow.bytes_total += int(event.get("encodedDataLength", 0))


def click_and_wait(page: Any, locator: Any) -> None:
    with page.expect_navigation(wait_until="load", timeout=TIMEOUT_MS):
        locator.click()


def take_battery(page: Any, base: str, battery: str) -> int:
    """From the landing page to the result; returns the number of questionnaire pages."""
    page.goto(base + "/screening/", wait_until="load", timeout=TIMEOUT_MS)
    start = page.locator("form", has=page.locator(f"input[name=battery][value={battery}]"))
    if start.count() != 1:
        raise SystemExit(f"no start button for {battery!r} on {page.url}")
    click_and_wait(page, start.locator("button"))
    pages = 0
    while page.locator("main form fieldset").count():
        pages += 1
        for fieldset in page.locator("main form fieldset").all():
            fieldset.locator("input[type=radio]").first.check()
        click_and_wait(page, page.locator("main form.stack button"))
        if pages > 10:
            raise SystemExit(f"the battery did not end: {page.url}")
    if "心理CT结果" not in page.locator("main h1").first.inner_text():
        raise SystemExit(f"expected the result page, got {page.url}")
    return pages


def run_flows(browser: Any, base: str) -> list[Flow]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN"
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    recorder = Recorder(cdp, base)
    page.goto(base + "/accounts/login/")
    page.fill("input[name=phone]", SEAFARER_PHONE)
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))
    if "/accounts/login/" in page.url:
        raise SystemExit("the demo seafarer could not sign in")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    flows = []
    for name, action in (
        ("pre-departure 心理CT (PHQ-9, GAD-7, WHO-5, AUDIT-C)", "pre-departure"),
        ("at-sea pulse (PHQ-4, WHO-5)", "at-sea-pulse"),
        ("screening history", "history"),
    ):
        flow = Flow(name)
        recorder.flow = flow
        started = time.perf_counter()
        if action == "history":
            page.goto(base + "/screening/history/", wait_until="load", timeout=TIMEOUT_MS)
        else:
            flow.pages = take_battery(page, base, action)
        flow.seconds = time.perf_counter() - started
        page.wait_for_timeout(500)  # the last loadingFinished events
        recorder.flow = None
        flows.append(flow)
    context.close()
    return flows


def report(flows: list[Flow], base: str) -> None:
    print(f"\nSea flows (server {base}, DEBUG=0, SQLite, demo data; signed in, stylesheet")
    print("already cached; Chromium with latency 800 ms, 4,000 bytes/s each way)\n")
    for flow in flows:
        from_cache = sum(1 for request_id, _label in flow.sent if request_id in flow.cached)
        print(flow.name)
        print(f"  time:       {flow.seconds:6.1f} s")
        print(
            f"  requests:   {flow.requests:6d}  ({flow.requests - from_cache} over the link, "
            f"{from_cache} from the browser cache"
            + (f"; {flow.pages} questionnaire pages)" if flow.pages else ")")
        )
        print(f"  bytes:      {flow.bytes_total:6d} B on the wire (headers included)")
        for request_id, label in flow.sent:
            print(f"    {label}{'  (browser cache)' if request_id in flow.cached else ''}")
        for url, cache in sorted(flow.static_cache.items()):
            print(f"    static {url}: Cache-Control {cache}")
        print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="sh-sea-"))
    env = site_env(var_dir)
    server: subprocess.Popen[bytes] | None = None
    log_path = var_dir / "server.log"
    try:
        print(f"preparing a temporary site in {var_dir} (migrate, collectstatic, load_demo)")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "load_demo")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "serve", "--no-worker",
                 "--host", "127.0.0.1", "--port", str(port)],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        if not wait_until_up(base, server):
            print("the server did not start; its log:", file=sys.stderr)
            print(log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
            return 1
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            try:
                flows = run_flows(browser, base)
            finally:
                browser.close()
        print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        report(flows, base)
        return 0
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
