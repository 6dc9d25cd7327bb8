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
does). Per kind of request it prints the SQL queries (counted in a first, separate pass: the
capture itself costs time), the CPU time of this process (the server's share of a request:
Django, templates, the drivers; PostgreSQL's backend is not in it) and the wall time, as
median and mean. ``--profile`` adds a cProfile of the timed pass (the top functions by own
time and by cumulative time). The machine's load average is printed before and after: read
the times with it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))  # as load_test.py

from accounts import SEAFARERS
from load_test import kept_postgres, load_average, manage, site_env
from pages import CATEGORY, KEY, OPTION, QUESTIONNAIRE, RADIO, REPLACES, TOKEN
from screening_common import ROOT, scratch_name, scratch_postgres

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


class Round:
    """One seafarer's pulse and question; ``measure(kind, call)`` wraps each request."""

    def __init__(self, client, measure: Callable[[str, Callable[[], object]], object]) -> None:
        self.client, self.measure = client, measure

    def get(self, kind: str, path: str) -> str:
        response = self.measure(kind, lambda: self.client.get(path))
        assert response.status_code == 200, (kind, response.status_code)
        return response.content.decode()

    def post(self, kind: str, path: str, page: str, fields: dict[str, str], status: int = 200):
        token = TOKEN.search(page)
        assert token is not None, kind
        data = {"csrfmiddlewaretoken": token[1], **fields}
        response = self.measure(kind, lambda: self.client.post(path, data))
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


def child(rounds: int, profile: bool, show: str) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from seafarers_home.accounts.models import User

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
    print(f"{'request':42} {'queries':>8} {'CPU ms med':>11} {'mean':>7} {'wall ms med':>12}")
    total_cpu = 0.0
    for kind in KINDS:
        counts = sorted(set(queries[kind]))
        total_cpu += statistics.fmean(cpu[kind])
        print(
            f"{kind:42} {'/'.join(map(str, counts)):>8} {statistics.median(cpu[kind]):11.1f} "
            f"{statistics.fmean(cpu[kind]):7.1f} {statistics.median(wall[kind]):12.1f}"
        )
    print(f"{'all nine (one round), CPU ms':42} {'':>8} {'':>11} {total_cpu:7.1f}")
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
        "--src", default="", help="run another copy of src/ (e.g. the code before a change)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rounds, args.profile, args.show)
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
        subprocess.run(command, env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
