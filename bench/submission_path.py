"""What one request of the seafarer's submission path costs (issue 20 items 2, 3 and 8): the
at-sea pulse 心理CT (start page, start, PHQ-4 and WHO-5 pages, their answers) and the message
board's ask form, in-process through Django's test client with the production settings (DEBUG
off, PostgreSQL, Redis for cache and channel layer when REDIS_URL is given).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/submission_path.py --keep bench_h20 --rounds 200 [--profile]

It prepares (once, with ``--keep NAME``: kept between invocations, secrets in
``/tmp/seafarers-submission-NAME/``) a database next to DATABASE_URL's with ``migrate``,
``collectstatic`` and ``load_demo``, then in one process signs the 50 demo seafarers in and
runs ``--rounds`` rounds, each one seafarer's pulse and one question through the real pages
(each POST with the page's CSRF token and idempotency key, as ``bench/load/locustfile.py``
does; form-encoded, as browsers send them). Per kind of request it prints the SQL queries
(counted in a first, separate pass: the capture itself costs time), the function calls
(cProfile's count, in another pass: the same on a slow machine and a fast one, where CPU time
is not), the CPU time of this process (the server's share of a request: Django, templates, the
drivers; PostgreSQL's backend is not in it) and the wall time, as median and mean.
``--pages N`` adds the load test's other GET pages (the reading seafarers', the hotline
caller's waiting page, the clinicians' queues), N times each, and then what the load test's
mix costs this process's CPU per second at 10, 20 and 50 submissions/s (``mix_budget``).
``--profile`` adds a cProfile of the timed pass (the top functions by own time and by
cumulative time). The machine's load
average is printed before and after: read the times with it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))  # as load_test.py

from accounts import CLINICIANS, SEAFARERS
from load_test import kept_postgres, load_average, manage, site_env
from pages import CATEGORY, KEY, OPTION, QUESTIONNAIRE, RADIO, REPLACES, REVIEW, THREAD, TOKEN
from screening_common import ROOT, scratch_name, scratch_postgres

FORM = "application/x-www-form-urlencoded"
KINDS = (
    "GET /screening/ (start page)",
    "POST /screening/ (start)",
    "GET PHQ-4 page",
    "POST PHQ-4 (answered with WHO-5)",
    "GET WHO-5 page",
    "POST WHO-5 (answered with the result)",
    "GET /inquiries/ask/",
    "POST /inquiries/ask/ (302)",
    "GET /inquiries/<id>/",
)
# ``--pages``: the load test's other requests (bench/load/locustfile.py), GETs only: the reading
# seafarers' pages, the hotline caller's waiting page, the clinicians' queues.
READING_PAGES = (
    "/",
    "/screening/history/",
    "/inquiries/",
    "/notifications/",
    "/inquiries/knowledge/?q=%E7%9D%A1%E7%9C%A0",
    "/hotline/",
)


def form_body(page: str, fields: dict[str, str]) -> str:
    """A form of ``page`` sent back with its CSRF token, form-encoded as browsers and the load
    test send these forms (the test client's default, multipart, costs the server more to
    parse)."""
    token = TOKEN.search(page)
    assert token is not None, page[:200]
    return urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], **fields})


class Round:
    """One seafarer's pulse and question; ``measure(kind, call)`` wraps each request."""

    def __init__(self, client, measure: Callable[[str, Callable[[], object]], object]) -> None:
        self.client, self.measure = client, measure

    def get(self, kind: str, path: str) -> str:
        response = self.measure(kind, lambda: self.client.get(path))
        assert response.status_code == 200, (kind, response.status_code)
        return response.content.decode()

    def post(self, kind: str, path: str, page: str, fields: dict[str, str], status: int = 200):
        body = form_body(page, fields)
        response = self.measure(kind, lambda: self.client.post(path, body, content_type=FORM))
        assert response.status_code == status, (kind, response.status_code)
        return response

    def run(self) -> None:
        start = self.get(KINDS[0], "/screening/")
        shown = self.post(KINDS[1], "/screening/", start, {"battery": "at-sea-pulse"})
        shown = shown.content.decode()
        for get_kind, post_kind in ((KINDS[2], KINDS[3]), (KINDS[4], KINDS[5])):
            target = QUESTIONNAIRE.search(shown)
            assert target is not None, get_kind
            shown = self.get(get_kind, target[1])
            fields = {"key": KEY.search(shown)[1], "replaces": REPLACES.search(shown)[1]}
            fields.update(dict(RADIO.findall(shown)))  # the last option of each item
            shown = self.post(post_kind, target[1], shown, fields).content.decode()
        ask = self.get(KINDS[6], "/inquiries/ask/")
        fields = {
            "key": KEY.search(ask)[1],
            "category": OPTION.findall(CATEGORY.search(ask)[1])[0],
            "title": "最近睡不好",
            "body": "最近值夜班以后总是睡不着,白天没精神,请问怎么调整作息比较好?",
            "safety_answer": "no",
        }
        asked = self.post(KINDS[7], "/inquiries/ask/", ask, fields, status=302)
        self.get(KINDS[8], asked["Location"])


