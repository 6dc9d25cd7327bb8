"""Figures for 海员活动 and the certificate wallet (issue 12 benchmarks):

1. the bytes of the activity list, an activity after signing up (the QR code and the
   check-in code) and the wallet page as a seafarer reads them (budget: ≤ 14 KB of compressed
   HTML each, Django's GZipMiddleware);
2. 500 sign-ups for 100 places arriving together: every sign-up goes through the real action
   (``do_sign_up``: the activity's row lock, the count of places, the waiting list) from
   ``--workers`` threads, each with its own database connection (the pool is sized to the
   threads, as several app processes would bring), released at once by a barrier. It
   prints the wall time, the latency of one sign-up (median and 95th percentile) and the
   count of places given, which must be exactly 100 (and 400 on the waiting list).

PostgreSQL in a scratch database next to the one DATABASE_URL names (dropped afterwards), or
SQLite in a temporary VAR_DIR (writers are serialised there: one worker). Figures, not timed
tests; exits 1 only if the places given are not exactly the capacity.

Usage: .venv/bin/python bench/activities.py [--signups 500] [--places 100] [--workers 25]
       [--engine postgresql|sqlite]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

BUDGET = 14 * 1024


def _pages(world, activity) -> None:
    import datetime

    from django.conf import settings
    from django.test import Client

    from seafarers_home.activities.actions.signups import do_sign_up
    from seafarers_home.certificates.actions import do_add_certificate
    from seafarers_home.certificates.validity import today_for
    from tests.personas import login

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    reader = world.seafarer
    do_sign_up(reader, activity)
    today = today_for(reader)
    kinds = ("seafarers_passport", "coc_rating", "basic_safety", "health_certificate")
    for n, kind in enumerate(kinds * 3):  # a full wallet: twelve certificates
        do_add_certificate(
            reader,
            kind=kind,
            number=f"ZS-{n:04d}",
            issuer="中华人民共和国舟山海事局",
            issued_on=today - datetime.timedelta(days=900),
            expires_on=today + datetime.timedelta(days=30 * n - 60),
        )
    client = login(Client(), reader)
    pages = (
        ("activity list", "/activities/"),
        ("activity signed up (QR)", f"/activities/{activity.pk}/"),
        ("wallet (12 certificates)", "/certificates/"),
    )
    for label, url in pages:
        page = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert page.status_code == 200, (url, page.status_code)
        compressed = page.get("Content-Encoding") == "gzip"
        body = page.content if compressed else gzip.compress(page.content)
        raw = len(gzip.decompress(body)) if compressed else len(page.content)
        verdict = "PASS" if len(body) <= BUDGET else "FAIL"
        print(
            f"  {label}: {len(body)} B compressed / {BUDGET} B  {verdict}  (uncompressed {raw} B)"
        )


def child(n_signups: int, n_places: int, workers: int) -> int:
    setup_django()
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.db import connection, connections
    from django.utils import timezone

    from seafarers_home.accounts.models import User
    from seafarers_home.activities.actions.publishing import ActivityDetails, do_publish_activity
    from seafarers_home.activities.actions.signups import do_sign_up
    from seafarers_home.activities.models import Activity, SignUp
    from tests.personas import build_world

    world = build_world()
    start = timezone.now() + datetime.timedelta(days=7)

    def publish(title: str, capacity: int) -> Activity:
        details = ActivityDetails(
            title=title,
            description="海员之家篮球场,欢迎报名。",
            kind="culture",
            online=False,
            place="海员之家体育馆",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            signup_deadline=start - datetime.timedelta(days=1),
            capacity=capacity,
            audience="all",
            company=None,
            max_guests=0,
        )
        return do_publish_activity(world.union_staff, world.union, details)[0]

    for n in range(12):  # a realistic list: a dozen upcoming activities
        publish(f"海员活动 {n + 1}", 40)
    _pages(world, publish("海员篮球赛", 40))

    race = publish("归港海员联欢会", n_places)
    unusable = make_password(None)  # bulk-made seafarers: nobody signs in as them
    User.objects.bulk_create(
        User(phone=f"139{n:08d}", display_name=f"海员{n}", password=unusable)
        for n in range(n_signups)
    )
    people = list(User.objects.filter(phone__startswith="139").order_by("pk")[:n_signups])
    chunks = [people[i::workers] for i in range(workers)]
    barrier = threading.Barrier(workers)
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def take(chunk: list[User]) -> None:
        mine: list[float] = []
        try:
            barrier.wait()
            for person in chunk:
                began = time.perf_counter()
                do_sign_up(person, race, idempotency_key=f"bench-{person.pk}")
                mine.append(time.perf_counter() - began)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            with lock:
                latencies.extend(mine)
            connections.close_all()

    threads = [threading.Thread(target=take, args=(chunk,)) for chunk in chunks]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    connection.close()
    statuses = list(SignUp.objects.filter(activity=race).values_list("status", flat=True))
    given, waiting = statuses.count("confirmed"), statuses.count("waiting")
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(
        f"  {n_signups} sign-ups for {n_places} places from {workers} threads: {wall:.2f} s "
        f"({n_signups / wall:.0f} sign-ups/s); one sign-up median "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )
    verdict = "PASS" if given == n_places and not errors else "FAIL"
    print(f"  places given: {given} (must be exactly {n_places})  {verdict}; waiting: {waiting}")
    if errors:
        print(f"  errors: {len(errors)}, first: {errors[0]!r}")
    return 0 if verdict == "PASS" else 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=500)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--workers", type=int, default=25)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    workers = args.workers if args.engine == "postgresql" else 1
    sizes = ["--signups", str(args.signups), "--places", str(args.places)]
    sizes += ["--workers", str(workers), "--engine", args.engine]
    if args.child:
        sys.exit(child(args.signups, args.places, args.workers))
    print(f"activities bench, {args.engine}, load average {os.getloadavg()}")
    if args.engine == "sqlite":
        sys.exit(run_child(Path(__file__), sizes, None))
    # One connection per thread, as if the sign-ups came through several app processes (one
    # process's pool, DB_POOL_MAX_SIZE 10 by default, would queue them at the pool instead).
    os.environ["DB_POOL_MAX_SIZE"] = str(max(workers + 2, 10))
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    with scratch_postgres(url, scratch_name("bench_activities")) as scratch:
        sys.exit(run_child(Path(__file__), sizes, scratch))


if __name__ == "__main__":
    main()
