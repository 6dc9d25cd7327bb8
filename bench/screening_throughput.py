"""Screenings scored and stored per second, on SQLite and (with DATABASE_URL) PostgreSQL.

Each submission is what the API and the forms do: score the answers from the instrument
definition, triage the risk and store the encrypted answers in one transaction, through
``screening.services.do_submit_response`` (with an idempotency key, so the duplicate check
runs too). Answers are random valid vectors of the pre-departure battery's instruments
without PHQ-9 item 9 positives (a crisis would also raise an alert: a different path).

Usage: .venv/bin/python bench/screening_throughput.py [-n 2000]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/...
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

CODES = ["phq9", "gad7", "who5", "auditc"]


def _submit_function():
    try:
        from seafarers_home.screening.actions import do_submit_response
    except ImportError:  # S2's service not written yet: the same steps, without the audit row
        print("(screening.services is missing: timing score + risk + insert directly)")
        return _direct_submit
    return do_submit_response


def _direct_submit(seafarer, code, answers, *, idempotency_key=""):
    import hashlib
    import json

    from django.db import transaction

    from seafarers_home.screening.instruments import get_instrument
    from seafarers_home.screening.models import Response
    from seafarers_home.screening.risk import response_risk
    from seafarers_home.screening.scoring import score

    instrument = get_instrument(code)
    result = score(instrument, answers)
    text = json.dumps(answers, sort_keys=True)
    with transaction.atomic():
        existing = (
            Response.objects.filter(seafarer=seafarer, idempotency_key=idempotency_key).first()
            if idempotency_key
            else None
        )
        if existing:
            return existing
        return Response.objects.create(
            seafarer=seafarer,
            instrument_code=code,
            instrument_version=instrument.version,
            answers=text,
            total_score=result.total,
            band=result.band_code,
            safety_positive=result.safety_positive,
            risk_level=response_risk(instrument, result),
            idempotency_key=idempotency_key,
            payload_hash=hashlib.sha256(text.encode()).hexdigest(),
        )


def child(n: int) -> None:
    setup_django()
    from django.db import connection

    from seafarers_home.accounts.models import Role, RoleGrant, User
    from seafarers_home.screening.instruments import get_instrument

    do_submit_response = _submit_function()

    users = User.objects.bulk_create(
        User(phone=f"139{i:08d}", display_name=f"bench {i}") for i in range(50)
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=u, role=Role.SEAFARER) for u in users)
    rng = random.Random(1)
    jobs = []
    for i in range(n):
        instrument = get_instrument(CODES[i % len(CODES)])
        answers = {
            item.id: (0 if item.safety else rng.choice(item.values)) for item in instrument.items
        }
        jobs.append((users[i % len(users)], instrument.code, answers, f"bench-{i}"))
    # Warm up connections and caches outside the timing.
    do_submit_response(users[0], "phq4", {f"phq4_{k}": 1 for k in range(1, 5)})
    started = time.perf_counter()
    for seafarer, code, answers, key in jobs:
        do_submit_response(seafarer, code, answers, idempotency_key=key)
    elapsed = time.perf_counter() - started
    print(
        f"{connection.vendor:10s} {n:6d} submissions in {elapsed:6.2f} s = "
        f"{n / elapsed:7.0f} per second ({elapsed / n * 1000:.2f} ms each)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.n)
        return 0
    script = Path(__file__).resolve()
    status = run_child(script, ["-n", str(args.n)], None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with scratch_postgres(url, scratch_name("bench_s1_throughput")) as scratch:
            status |= run_child(script, ["-n", str(args.n)], scratch)
    else:
        print("postgresql (skipped: set DATABASE_URL=postgres://... to measure it)")
    return status


if __name__ == "__main__":
    sys.exit(main())
