"""The message board's statistics for the union over a growing board, on PostgreSQL (issue 20
item 4): ``inquiry_stats`` computed on the request (before) against the worker's snapshot
(``inquiries.stats_snapshot``: the page reads one row).

Builds a scratch database next to the one DATABASE_URL names (dropped afterwards) with one
seafarer and ``--questions`` questions spread over the last 30 months (INSERT ... SELECT
generate_series copying one stored question, so the encrypted body is a real ciphertext),
categories, urgencies and statuses by modulo, three in four answered after 0–72 hours, one in
twenty escalated. Then it times, per period: ``inquiry_stats`` (what every view did before),
``refresh_stats_snapshots`` (the worker, every period at once) and ``current_stats`` (what the
page does now), and prints the machine's load.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
           .venv/bin/python bench/inquiry_stats.py [--questions 100000,1000000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

VARYING = {
    "category": "(ARRAY['physical','mental','medication','diet','other'])[1 + g %% 5]",
    "urgency": "(ARRAY['routine','routine','routine','urgent_mental','urgent_physical'])"
    "[1 + g %% 5]",
    "status": "(ARRAY['answered','answered','closed','open','claimed'])[1 + g %% 5]",
    "created_at": "now() - (g %% 912) * interval '1 day' - (g %% 1440) * interval '1 minute'",
    "updated_at": "now()",
    "due_at": "now() - (g %% 912) * interval '1 day' + interval '24 hours'",
    "first_answered_at": "CASE WHEN g %% 4 = 0 THEN NULL ELSE now() - (g %% 912) * interval "
    "'1 day' + (g %% 4320) * interval '1 minute' END",
    "escalated_at": "CASE WHEN g %% 20 = 0 THEN now() - (g %% 912) * interval '1 day' END",
    "idempotency_key": "''",
}


def build(questions: int, already: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from seafarers_home.accounts.models import User
    from seafarers_home.inquiries.models import Question

    seed = Question.objects.filter(idempotency_key="bench-seed").first()
    if seed is None:
        user = User.objects.create_user("13700000000", None)
        seed = Question.objects.create(
            seafarer=user,
            category="other",
            title="晕船",
            body="晕船吃不下饭怎么办",
            due_at=timezone.now(),
            idempotency_key="bench-seed",
        )
    columns = [f.column for f in Question._meta.concrete_fields if f.column != "id"]
    select = ", ".join(VARYING.get(c, f"q.{c}") for c in columns)
    table = Question._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "  # noqa: S608
            f"FROM {table} q, generate_series(%s, %s) g WHERE q.id = %s",
            [already + 1, questions, seed.pk],
        )
        cur.execute(f"ANALYZE {table}")
    print(f"  {questions - already} questions inserted in {time.perf_counter() - started:.0f} s")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def timed(fn, repeat: int) -> str:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return f"first {runs[0]:7.1f} ms, median {statistics.median(runs):7.1f} ms"


def child(sizes: list[int]) -> None:
    setup_django()
    from django.utils import timezone

    from seafarers_home.inquiries.stats import inquiry_stats
    from seafarers_home.inquiries.stats_snapshot import current_stats, refresh_stats_snapshots

    done = 0
    for size in sizes:
        print(f"{size:,} questions ({load()}):")
        build(size, done)
        done = size
        for months in (12, 24):
            label = f"  inquiry_stats(now, {months}) — before, every view"
            print(f"{label:52} {timed(lambda m=months: inquiry_stats(timezone.now(), m), 5)}")
        print(
            f"  {'refresh_stats_snapshots() — the worker':50} {timed(refresh_stats_snapshots, 3)}"
        )
        for months in (12, 24):
            label = f"  current_stats({months}) — the page now"
            print(f"{label:52} {timed(lambda m=months: current_stats(m), 9)}")
        print(f"  ({load()})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="100000", help="sizes, comma-separated, growing")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(n) for n in args.questions.split(",")]
    if args.child:
        child(sizes)
        return 0
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL=postgres://... : this benchmark runs on PostgreSQL only.")
        return 1
    with scratch_postgres(url, scratch_name("bench_h20_stats")) as scratch:
        return run_child(Path(__file__).resolve(), ["--questions", args.questions], scratch)


if __name__ == "__main__":
    sys.exit(main())
