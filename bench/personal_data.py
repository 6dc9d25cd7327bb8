"""Time of a seafarer's "export all" and account erasure (``consent.personal_data``) on a city's
tables.

For each engine (SQLite in a temporary VAR_DIR; PostgreSQL in a scratch database next to the
one DATABASE_URL names, dropped afterwards) a child process migrates and bulk-loads:

- the background: ``--background`` hotline call records from the phone line (no account,
  each with a caller-number hash, as the webhook stores them), as many notifications and
  screening responses spread over 200 other seafarers;
- one heavy seafarer, years of use: 300 screening responses (100 screenings), 2,000
  notifications, 200 hotline calls with records, 50 callbacks, 20 crisis alerts, 10 voyages
  with 20 care tasks each.

It then times ``do_export_personal_data`` (every type) and ``do_erase_personal_data`` of the
account, three times each on fresh copies of the heavy seafarer, and prints the median. The
hotline type matches phone-line records by the keyed hash of the account's number, a lookup
over the whole call-record table.

Usage: .venv/bin/python bench/personal_data.py [--background 100000]
       [--engine both|sqlite|postgresql]  (PostgreSQL: with DATABASE_URL=postgres://…)
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

BATCH = 5000


def _background(n: int) -> None:
    from django.utils import timezone

    from seafarers_home.accounts.models import Role, RoleGrant, User
    from seafarers_home.hotline.models import CallRecord
    from seafarers_home.notifications.models import Notification
    from seafarers_home.screening.models import Response

    now = timezone.now()
    users = User.objects.bulk_create(
        [User(phone=f"1370{i:07d}", display_name=f"海员{i}") for i in range(200)]
    )
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.SEAFARER) for u in users])
    CallRecord.objects.bulk_create(
        [
            CallRecord(
                source="webhook",
                channel="phone_line",
                started_at=now - datetime.timedelta(minutes=i),
                duration_seconds=300,
                external_id=f"bg-{i}",
                caller_number_hash=f"{i:064x}",
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    Notification.objects.bulk_create(
        [Notification(user=users[i % 200], kind="bg", message="您有一条新消息") for i in range(n)],
        batch_size=BATCH,
    )
    Response.objects.bulk_create(
        [
            Response(
                seafarer=users[i % 200],
                instrument_code="phq4",
                instrument_version="1",
                answers='{"phq4_1": 0}',
                total_score=0,
                band="none",
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )


def _heavy(n: int) -> object:
    from django.utils import timezone

    from seafarers_home.accounts.models import Role, RoleGrant, User
    from seafarers_home.alerts.models import AlertAction, CrisisAlert
    from seafarers_home.hotline.models import CallbackRequest, CallRecord, HotlineCall
    from seafarers_home.hotline.records import _caller_hash
    from seafarers_home.notifications.models import Notification
    from seafarers_home.organisations.models import Organisation, Vessel
    from seafarers_home.screening.models import Response, Screening
    from seafarers_home.voyages.models import CarePlanStep, CareTask, Voyage

    now = timezone.now()
    phone = f"1380{n:07d}"
    user = User.objects.create(phone=phone, display_name="王海")
    RoleGrant.objects.create(user=user, role=Role.SEAFARER)
    screenings = Screening.objects.bulk_create(
        [Screening(seafarer=user, status="completed", completed_at=now) for _ in range(100)]
    )
    Response.objects.bulk_create(
        [
            Response(
                seafarer=user,
                screening=s,
                instrument_code=code,
                instrument_version="1",
                answers='{"x": 1}',
                total_score=3,
                band="mild",
            )
            for s in screenings
            for code in ("phq9", "gad7", "who5")
        ]
    )
    Notification.objects.bulk_create(
        [Notification(user=user, kind="x", message="您有一条新消息") for _ in range(2000)]
    )
    calls = HotlineCall.objects.bulk_create(
        [
            HotlineCall(seafarer=user, channel="in_app", status="completed", queued_at=now)
            for _ in range(200)
        ]
    )
    CallRecord.objects.bulk_create(
        [
            CallRecord(
                call=c,
                seafarer=user,
                source="app",
                channel="in_app",
                started_at=now,
                note="船上睡不好",
                caller_number_hash=_caller_hash(phone),
            )
            for c in calls
        ]
    )
    CallbackRequest.objects.bulk_create(
        [
            CallbackRequest(
                seafarer=user,
                target="mobile",
                number="13912345678",
                window_start=now,
                window_end=now + datetime.timedelta(hours=1),
                status="done",
            )
            for _ in range(50)
        ]
    )
    alerts = CrisisAlert.objects.bulk_create(
        [
            CrisisAlert(seafarer=user, source="screening", reason="phq9_item9", status="resolved")
            for _ in range(20)
        ]
    )
    AlertAction.objects.bulk_create(
        [AlertAction(alert=a, outcome="phone", note="已联系") for a in alerts]
    )
    company = Organisation.objects.get_or_create(
        code="bench-co", defaults={"name": "企业", "kind": "company"}
    )[0]
    vessel = Vessel.objects.get_or_create(
        registration_number="BENCH-1", defaults={"name": "船", "kind": "other", "company": company}
    )[0]
    step = CarePlanStep.objects.order_by("pk").first()
    today = timezone.localdate()
    voyages = Voyage.objects.bulk_create(
        [
            Voyage(
                seafarer=user,
                vessel=vessel,
                company=company,
                planned_departure=today,
                expected_return=today,
                source="self",
                recorded_by=user,
            )
            for _ in range(10)
        ]
    )
    if step is not None:
        CareTask.objects.bulk_create(
            [
                CareTask(seafarer=user, voyage=v, step=step, sequence=k, phase="at_sea", due_at=now)
                for v in voyages
                for k in range(1, 21)
            ]
        )
    return user


def child(n: int) -> None:
    setup_django()
    from django.db import connection

    from seafarers_home.consent.personal_data import (
        do_erase_personal_data,
        do_export_personal_data,
    )

    started = time.perf_counter()
    _background(n)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  background: {n} call records, notifications, responses in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    exports, erasures, sizes = [], [], []
    for k in range(3):
        user = _heavy(k)
        t0 = time.perf_counter()
        payload = do_export_personal_data(user)
        exports.append(time.perf_counter() - t0)
        sizes.append(len(str(payload)))
        t0 = time.perf_counter()
        do_erase_personal_data(user, "account")
        erasures.append(time.perf_counter() - t0)
    print(f"  export all (every type): median {statistics.median(exports) * 1000:.0f} ms, "
          f"~{statistics.median(sizes) // 1024} KB")  # fmt: skip
    print(f"  erase account: median {statistics.median(erasures) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=100_000)
    parser.add_argument("--engine", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.background)
        return 0
    os.environ["SMS_BACKEND"] = "seafarers_home.accounts.sms.LocmemSmsBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    extra = ["--background", str(args.background)]
    status = 0
    if args.engine != "postgresql":
        print(f"SQLite, {args.background} background rows per table")
        status = run_child(Path(__file__), extra, None)
    url = os.environ.get("DATABASE_URL", "")
    if args.engine != "sqlite" and url.startswith("postgres"):
        print(f"PostgreSQL, {args.background} background rows per table")
        with scratch_postgres(url, scratch_name("bench_erase")) as scratch:
            status = run_child(Path(__file__), extra, scratch) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
