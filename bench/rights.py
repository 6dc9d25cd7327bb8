"""Figures for 维权保障 (issue 11 benchmarks): the bytes a seafarer's phone moves to open a
case (the report form, the submission and the case page it leads to) and to read a case with
ten timeline entries (budget: ≤ 14 KB of compressed HTML per page), and the union's statistics
over many cases (target: ≤ 1 s on PostgreSQL at 100,000 cases).

The cases of the statistics are bulk-inserted (volume, not the rules of opening, is measured):
every category, every status, submitted over the last 14 months, most answered within days,
the resolved ones with money recovered. SQLite in a temporary VAR_DIR, or PostgreSQL in a
scratch database next to the one DATABASE_URL names (dropped afterwards). Figures, not tests.

Usage: .venv/bin/python bench/rights.py [--cases 100000] [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

BUDGET = 14 * 1024
TARGET_MS = 1000
STATUSES = (
    ("received", 8),
    ("verifying", 10),
    ("mediation", 8),
    ("arbitration", 4),
    ("litigation", 2),
    ("resolved", 40),
    ("referred", 10),
    ("declined", 8),
    ("closed", 10),
)


def _compressed(response: object) -> int:
    body = response.content  # type: ignore[attr-defined]
    if response.get("Content-Encoding") == "gzip":  # type: ignore[attr-defined]
        return len(body)
    return len(gzip.compress(body))


def _verdict(size: int) -> str:
    return "PASS" if size <= BUDGET else "FAIL"


def pages(world: object) -> None:
    from django.test import Client

    from seafarers_home.accounts.models import Role
    from seafarers_home.rights.actions.reporting import do_post_seafarer_message
    from seafarers_home.rights.actions.working import do_add_entry, do_claim_case
    from seafarers_home.rights.models import RightsCase
    from tests.personas import _user, login
    from tests.rights.conftest import wage_post

    seafarer = login(Client(), world.seafarer)  # type: ignore[attr-defined]
    form = seafarer.get("/rights/new/wage_arrears/", HTTP_ACCEPT_ENCODING="gzip")
    data = wage_post(key="bench-1")
    sent = len("&".join(f"{k}={v}" for k, v in data.items()).encode())
    answer = seafarer.post("/rights/new/wage_arrears/", data, HTTP_ACCEPT_ENCODING="gzip")
    case = RightsCase.objects.get(idempotency_key="bench-1")
    landed = seafarer.get(answer["Location"], HTTP_ACCEPT_ENCODING="gzip")
    print(f"  open a case: form {_compressed(form)} B compressed ({_verdict(_compressed(form))})")
    print(f"  open a case: POST body {sent} B, answer {len(answer.content)} B (redirect)")
    print(
        f"  open a case: the case page it lands on {_compressed(landed)} B compressed "
        f"({_verdict(_compressed(landed))})"
    )
    officer = _user("13800000019", "何明", (Role.LEGAL_WORKER, world.union))  # type: ignore[attr-defined]
    do_claim_case(case, officer)  # with the submission: two entries
    for n in range(4):
        do_add_entry(case, officer, kind="message", body="请补充工资条和银行流水。" * 10)
        do_post_seafarer_message(case, world.seafarer, f"第{n}次补充:" + "工资条在家里。" * 10)  # type: ignore[attr-defined]
    entries = case.entries.count()
    read = seafarer.get(f"/rights/{case.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    work = login(Client(), officer).get(f"/rights/work/{case.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    print(
        f"  read a case ({entries} entries): seafarer {_compressed(read)} B "
        f"({_verdict(_compressed(read))}), legal worker {_compressed(work)} B "
        f"({_verdict(_compressed(work))})"
    )


def bulk_cases(world: object, n: int) -> None:
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from seafarers_home.accounts.models import User
    from seafarers_home.rights.categories import all_categories
    from seafarers_home.rights.models import RightsCase

    codes = [c.code for c in all_categories()]
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    seafarers = list(User.objects.values_list("pk", flat=True))
    now = timezone.now()
    started = time.perf_counter()
    batch = []
    for i in range(n):
        submitted = now - datetime.timedelta(minutes=(i * 6151) % (430 * 24 * 60))
        status = statuses[i % len(statuses)]
        answered = i % 9 != 0 or status != "received"
        batch.append(
            RightsCase(
                seafarer_id=seafarers[i % len(seafarers)],
                category=codes[i % len(codes)],
                summary="批量案件",
                details={"known_date": "2026-01-05"},
                status=status,
                urgent=i % 50 == 0,
                submitted_at=submitted,
                first_response_at=submitted + datetime.timedelta(minutes=30 + (i * 37) % 4000)
                if answered
                else None,
                amount_recovered=Decimal(1000 + i % 50000) if status == "resolved" else None,
                recovered_currency=("CNY", "USD")[i % 5 == 0] if status == "resolved" else "",
            )
        )
        if len(batch) == 5000:
            RightsCase.objects.bulk_create(batch)
            batch = []
    RightsCase.objects.bulk_create(batch)
    print(f"  data: {RightsCase.objects.count()} cases in {time.perf_counter() - started:.1f} s")


def statistics_figures(world: object) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from seafarers_home.rights.stats import rights_statistics
    from tests.personas import login

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE rights_rightscase")
    times = []
    for _ in range(7):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            rights_statistics()
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    verdict = "PASS" if median <= TARGET_MS else "FAIL"
    print(
        f"  statistics: median {median:.0f} ms (min {min(times):.0f}, max {max(times):.0f}) "
        f"/ {TARGET_MS} ms, {len(queries)} queries  {verdict}"
    )
    staff = login(Client(), world.union_staff)  # type: ignore[attr-defined]
    started = time.perf_counter()
    page = staff.get("/rights/statistics/", HTTP_ACCEPT_ENCODING="gzip")
    print(
        f"  statistics page: {page.status_code} in {(time.perf_counter() - started) * 1000:.0f} "
        f"ms, {_compressed(page)} B compressed"
    )


def child(n: int) -> None:
    setup_django()
    from django.conf import settings

    from tests.personas import build_world

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    world = build_world()
    pages(world)
    bulk_cases(world, n)
    statistics_figures(world)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.cases)
        return
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"rights bench, {args.engine}, {args.cases} cases; {uptime}")
    if args.engine == "sqlite":
        code = run_child(Path(__file__), ["--cases", str(args.cases)], None)
    else:
        url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
        with scratch_postgres(url, scratch_name("bench_rights")) as scratch:
            code = run_child(Path(__file__), ["--cases", str(args.cases)], scratch)
    print(f"  after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    sys.exit(code)


if __name__ == "__main__":
    main()
