"""Fire many concurrent requests at a server; print status counts and p50/p95/p99.

Against a running server:

    .venv/bin/python bench/overload.py --url http://127.0.0.1:8000 -c 200 -n 2000 [--path /]

Or let it prepare one: a scratch PostgreSQL database next to DATABASE_URL's (dropped after),
`migrate`, one seafarer who accepted the current documents, `manage.py serve --no-worker
--workers W` with production settings except TLS, signed in as that seafarer. Each
`--env KEY=VALUE` goes to the server (e.g. `--env REQUESTS_IN_FLIGHT_MAX=4`; with
`--env DB_POOL=0 --env REQUESTS_IN_FLIGHT_MAX=0` every request opens its own connection:
not on a PostgreSQL server that others share, it can take all of its max_connections):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/overload.py --serve --workers 2 -c 200 -n 2000

Load: `-c` clients, each sending its next request as soon as the previous one is answered
(closed loop), or with `--rate R` a new request every 1/R s whatever the answers (open loop,
arrivals like a crowd of phones), until `-n` requests are done; a new connection for each
request; the paths are taken in turn. The client is asyncio in one process on the same
machine, so it competes with the server for the CPU: read the figures side by side, not as
absolutes.
Exits 0 whatever the figures are; they go into bench/README.md with date, database and load.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import ROOT, base_env, scratch_name, scratch_postgres

SEAFARER = ("13900000001", "Bench-2026!haiyuan")
# One seafarer who has accepted the current documents (not load_demo: the bench should not
# depend on the demo data, and it needs no more than one person).
MAKE_SEAFARER = f"""
from seafarers_home.accounts.models import User
from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.services import current_document
user = User.objects.create_user({SEAFARER[0]!r}, {SEAFARER[1]!r}, display_name="测试海员")
for kind in ConsentKind.values:
    document = current_document(kind)
    if document is not None:
        do_accept_consent(user, document)
"""


async def one_request(host: str, port: int, path: str, cookie: str) -> tuple[int, float, bool]:
    """(status, seconds, has Retry-After); status 0 when the connection failed."""
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection(host, port)
        head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
        head += "Accept-Encoding: gzip\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "")
        writer.write((head + "\r\n").encode())
        await writer.drain()
        raw = await reader.read()
        writer.close()
    except OSError:
        return 0, time.perf_counter() - started, False
    elapsed = time.perf_counter() - started
    status_line, _, rest = raw.partition(b"\r\n")
    parts = status_line.split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers = rest.split(b"\r\n\r\n", 1)[0].lower()
    return status, elapsed, b"\r\nretry-after:" in b"\r\n" + headers


async def load(url: str, paths: list[str], clients: int, total: int, cookie: str) -> list:
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    results: list[tuple[int, float, bool]] = []
    counter = iter(range(total))

    async def client() -> None:
        for n in counter:
            results.append(await one_request(host, port, paths[n % len(paths)], cookie))

    await asyncio.gather(*(client() for _ in range(clients)))
    return results


async def load_at_rate(url: str, paths: list[str], rate: float, total: int, cookie: str) -> list:
    """Open loop: request n starts at n / rate seconds, answered or not (arrivals do not wait
    for the server, as a crowd of phones does not)."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    started = time.perf_counter()
    tasks = []
    for n in range(total):
        delay = started + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        path = paths[n % len(paths)]
        tasks.append(asyncio.ensure_future(one_request(host, port, path, cookie)))
    return list(await asyncio.gather(*tasks))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(results: list[tuple[int, float, bool]], seconds: float) -> None:
    counts = collections.Counter(status for status, _, _ in results)
    print(f"  {len(results)} requests in {seconds:.1f} s ({len(results) / seconds:.0f}/s)")
    print(
        "  status counts: "
        + ", ".join(f"{s or 'no answer'}: {c}" for s, c in sorted(counts.items()))
    )
    busy = [r for r in results if r[0] == 503]
    if busy:
        with_header = sum(1 for r in busy if r[2])
        print(f"  503 with Retry-After: {with_header} of {len(busy)}")
    for label, chosen in (("all", results), ("200", [r for r in results if r[0] == 200])):
        times = [elapsed * 1000 for _, elapsed, _ in chosen]
        if times:
            print(
                f"  latency {label:>3}: p50 {percentile(times, 0.5):.0f} ms, "
                f"p95 {percentile(times, 0.95):.0f} ms, p99 {percentile(times, 0.99):.0f} ms, "
                f"mean {statistics.fmean(times):.0f} ms"
            )
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