def python_calls(call: Callable[[], object]) -> tuple[object, int]:
    """``call()``'s answer and the function calls it made (Python's and builtins', cProfile's
    count): unlike CPU time, the same on a slow machine and a fast one."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    with profiler:
        response = call()
    return response, pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]


def other_pages(seafarers: list, clinician, repeat: int) -> dict[str, float]:
    """``--pages``: Python calls and CPU time of each of the load test's other GET pages;
    returns the median CPU ms of each (the clinicians' pages by the names below)."""
    for client in seafarers:  # in the hotline queue, as the load test's callers are
        page = client.get("/hotline/").content.decode()
        if "hotline-join" in page:
            body = form_body(page, {"key": KEY.search(page)[1]})
            client.post("/hotline/join/", body, content_type=FORM)
    queue = clinician.get("/inquiries/staff/").content.decode()
    reviews = clinician.get("/screening/review/").content.decode()
    clinician_pages = (
        "/inquiries/staff/",
        THREAD.findall(queue)[0],
        "/screening/review/",
        REVIEW.findall(reviews)[0],
    )
    pages = [(path, seafarers) for path in READING_PAGES]
    pages += [(path, [clinician]) for path in clinician_pages]
    print(f"\n{'page (GET)':42} {'calls':>8} {'CPU ms med':>11} {'bytes':>7}")
    medians: dict[str, float] = {}
    for path, clients in pages:
        cpu: list[float] = []
        clients[0].get(path)  # the page's templates compiled, its caches filled: as a server's
        response, calls = python_calls(functools.partial(clients[0].get, path))
        for n in range(repeat):
            c0 = time.process_time()
            response = clients[n % len(clients)].get(path)
            cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(
            f"{path[:42]:42} {calls:8d} {statistics.median(cpu):11.1f} {len(response.content):7d}"
        )
        known = clinician_pages.index(path) if path in clinician_pages else None
        medians[path if known is None else CLINICIAN_PAGES[known]] = statistics.median(cpu)
    return medians


CLINICIAN_PAGES = {0: "queue", 1: "question", 2: "reviews", 3: "review"}


def mix_budget(kinds: dict[str, float], pages: dict[str, float]) -> None:
    """What the load test's mix (bench/load/locustfile.py) costs this process's CPU per second
    at several submission rates, from the medians above: the pulse is the start page and three
    POSTs (each answered with the next page), the question the ask page, its POST and the
    question; 20 page views/s (the start page three times in seven), 2 clinician rounds/s, 20
    hotline callers every 8 s. Only the server's Python: not uvicorn and the thread hand-off
    (~1.3 ms a request), PostgreSQL (~3 ms), Redis or the load generator."""
    pulse = sum(kinds[KINDS[i]] for i in (0, 1, 3, 5))
    question = sum(kinds[KINDS[i]] for i in (6, 7, 8))
    weights = {"/": 3, **{path: 1 for path in READING_PAGES[1:-1]}}
    read = sum(pages[path] * n for path, n in weights.items()) / sum(weights.values())
    clinician_round = sum(pages[name] for name in CLINICIAN_PAGES.values())
    fixed = 20 * read + 2 * clinician_round + 20 / 8 * pages["/hotline/"]
    print("\nthe load test's mix in this process's CPU (ms per second; 1,000 = one core busy):")
    for rate in (10, 20, 50):
        requests = rate * 0.8 / 3 * 4 + rate * 0.2 * 3 + 20 + 2 * 4 + 20 / 8
        spent = rate * 0.8 / 3 * pulse + rate * 0.2 * question + fixed
        print(f"  {rate:3d} submissions/s: {spent:6.0f} ms/s for {requests:5.1f} requests/s")


def child(rounds: int, profile: bool, show: str, pages: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from seafarers_home.accounts.models import User
    from seafarers_home.core.session_keys import OTP_SESSION_KEY

    clients = []
    for phone in SEAFARERS:
        client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(phone=phone))
        # Each test client builds its own middleware chain on its first request (WhiteNoise
        # then scans every static file): a server does that once, so do it before measuring.
        assert client.get("/screening/").status_code == 200
        clients.append(client)

    # Pass 1: queries per kind (three rounds; the capture costs time, so not timed).
    queries: dict[str, list[int]] = collections.defaultdict(list)
    shown: dict[str, list[str]] = {}

    def count(kind: str, call: Callable[[], object]) -> object:
        with CaptureQueriesContext(connection) as captured:
            response = call()
        queries[kind].append(len(captured))
        shown[kind] = [q["sql"] for q in captured.captured_queries]
        return response

    for n in range(3):
        Round(clients[n % len(clients)], count).run()

    # Pass 1b: Python calls per kind (three rounds).
    calls: dict[str, list[int]] = collections.defaultdict(list)

    def counted(kind: str, call: Callable[[], object]) -> object:
        response, made = python_calls(call)
        calls[kind].append(made)
        return response

    for n in range(3, 6):
        Round(clients[n % len(clients)], counted).run()

    # Pass 2: CPU and wall time per kind.
    cpu: dict[str, list[float]] = collections.defaultdict(list)
    wall: dict[str, list[float]] = collections.defaultdict(list)

    def timed(kind: str, call: Callable[[], object]) -> object:
        c0, w0 = time.process_time(), time.perf_counter()
        response = call()
        cpu[kind].append((time.process_time() - c0) * 1000)
        wall[kind].append((time.perf_counter() - w0) * 1000)
        return response

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: waits are not costs
    load_before = load_average()
    started = time.perf_counter()
    with profiler if profiler is not None else contextlib.nullcontext():
        for n in range(rounds):
            Round(clients[n % len(clients)], timed).run()
    elapsed = time.perf_counter() - started
    print(f"{rounds} rounds in {elapsed:.1f} s; load average {load_before} → {load_average()}")
    print(
        f"{'request':42} {'queries':>8} {'calls':>8} {'CPU ms med':>11} {'mean':>7} "
        f"{'wall ms med':>12}"
    )
    total_cpu, total_calls = 0.0, 0.0
    for kind in KINDS:
        counts = sorted(set(queries[kind]))
        total_cpu += statistics.fmean(cpu[kind])
        total_calls += statistics.fmean(calls[kind])
        print(
            f"{kind:42} {'/'.join(map(str, counts)):>8} {statistics.median(calls[kind]):8.0f} "
            f"{statistics.median(cpu[kind]):11.1f} {statistics.fmean(cpu[kind]):7.1f} "
            f"{statistics.median(wall[kind]):12.1f}"
        )
    print(f"{'all nine (one round)':42} {'':>8} {total_calls:8.0f} {'':>11} {total_cpu:7.1f}")
    if pages:
        clinician = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
        clinician.force_login(User.objects.get(phone=CLINICIANS[0]))
        session = clinician.session
        session[OTP_SESSION_KEY] = True  # past the TOTP step, as the load test's clinicians
        session.save()
        mix_budget(
            {kind: statistics.median(cpu[kind]) for kind in KINDS},
            other_pages(clients, clinician, pages),
        )
    if show:
        for kind in KINDS:
            if show.lower() in kind.lower():
                print(f"\n-- {kind}: {len(shown[kind])} queries")
                for sql in shown[kind]:
                    print("  ", sql[:220])
    if profiler is not None:
        import pstats

        if os.environ.get("PROFILE_OUT"):
            profiler.dump_stats(os.environ["PROFILE_OUT"])  # for pstats by hand
        for order in ("tottime", "cumulative"):
            print(f"\n-- cProfile, by {order}")
            pstats.Stats(profiler).sort_stats(order).print_stats(45)


@contextlib.contextmanager
def database(url: str, keep: str) -> Iterator[tuple[str, bool]]:
    if keep:
        with kept_postgres(url, keep) as kept:
            yield kept
    else:
        with scratch_postgres(url, scratch_name("bench_submit")) as scratch:
            yield scratch, True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keep", default="", help="a database kept between invocations")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--show", default="", help="print the SQL of the kinds containing this")
    parser.add_argument(
        "--pages", type=int, default=0, help="also the load test's other GET pages, N times each"
    )
    parser.add_argument(
        "--src", default="", help="run another copy of src/ (e.g. the code before a change)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rounds, args.profile, args.show, args.pages)
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL=postgres://... (a scratch database is made next to it)")
    var_dir = Path("/tmp") / f"seafarers-submission-{args.keep or 'scratch'}"
    var_dir.mkdir(parents=True, exist_ok=True)
    with database(url, args.keep) as (database_url, created):
        env = site_env(str(var_dir), database_url)
        if created or not (var_dir / "static").exists():
            print("preparing: migrate, collectstatic, load_demo ...", flush=True)
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "collectstatic", "--noinput", "-v0")
            if created:
                manage(env, "load_demo")
        env["DJANGO_SETTINGS_MODULE"] = "seafarers_home.settings"
        if args.src:  # ahead of the installed (editable) package
            env["PYTHONPATH"] = os.pathsep.join([args.src, str(ROOT)])
        command = [sys.executable, __file__, "--child", "--rounds", str(args.rounds)]
        command += ["--profile"] * args.profile + (["--show", args.show] if args.show else [])
        command += ["--pages", str(args.pages)]
        subprocess.run(command, env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
