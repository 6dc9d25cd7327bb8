"""Time of the daily care-pathway run (``voyages.care.run_care_pathway``) for 50,000 seafarers.

For each engine (SQLite in a temporary VAR_DIR; PostgreSQL in a scratch database next to the
one DATABASE_URL names, dropped afterwards) a child process migrates, builds the data set
with ``bench/voyage_data.py`` (mixed phases, time zones, facts to complete tasks from) and
times three runs:

1. the **first run** — every active voyage gets its phase's tasks at once (the worst case:
   a whole city's voyages entering the pathway on one day), completes tasks from facts,
   refers follow-up return screenings and sends the due / overdue / help reminders;
2. a **second run at the same moment** — idempotent: nothing created, nothing sent;
3. the **next day's run** — the steady state: the few phase changes and reminders of one day.

SMS go to the in-memory test backend (``LocmemSmsBackend``); notifications, audit rows and
referrals are written for real.

Usage: .venv/bin/python bench/care_pathway.py [--seafarers 50000] [--engine both|sqlite|postgresql]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/care_pathway.py
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django


def load() -> str:
    """The machine's load when the figures were taken (they go into bench/README.md)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def child(n: int, profile: str = "") -> None:
    setup_django()
    from django.db import connection
    from django.utils import timezone
    from voyage_data import build_voyage_data

    from seafarers_home.accounts.sms import LocmemSmsBackend
    from seafarers_home.notifications.models import Notification
    from seafarers_home.voyages.care import run_care_pathway
    from seafarers_home.voyages.models import CareTask

    started = time.perf_counter()
    counts = build_voyage_data(n_seafarers=n, today=timezone.localdate(), care_facts=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  data: {counts} in {time.perf_counter() - started:.1f} s")
    now = timezone.now()
    for run, (label, moment) in enumerate(
        (
            ("first run", now),
            ("second run, same moment (idempotent)", now),
            ("next day's run", now + datetime.timedelta(days=1)),
        ),
        start=1,
    ):
        sms_before = len(LocmemSmsBackend.outbox)
        if profile:  # each run into FILE.1, FILE.2, FILE.3
            import cProfile

            profiler = cProfile.Profile()
            report = profiler.runcall(run_care_pathway, now=moment)
            profiler.dump_stats(f"{profile}.{run}")
        else:
            report = run_care_pathway(now=moment)
        print(f"  {label}: {report.seconds:.1f} s")
        print(f"    {report}")
        print(f"    SMS sent in the run: {len(LocmemSmsBackend.outbox) - sms_before}")
        if hasattr(Notification, "sms_status"):  # issue 20 item 3: the worker sends them
            queued = Notification.objects.filter(sms_status="pending").count()
            print(f"    SMS queued for the task worker (all runs so far): {queued}")
    print(load())
    print(
        f"  totals: {CareTask.objects.count()} tasks "
        f"({CareTask.objects.filter(status='done').count()} done), "
        f"{Notification.objects.count()} notifications"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seafarers", type=int, default=50_000)
    parser.add_argument(
        "--engine",
        choices=("both", "sqlite", "postgresql"),
        default="both",
        help="both: SQLite, then PostgreSQL when DATABASE_URL names one",
    )
    parser.add_argument("--profile", metavar="FILE", help="cProfile each run into FILE.1, .2, .3")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.seafarers, args.profile or "")
        return 0
    os.environ["SMS_BACKEND"] = "seafarers_home.accounts.sms.LocmemSmsBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    extra = ["--seafarers", str(args.seafarers)]
    extra += ["--profile", str(Path(args.profile).resolve())] if args.profile else []
    status = 0
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "|", load())
    if args.engine != "postgresql":
        print(f"SQLite, {args.seafarers} seafarers")
        status = run_child(Path(__file__), extra, None)
    url = os.environ.get("DATABASE_URL", "")
    if args.engine != "sqlite" and url.startswith("postgres"):
        print(f"PostgreSQL, {args.seafarers} seafarers")
        with scratch_postgres(url, scratch_name("bench_care")) as scratch:
            status = run_child(Path(__file__), extra, scratch) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