# A server of our own ------------------------------------------------------------------------


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sign_in(base: str) -> str:
    """The seafarer through the real login form; the Cookie header to send."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no CSRF token on the login form"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "phone": SEAFARER[0], "password": SEAFARER[1]}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data), timeout=30)  # noqa: S310 - our own http URL
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, "the seafarer could not sign in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


@contextlib.contextmanager
def own_server(workers: int, extra: dict[str, str]) -> Iterator[str]:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        raise SystemExit(
            "--serve needs DATABASE_URL=postgres://... (the scratch database's server)"
        )
    with (
        tempfile.TemporaryDirectory(prefix="bench-overload-") as var_dir,
        scratch_postgres(database, scratch_name("bench_overload")) as url,
    ):
        env = base_env(var_dir)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(
            DATABASE_URL=url, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0", BEHIND_TLS_PROXY="0", SECURE_HSTS_SECONDS="0",
            STATICFILES_STORAGE_BACKEND="django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
            AUDIT_HMAC_KEY=secrets.token_urlsafe(48),
            LOGIN_MAX_FAILURES_PER_ADDRESS="100000", LOG_LEVEL="WARNING",
        )  # fmt: skip
        print("preparing the scratch database (migrate, collectstatic, one seafarer) ...")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "shell", "-c", MAKE_SEAFARER)
        port = free_port()
        log = Path(var_dir) / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "serve", "--no-worker",
                 "--workers", str(workers), "--port", str(port)],
                env={**env, **extra}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(30)
            errors = log.read_text(errors="replace").count("Internal Server Error")
            print(f"  server log: {errors} 'Internal Server Error' lines")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--path", action="append", help="path(s) to request, in turn (default /)")
    parser.add_argument("-c", "--clients", type=int, default=100, help="concurrent clients")
    parser.add_argument(
        "--rate", type=float, help="open loop: requests per second instead of -c clients"
    )
    parser.add_argument("-n", "--requests", type=int, default=1000)
    parser.add_argument("--cookie", default="", help="Cookie header, e.g. sessionid=...")
    parser.add_argument("--serve", action="store_true", help="prepare and serve a scratch site")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    parser.add_argument("--anonymous", action="store_true", help="with --serve: do not sign in")
    args = parser.parse_args()
    paths = args.path or ["/"]

    def run(base: str, cookie: str) -> None:
        shape = f"{args.rate:g}/s" if args.rate else f"{args.clients} clients"
        print(f"{shape}, {args.requests} requests, paths {paths}, {base}")
        asyncio.run(load(base, paths, 5, 20, cookie))  # warm-up: pools, templates
        started = time.perf_counter()
        if args.rate:
            results = asyncio.run(load_at_rate(base, paths, args.rate, args.requests, cookie))
        else:
            results = asyncio.run(load(base, paths, args.clients, args.requests, cookie))
        report(results, time.perf_counter() - started)

    if not args.serve:
        run(args.url.rstrip("/"), args.cookie)
        return
    extra = dict(item.split("=", 1) for item in args.env)
    print(f"server: serve --no-worker --workers {args.workers}, extra settings {extra or '-'}")
    with own_server(args.workers, extra) as base:
        run(base, "" if args.anonymous else sign_in(base))


if __name__ == "__main__":
    main()
