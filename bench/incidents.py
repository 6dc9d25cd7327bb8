"""Figures for a critical incident with 300 people affected (issue 15 benchmarks): opening it
(the people, every task, the page of the on-call psychiatrist), the team's board rendered,
one run of the self-completing tasks and reminders, and the bytes of the seafarer's own
incident page (budget: ≤ 14 KB of compressed HTML, one round trip on a satellite link).

SQLite in a temporary VAR_DIR, or PostgreSQL in a scratch database next to the one
DATABASE_URL names (dropped afterwards). Figures, not timed tests.

Usage: .venv/bin/python bench/incidents.py [--people 300] [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

BUDGET = 14 * 1024


def child(n: int) -> None:
    setup_django()
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
    from seafarers_home.incidents.facts import sync_incidents
    from seafarers_home.incidents.models import ResponseTask
    from tests.personas import build_world, login

    # The test client's host, and plain static names (no collected manifest in a scratch dir).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    world = build_world()
    phones = [f"1391{i:07d}" for i in range(1, n)]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as opened:
        incident, _created = do_open_incident(
            IncidentInput(
                kind="sinking",
                occurred_at=timezone.now() - timedelta(hours=2),
                vessel=world.vessel_a,
                seafarers=[world.seafarer],
                phones=phones,
            ),
            world.union_staff,
        )
    open_s = time.perf_counter() - started
    tasks = ResponseTask.objects.filter(person__incident=incident).count()
    print(f"  open: {n} people, {tasks} tasks in {open_s:.2f} s ({len(opened)} queries)")

    client = login(Client(), world.union_staff)
    client.get(f"/incidents/{incident.pk}/")  # warm templates
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as board_queries:
        board = client.get(f"/incidents/{incident.pk}/")
    board_s = time.perf_counter() - started
    print(
        f"  board: {board_s * 1000:.0f} ms, {len(board.content) / 1024:.0f} KB HTML, "
        f"{len(board_queries)} queries"
    )

    started = time.perf_counter()
    report = sync_incidents(now=timezone.now() + timedelta(days=8))
    print(f"  sync 8 days on: {time.perf_counter() - started:.2f} s, {report}")

    mine = login(Client(), world.seafarer).get("/incidents/mine/", HTTP_ACCEPT_ENCODING="gzip")
    body = mine.content if mine.get("Content-Encoding") == "gzip" else gzip.compress(mine.content)
    verdict = "PASS" if len(body) <= BUDGET else "FAIL"
    print(f"  seafarer's page: {len(body)} B compressed / {BUDGET} B  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.people)
        return
    print(f"incidents bench, {args.engine}, load {os.getloadavg()[0]:.2f}")
    if args.engine == "sqlite":
        sys.exit(run_child(Path(__file__), ["--people", str(args.people)], None))
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    with scratch_postgres(url, scratch_name("bench_incidents")) as scratch:
        sys.exit(run_child(Path(__file__), ["--people", str(args.people)], scratch))


if __name__ == "__main__":
    main()
