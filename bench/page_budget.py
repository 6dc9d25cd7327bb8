"""Page budget: what the start page and the login page cost a seafarer on a satellite link.

Prepares a throw-away SQLite site (migrate, collectstatic, load_demo) in a temporary
directory, starts the real server (`manage.py serve --no-worker`, DEBUG off) on a free
loopback port, drives the machine's Chromium with Playwright and prints, per page:

* compressed HTML bytes (the document body as sent with Content-Encoding),
* total bytes on the wire for a first visit (every response, headers included, from the
  Chrome DevTools Protocol's encodedDataLength), and the number of requests,
* bytes for a repeat visit (static files should come from the browser cache),
* the load time over an emulated 32 kbit/s link with 800 ms latency,

against the budgets (HTML <= 14 KB compressed, first visit <= 50 KB), and the headers that
static files are served with. Figures only: it exits 0 unless the server cannot be started.

Usage: `make bench` or `.venv/bin/python bench/page_budget.py [--keep] [--chromium PATH]`.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = (("start page", "/"), ("login page", "/accounts/login/"))
HTML_BUDGET = 14 * 1024  # one TCP initial congestion window (10 x 1460 bytes) ~ 14 KB
TOTAL_BUDGET = 50 * 1024
# 32 kbit/s both ways, 800 ms round trip: a busy VSAT or Iridium link.
SLOW_LINK = {
    "offline": False,
    "latency": 800,
    "downloadThroughput": 32_000 / 8,
    "uploadThroughput": 32_000 / 8,
}
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


@dataclass
class Visit:
    requests: int = 0
    from_cache: int = 0
    bytes_total: int = 0
    document_bytes: int = 0
    encodings: dict[str, str] = field(default_factory=dict)  # url -> content-encoding
    load_ms: float = 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(var_dir: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "VAR_DIR": str(var_dir),
            "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            # Required with DEBUG off since the keyed audit chain (check E061).
            "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on loopback: no TLS redirect, no secure-only cookies, no HSTS.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "BEHIND_TLS_PROXY": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    """Run a management command quietly; show its output only if it fails."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed ({done.returncode})")


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    return False


def fetch(url: str, accept_encoding: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def visit(browser: Any, url: str, *, slow: bool, repeat: bool = False) -> Visit:
    """Load ``url`` in a fresh context (empty cache); with ``repeat`` measure a second load."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN"
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    result = Visit()
    document_id: list[str] = []

    def on_request(event: dict[str, Any]) -> None:
        result.requests += 1
        if event.get("type") == "Document" and not document_id:
            document_id.append(event["requestId"])

    def on_response(event: dict[str, Any]) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        result.encodings[event["response"]["url"]] = headers.get("content-encoding", "-")

    def on_finished(event: dict[str, Any]) -> None:
        size = int(event.get("encodedDataLength", 0))
        result.bytes_total += size
        if document_id and event["requestId"] == document_id[0]:
            result.document_bytes = size

    def on_cached(event: dict[str, Any]) -> None:
        result.from_cache += 1

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.requestServedFromCache", on_cached)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    result.load_ms = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(300)  # let the last loadingFinished events arrive
    if repeat:
        first = result
        result = Visit()
        document_id.clear()
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        result.encodings = first.encodings
    context.close()
    return result


def verdict(value: int, budget: int) -> str:
    return "PASS" if value <= budget else "OVER"


def kb(value: float) -> str:
    return f"{value / 1024:.1f} KB"


def report(browser: Any, base: str) -> None:
    print(f"\nPage budget (server {base}, DEBUG=0, SQLite, demo data)\n")
    css_url = ""
    for label, path in PAGES:
        url = base + path
        plain, _ = fetch(url, "identity")
        body, headers = fetch(url, "br, gzip")
        html_bytes = len(body)
        first = visit(browser, url, slow=False)
        again = visit(browser, url, slow=False, repeat=True)
        slow = visit(browser, url, slow=True)
        match = re.search(rb'<link rel="stylesheet" href="([^"]+)"', plain)
        if match and not css_url:
            css_url = base + match.group(1).decode()
        print(f"{label} ({path})")
        encoding = headers.get("content-encoding", "none")
        print(
            f"  HTML compressed ({encoding}):       {html_bytes:>7} B  "
            f"{kb(html_bytes):>9} / {kb(HTML_BUDGET)}  {verdict(html_bytes, HTML_BUDGET)}"
            f"   (uncompressed {kb(len(plain))})"
        )
        print(
            f"  HTML document in Chromium:       {first.document_bytes:>7} B  "
            f"(headers included, {first.encodings.get(url, '-')})"
        )
        print(
            f"  first visit, all responses:      {first.bytes_total:>7} B  "
            f"{kb(first.bytes_total):>9} / {kb(TOTAL_BUDGET)}  "
            f"{verdict(first.bytes_total, TOTAL_BUDGET)}   ({first.requests} requests)"
        )
        print(
            f"  repeat visit, all responses:     {again.bytes_total:>7} B  "
            f"({again.requests} requests, {again.from_cache} served from the browser cache)"
        )
        for response_url, content_encoding in first.encodings.items():
            print(f"    {response_url[len(base) :]:<44} Content-Encoding: {content_encoding}")
        print(f"  load over 32 kbit/s, 800 ms RTT: {slow.load_ms / 1000:>7.1f} s")
        print(f"  load on loopback:                {first.load_ms / 1000:>7.2f} s\n")
    if css_url:
        body, headers = fetch(css_url, "br, gzip")
        plain, _ = fetch(css_url, "identity")
        print(f"static file {css_url[len(base) :]}")
        print(f"  Content-Encoding: {headers.get('content-encoding', 'none')}")
        print(f"  Cache-Control:    {headers.get('cache-control', 'none')}")
        print(f"  size: {len(body)} B compressed, {len(plain)} B uncompressed")
        gz_body, gz_headers = fetch(css_url, "gzip")
        print(f"  gzip only: {len(gz_body)} B ({gz_headers.get('content-encoding', 'none')})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="sh-bench-"))
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
                report(browser, base)
            finally:
                browser.close()
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
