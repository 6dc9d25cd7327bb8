"""Figures for 企业招聘 (issue 13 benchmarks): the bytes of the posting list and of a posting
as a seafarer reads them (budget: ≤ 14 KB of compressed HTML each), and the posting search with
filters over many postings and applications (target: median ≤ 300 ms on PostgreSQL at 50,000
postings and 1,000,000 applications).

Rows are bulk-inserted (not through the actions: volume, not rules, is measured). SQLite in a
temporary VAR_DIR, or PostgreSQL in a scratch database next to the one DATABASE_URL names
(dropped afterwards). Figures, not timed tests.

Measured 2026-12-05 on the shared 2-core box (load ~10), PostgreSQL, 50,000 postings and
1,000,000 applications: search medians 151 ms (no filter), 46 ms (rank), 47 ms (rank, type,
wage), 67 ms (area, joining dates); list page 2.3 KB and posting page 2.7 KB compressed.

Usage: .venv/bin/python bench/jobs.py [--postings 50000] [--applications 1000000]
       [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

BUDGET = 14 * 1024
TARGET_MS = 300
RANKS = ("fisherman", "able_seafarer", "cook", "motorman", "third_officer", "bosun")
KINDS = ("distant_water_fishing", "coastal_cargo", "ocean_going_merchant", "offshore_fishing")
AREAS = ("东南太平洋鱿钓渔场", "中国沿海", "远东—东南亚航线", "北太平洋秋刀鱼渔场")


def _live(round_number: int, seafarers: int) -> bool:
    return round_number < seafarers and round_number % 2 == 1


def child(n_postings: int, n_applications: int) -> None:
    setup_django()
    import datetime

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from seafarers_home.accounts.models import User
    from seafarers_home.jobs.matching import Filters, apply_filters, open_postings
    from seafarers_home.jobs.models import Application, Posting, PostingVersion
    from tests.jobs.conftest import hold
    from tests.personas import build_world, login

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    world = build_world()
    today = timezone.localdate()
    now = timezone.now()
    started = time.perf_counter()
    companies = [world.company_a, world.company_b]
    batch = []
    for i in range(n_postings):
        low = 5000 + (i % 40) * 250
        batch.append(
            Posting(
                company=companies[i % 2],
                status="approved" if i % 10 else "closed",
                rank=RANKS[i % len(RANKS)],
                vessel_type=KINDS[i % len(KINDS)],
                area=AREAS[i % len(AREAS)],
                wage_min=low,
                wage_max=low + 3000,
                currency="CNY",
                contract_months=6 + i % 12,
                joining_on=today + datetime.timedelta(days=10 + i % 120),
                joining_port="舟山沈家门",
                required_kinds=["fishing_crew", "basic_safety"],
                places=3,
                closes_on=today + datetime.timedelta(days=5 + i % 60),
                contact="0580-1234567",
                no_fee_confirmed=True,
                approved_at=now,
            )
        )
    Posting.objects.bulk_create(batch, batch_size=2000)
    postings = list(Posting.objects.values_list("pk", flat=True))
    PostingVersion.objects.bulk_create(
        (PostingVersion(posting_id=pk, number=1, terms={}, approved_at=now) for pk in postings),
        batch_size=5000,
    )
    versions = dict(PostingVersion.objects.values_list("posting_id", "pk"))
    seafarers = list(User.objects.values_list("pk", flat=True))
    rows = (
        Application(
            posting_id=postings[i % len(postings)],
            version_id=versions[postings[i % len(postings)]],
            seafarer_id=seafarers[(i // len(postings)) % len(seafarers)],
            # One live application per seafarer and posting: later rounds are withdrawn ones.
            status="submitted" if _live(i // len(postings), len(seafarers)) else "withdrawn",
            name="张帆",
            rank="fisherman",
            sea_service_months=24,
        )
        for i in range(n_applications)
    )
    Application.objects.bulk_create(rows, batch_size=5000)
    print(
        f"  data: {n_postings} postings, {Application.objects.count()} applications "
        f"in {time.perf_counter() - started:.1f} s"
    )

    reader = world.seafarer
    searches = {
        "no filter": Filters(),
        "rank": Filters(rank="fisherman"),
        "rank+type+wage": Filters(
            rank="fisherman", vessel_type="distant_water_fishing", wage_from=9000
        ),
        "area+joining": Filters(
            area="太平洋",
            joining_from=today + datetime.timedelta(days=30),
            joining_to=today + datetime.timedelta(days=60),
        ),
    }
    for name, filters in searches.items():
        times = []
        for _ in range(15):
            started = time.perf_counter()
            query = apply_filters(open_postings(reader), filters).order_by("joining_on", "pk")
            list(query[:20])
            query.count()
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        verdict = "PASS" if median <= TARGET_MS else "FAIL"
        print(f"  search {name}: median {median:.0f} ms / {TARGET_MS} ms  {verdict}")

    hold(reader, "fishing_crew", 2000)
    client = login(Client(), reader)
    first = Posting.objects.filter(status="approved").order_by("pk").first()
    for label, url in (("list", "/jobs/"), ("posting", f"/jobs/postings/{first.pk}/")):
        page = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        body = (
            page.content if page.get("Content-Encoding") == "gzip" else gzip.compress(page.content)
        )
        verdict = "PASS" if len(body) <= BUDGET else "FAIL"
        print(f"  {label} page: {len(body)} B compressed / {BUDGET} B  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    sizes = ["--postings", str(args.postings), "--applications", str(args.applications)]
    if args.child:
        child(args.postings, args.applications)
        return
    print(f"jobs bench, {args.engine}, load {os.getloadavg()[0]:.2f}")
    if args.engine == "sqlite":
        sys.exit(run_child(Path(__file__), sizes, None))
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    with scratch_postgres(url, scratch_name("bench_jobs")) as scratch:
        sys.exit(run_child(Path(__file__), sizes, scratch))


if __name__ == "__main__":
    main()
