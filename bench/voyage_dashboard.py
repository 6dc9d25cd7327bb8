"""Render time of the voyage-care programme dashboard over 50,000 seafarers' data.

For each engine (SQLite in a temporary VAR_DIR; PostgreSQL in a scratch database next to the
one DATABASE_URL names, dropped afterwards) a child process migrates, builds the data set
and times:

- ``voyages.dashboard.build_dashboard()`` (all aggregates: phases over 12 months, pre-departure
  coverage per company, pulse response, return screening within 7 days, green-channel uptake
  and waiting days), cold (first run) and warm (median of the next runs);
- the whole page (the ``voyages:dashboard`` view through Django's test client, signed in as
  union staff: aggregates + SVG charts + template), and its gzip size.

Data: the shared builder ``bench/voyage_data.py`` (``build_voyage_data``, written with the
care-pathway benchmark) when it exists, else the builder below: 40 companies, 50,000
seafarers with one voyage each spread over the last 14 months (before departure, at sea,
late, returned), then the facts the dashboard reads, added here in bulk either way:
pre-departure screenings (70 % of departures, 5 days before), after-return screenings
(60 % of returns, 3 days after), at-sea pulse tasks (one per 30 days at sea, 75 % done),
green-channel referrals for 10 % of returns with slots, bookings (70 %) and visits (80 %).

Usage: .venv/bin/python bench/voyage_dashboard.py [--seafarers 50000] [--runs 3]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/...
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

COMPANIES = 40
BATCH = 5000


def _base_data(n: int, today: datetime.date) -> None:
    """Companies, vessels, seafarers, one voyage each (when voyage_data.py is absent)."""
    from seafarers_home.accounts.models import Role, RoleGrant, User
    from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel
    from seafarers_home.voyages.models import Voyage
    from seafarers_home.voyages.phases import phase_on

    companies = Organisation.objects.bulk_create(
        Organisation(name=f"公司{i:02d}", code=f"bench-co-{i}", kind=Organisation.Kind.COMPANY)
        for i in range(COMPANIES)
    )
    vessels = Vessel.objects.bulk_create(
        Vessel(name=f"船{i}", registration_number=f"B-{i}", kind="other", company=c)
        for i, c in enumerate(companies)
    )
    recorder = User.objects.create_user("13600000000", None)
    users = User.objects.bulk_create(
        (User(phone=f"137{i:08d}", password="!") for i in range(n)),  # noqa: S106
        batch_size=BATCH,
    )
    RoleGrant.objects.bulk_create(
        (
            RoleGrant(user=u, role=Role.SEAFARER, organisation=companies[k % COMPANIES])
            for k, u in enumerate(users)
        ),
        batch_size=BATCH,
    )
    SeafarerProfile.objects.bulk_create(
        (
            SeafarerProfile(user=u, real_name=f"海员{k}", company=companies[k % COMPANIES])
            for k, u in enumerate(users)
        ),
        batch_size=BATCH,
    )
    voyages = []
    for k, user in enumerate(users):
        departure = today - datetime.timedelta(days=(k * 7919) % 430) + datetime.timedelta(30)
        length = 90 + (k % 91)
        expected = departure + datetime.timedelta(days=length)
        # Most returns are recorded; one in ten is late (no return recorded yet).
        actual_return = expected if expected <= today and k % 10 else None
        voyage = Voyage(
            seafarer=user,
            vessel=vessels[k % COMPANIES],
            company=companies[k % COMPANIES],
            planned_departure=departure,
            expected_return=expected,
            actual_departure=departure if departure <= today else None,
            actual_return=actual_return,
            source=Voyage.Source.IMPORT,
            recorded_by=recorder,
            crew_batch=f"bench{k % 500}",
        )
        voyage.phase = phase_on(voyage, today)
        voyages.append(voyage)
    Voyage.objects.bulk_create(voyages, batch_size=BATCH)


def _dashboard_facts(today: datetime.date) -> dict[str, int]:
    """Screenings, pulse tasks, referrals, slots and visits for the voyages there are."""
    from zoneinfo import ZoneInfo

    from seafarers_home.consultations.models import Appointment, Mode, Slot
    from seafarers_home.organisations.models import Organisation
    from seafarers_home.screening.models import Battery, Screening
    from seafarers_home.voyages.models import CarePlanStep, CareTask, GreenChannelReferral, Voyage

    zone = ZoneInfo("Asia/Shanghai")

    def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)

    pre = Battery.objects.get(code="pre-departure")
    post = Battery.objects.get(code="after-return")
    pulse = CarePlanStep.objects.get(kind=CarePlanStep.Kind.PULSE)
    clinic = Organisation.objects.create(
        name="海员心理咨询科", code="bench-clinic", kind="department", is_seafarer_clinic=True
    )
    rows = list(
        Voyage.objects.filter(cancelled_at__isnull=True).values_list(
            "pk", "seafarer_id", "planned_departure", "actual_departure", "actual_return"
        )
    )
    screenings, tasks, referrals, slots = [], [], [], []
    for k, (pk, seafarer, planned, departed, returned) in enumerate(rows):
        departure = departed or planned
        if departure <= today and k % 10 < 7:
            screenings.append(
                Screening(
                    seafarer_id=seafarer,
                    battery=pre,
                    status="completed",
                    completed_at=at(departure - datetime.timedelta(days=5)),
                    risk_level="routine",
                )
            )
        end = min(returned or today, today)
        seq, due = 1, departure + datetime.timedelta(days=30)
        while departure <= today and due < end:
            tasks.append(
                CareTask(
                    seafarer_id=seafarer,
                    voyage_id=pk,
                    step=pulse,
                    sequence=seq,
                    phase="at_sea",
                    due_at=at(due, 23),
                    status="done" if (k + seq) % 4 else "cancelled",
                    completed_at=at(due - datetime.timedelta(days=2)) if (k + seq) % 4 else None,
                )
            )
            seq, due = seq + 1, due + datetime.timedelta(days=30)
        if returned is None:
            continue
        if k % 10 < 6 and returned + datetime.timedelta(days=3) <= today:
            screenings.append(
                Screening(
                    seafarer_id=seafarer,
                    battery=post,
                    status="completed",
                    completed_at=at(returned + datetime.timedelta(days=3)),
                    risk_level="follow_up" if k % 10 == 0 else "routine",
                )
            )
        if k % 10 == 0 and returned + datetime.timedelta(days=4) <= today:
            referrals.append((seafarer, pk, returned))
    Screening.objects.bulk_create(screenings, batch_size=BATCH)
    CareTask.objects.bulk_create(tasks, batch_size=BATCH)
    made = GreenChannelReferral.objects.bulk_create(
        (
            GreenChannelReferral(seafarer_id=s, voyage_id=v, source="return_screening")
            for s, v, _r in referrals
        ),
        batch_size=BATCH,
    )
    booked = []
    for i, (referral, (_s, _v, returned)) in enumerate(zip(made, referrals, strict=True)):
        referred = at(returned + datetime.timedelta(days=4))
        GreenChannelReferral.objects.filter(pk=referral.pk).update(created_at=referred)
        if i % 10 < 7:
            start = referred + datetime.timedelta(days=2 + i % 9)
            slots.append(
                Slot(
                    department=clinic,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=30),
                    mode=Mode.IN_CLINIC,
                    green_channel=True,
                )
            )
            booked.append((referral, start))
    Slot.objects.bulk_create(slots, batch_size=BATCH)
    now = datetime.datetime.now(tz=zone)
    appointments = Appointment.objects.bulk_create(
        (
            Appointment(
                slot=slot,
                seafarer_id=referral.seafarer_id,
                green_channel=True,
                status="attended" if start < now and i % 5 else "booked",
                attended_at=start if start < now and i % 5 else None,
            )
            for i, (slot, (referral, start)) in enumerate(zip(slots, booked, strict=True))
        ),
        batch_size=BATCH,
    )
    for appointment, (referral, _start) in zip(appointments, booked, strict=True):
        referral.appointment = appointment
    GreenChannelReferral.objects.bulk_update([r for r, _s in booked], ["appointment"], BATCH)
    return {
        "voyages": len(rows),
        "screenings": len(screenings),
        "pulse_tasks": len(tasks),
        "referrals": len(made),
        "appointments": len(appointments),
    }


def _breakdown(today: datetime.date) -> None:
    """Time of each figure (best of two), to see where the time goes."""
    from django.utils import timezone

    from seafarers_home.voyages import dashboard as d

    months, now = d.month_starts(today), timezone.now()
    parts = {
        "phases": lambda: d.phases_over_time(months, today),
        "coverage": lambda: d.pre_departure_coverage(months, today),
        "pulse": lambda: d.pulse_response(months, now),
        "return": lambda: d.return_screening(months, today),
        "uptake": lambda: d.green_uptake(months),
        "waiting": lambda: d.waiting_days(months, today),
    }
    figures = []
    for name, part in parts.items():
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            part()
            best = min(best, time.perf_counter() - t0)
        figures.append(f"{name} {best * 1000:.0f}")
    print("  by figure (ms): " + ", ".join(figures))


def child(n: int, runs: int) -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from seafarers_home.accounts.models import Role, RoleGrant, User
    from seafarers_home.consent.actions import do_accept_consent
    from seafarers_home.consent.models import ConsentKind
    from seafarers_home.consent.services import current_document
    from seafarers_home.core.session_keys import OTP_SESSION_KEY
    from seafarers_home.organisations.models import Organisation
    from seafarers_home.voyages.dashboard import build_dashboard

    today = timezone.localdate()
    started = time.perf_counter()
    try:
        from voyage_data import build_voyage_data  # the shared builder (care-pathway bench)
    except ImportError:
        build_voyage_data = None
    if build_voyage_data is not None:
        build_voyage_data(n_seafarers=n, today=today)
        source = "bench/voyage_data.py"
    else:
        _base_data(n, today)
        source = "bench/voyage_dashboard.py"
    counts = _dashboard_facts(today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  data ({source}): {counts} in {time.perf_counter() - started:.1f} s")

    timings = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        build_dashboard()
        timings.append(time.perf_counter() - t0)
    print(
        f"  build_dashboard: cold {timings[0] * 1000:.0f} ms, warm median "
        f"{statistics.median(timings[1:]) * 1000:.0f} ms"
    )
    _breakdown(today)

    union = Organisation.objects.create(name="工会", code="bench-union", kind="industrial_union")
    staff = User.objects.create_user("13400000000", None)
    RoleGrant.objects.create(user=staff, role=Role.UNION_STAFF, organisation=union)
    for kind in (ConsentKind.TERMS, ConsentKind.PRIVACY):
        do_accept_consent(staff, current_document(kind))
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    session = client.session
    session[OTP_SESSION_KEY] = True
    session.save()

    def page(label: str) -> None:
        page_times, body = [], b""
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get("/voyages/dashboard/")
            page_times.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
            body = response.content
        print(
            f"  page /voyages/dashboard/, {label}: median "
            f"{statistics.median(page_times) * 1000:.0f} ms "
            f"(min {min(page_times) * 1000:.0f}), HTML {len(body) / 1024:.1f} KB, "
            f"gzip {len(gzip.compress(body)) / 1024:.1f} KB"
        )

    page("before the first snapshot (built on the request, as before issue 20)")
    # Issue 20 item 4: the worker builds the snapshot; the page reads one row.
    from seafarers_home.voyages.dashboard_snapshot import (
        current_dashboard,
        refresh_dashboard_snapshot,
    )

    t0 = time.perf_counter()
    refresh_dashboard_snapshot()
    print(
        f"  refresh_dashboard_snapshot() (the worker): {(time.perf_counter() - t0) * 1000:.0f} ms"
    )
    reads = []
    for _ in range(max(runs, 5)):
        t0 = time.perf_counter()
        current_dashboard()
        reads.append(time.perf_counter() - t0)
    print(
        f"  current_dashboard() from the snapshot: median {statistics.median(reads) * 1000:.1f} ms"
    )
    page("from the snapshot")
    one, five, fifteen = os.getloadavg()
    print(
        f"  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"load {one:.2f} {five:.2f} {fifteen:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seafarers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one engine only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.seafarers, args.runs)
        return 0
    forwarded = ["--seafarers", str(args.seafarers), "--runs", str(args.runs)]
    script = Path(__file__).resolve()
    status = 0
    if args.only != "postgresql":
        print(f"SQLite ({args.seafarers} seafarers)", flush=True)
        status = run_child(script, forwarded, None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres") and args.only != "sqlite":
        print(f"PostgreSQL ({args.seafarers} seafarers)", flush=True)
        with scratch_postgres(url, scratch_name("bench_voyage_dashboard")) as scratch:
            status = status or run_child(script, forwarded, scratch)
    return status


if __name__ == "__main__":
    sys.exit(main())
