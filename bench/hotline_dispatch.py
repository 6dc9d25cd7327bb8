"""心理热线 assignment: how fast a counsellor who becomes available is offered the oldest
waiting call, and how many calls per second the dispatcher assigns with 200 waiting callers
and 20 counsellors — with several dispatchers racing on PostgreSQL, counting double
assignments (there must be none).

Usage: .venv/bin/python bench/hotline_dispatch.py [--callers 200] [--counsellors 20]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/hotline_...
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django


def _people(prefix: str, n: int, role: str):
    from seafarers_home.accounts.models import RoleGrant, User
    from seafarers_home.organisations.models import Organisation

    org, _ = Organisation.objects.get_or_create(
        code=f"bench-{role}",
        defaults={
            "name": f"bench {role}",
            "kind": "hospital" if role == "counsellor" else "company",
        },
    )
    users = []
    for i in range(n):
        user = User.objects.create_user(f"{prefix}{i:05d}", None, display_name=f"{role}{i}")
        RoleGrant.objects.create(user=user, role=role, organisation=org)
        users.append(user)
    return users


def _reset_queue(callers, counsellors) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from seafarers_home.hotline.models import CallOffer, CounsellorState, HotlineCall

    HotlineCall.objects.all().delete()
    CallOffer.objects.all().delete()
    now = timezone.now()
    HotlineCall.objects.bulk_create(
        HotlineCall(
            seafarer=c, channel="in_app", queued_at=now - timedelta(seconds=len(callers) - i)
        )
        for i, c in enumerate(callers)
    )
    CounsellorState.objects.all().delete()
    CounsellorState.objects.bulk_create(
        CounsellorState(user=u, state="available", available_since=now - timedelta(seconds=i))
        for i, u in enumerate(counsellors)
    )


def child(n_callers: int, n_counsellors: int, dispatchers: int) -> None:
    setup_django()
    from django.db import connection, connections

    from seafarers_home.hotline.actions.queue import (
        dispatch_calls,
        do_accept_offer,
        do_end_call,
        do_set_counsellor_state,
    )
    from seafarers_home.hotline.models import CallOffer, CounsellorState, HotlineCall

    callers = _people("136000", n_callers, "seafarer")
    counsellors = _people("137000", n_counsellors, "counsellor")

    # 1. Latency: a counsellor goes available while calls wait -> offered the oldest call.
    latencies = []
    for _round in range(20):
        _reset_queue(callers[:10], [])
        one = counsellors[0]
        CounsellorState.objects.create(user=one, state="away")
        started = time.perf_counter()
        do_set_counsellor_state(one, "available")
        dispatch_calls()
        latencies.append(time.perf_counter() - started)
        oldest = HotlineCall.objects.order_by("queued_at", "pk").first()
        assert oldest.offered_to_id == one.pk, "the oldest call was not offered"
    print(
        f"{connection.vendor:10s} available -> offered the oldest call: "
        f"median {statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )

    # 2. Throughput: 200 waiting, 20 counsellors; counsellors accept and end each call at once
    # and the dispatchers keep pairing until the queue is empty.
    _reset_queue(callers, counsellors)
    stop = threading.Event()
    errors: list[BaseException] = []

    def dispatcher() -> None:
        try:
            while not stop.is_set():
                dispatch_calls()
        except BaseException as error:  # pragma: no cover
            errors.append(error)
        finally:
            connections.close_all()

    def counsellor_loop(user) -> None:
        try:
            while not stop.is_set():
                offered = HotlineCall.objects.filter(offered_to=user, status="offered").first()
                if offered is None:
                    if not HotlineCall.objects.filter(status__in=["waiting", "offered"]).exists():
                        return
                    time.sleep(0.001)
                    continue
                call = do_accept_offer(offered, user)
                do_end_call(call, user)
        except BaseException as error:  # pragma: no cover
            errors.append(error)
        finally:
            connections.close_all()

    started = time.perf_counter()
    if connection.vendor == "sqlite":
        # One writer at a time: the same steps, taken in turn (threads would only queue on
        # SQLite's write lock).
        while HotlineCall.objects.filter(status__in=["waiting", "offered"]).exists():
            dispatch_calls()
            for call in HotlineCall.objects.filter(status="offered").select_related("offered_to"):
                do_end_call(do_accept_offer(call, call.offered_to), call.offered_to)
    else:
        threads = [threading.Thread(target=dispatcher) for _ in range(dispatchers)]
        threads += [threading.Thread(target=counsellor_loop, args=(u,)) for u in counsellors]
        for thread in threads:
            thread.start()
        for thread in threads[dispatchers:]:
            thread.join(timeout=300)
        stop.set()
        for thread in threads[:dispatchers]:
            thread.join()
    elapsed = time.perf_counter() - started
    completed = HotlineCall.objects.filter(status="completed").count()
    accepted = CallOffer.objects.filter(outcome="accepted")
    double = accepted.count() - accepted.values("call").distinct().count()
    print(
        f"{connection.vendor:10s} {completed}/{n_callers} calls assigned, answered and ended by "
        f"{n_counsellors} counsellors with {dispatchers} dispatchers in {elapsed:.2f} s = "
        f"{completed / elapsed:.0f} calls/s; double assignments: {double}; errors: {len(errors)}"
    )
    if errors:
        print("first error:", repr(errors[0]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=200)
    parser.add_argument("--counsellors", type=int, default=20)
    parser.add_argument("--dispatchers", type=int, default=4)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.callers, args.counsellors, args.dispatchers)
        return 0
    script = Path(__file__).resolve()
    forwarded = [
        "--callers",
        str(args.callers),
        "--counsellors",
        str(args.counsellors),
        "--dispatchers",
        str(args.dispatchers),
    ]
    # SQLite serialises writers: one dispatcher there, the race is PostgreSQL's.
    status = run_child(script, [*forwarded[:4], "--dispatchers", "1"], None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with scratch_postgres(url, scratch_name("bench_hotline")) as scratch:
            status |= run_child(script, forwarded, scratch)
    else:
        print("postgresql (skipped: set DATABASE_URL=postgres://... to measure it)")
    return status


if __name__ == "__main__":
    sys.exit(main())
