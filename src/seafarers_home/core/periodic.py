"""Periodic work: one registry of jobs, each with a minimum interval, run by the task worker
and by ``manage.py runperiodic`` from cron (pretix's ``runperiodic`` + ``minimum_interval``).

Each app declares its jobs in ``<app>/periodic_jobs.py`` with ``@periodic_job``; the modules
are found like the admin's (``autodiscover_modules``), so this base layer imports no app.

A job runs **at most once per interval across processes**: its ``PeriodicJobState`` row holds
``next_due_at``, and a run first claims it with one conditional UPDATE (``next_due_at <= now``
→ the next due time). Whoever updates the row runs the job; a worker and cron asking at the
same moment run it once. A job is either every ``every`` (a timedelta, or a callable reading
settings at run time) or at the times ``next_due(now)`` gives (the daily care run at 09:00
hospital time).

**Retries live here, and only here.** A job that raises is logged, its failure counted on its
row, and it is due again after ``RETRY_BASE`` doubled per consecutive failure (at most
``RETRY_MAX``), never later than its ordinary next time. Jobs themselves do not re-enqueue
anything; the event-driven tasks (an alert's escalation at its time, a reminder 24 h before a
consultation) are swept up by the matching job should their row be lost or their run fail.

The worker (``manage.py db_worker``, core/management/commands) runs every job in a thread of
its own (``start_periodic_threads``), so the hotline's five-second timers never wait behind a
ten-minute care run; cron runs ``manage.py runperiodic`` every minute as the one safety net.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from seafarers_home.core.models import PeriodicJobState

logger = logging.getLogger("seafarers_home.periodic")

RETRY_BASE = datetime.timedelta(seconds=30)
RETRY_MAX = datetime.timedelta(minutes=15)
# How long a worker thread sleeps at most before looking at its job's row again (cron, or
# another worker, may have run it meanwhile and moved the time).
THREAD_RECHECK_SECONDS = 30.0

Interval = datetime.timedelta | Callable[[], datetime.timedelta]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[], Any]
    every: Interval | None = None
    next_due: Callable[[datetime.datetime], datetime.datetime] | None = None
    doc: str = ""

    def interval(self) -> datetime.timedelta | None:
        if self.every is None:
            return None
        return self.every() if callable(self.every) else self.every

    def due_after(self, now: datetime.datetime) -> datetime.datetime:
        """When the job is next due after a run that starts at ``now``."""
        if self.next_due is not None:
            return self.next_due(now)
        interval = self.interval()
        assert interval is not None
        return now + interval

    def first_due(self, now: datetime.datetime) -> datetime.datetime:
        """A job never run: an interval job is due at once, a calendar job at its next time
        (the daily care run does not send reminders at 3 a.m. because a worker started)."""
        return now if self.next_due is None else self.next_due(now)


_REGISTRY: dict[str, PeriodicJob] = {}
_discovered = False


def periodic_job(
    name: str,
    *,
    every: Interval | None = None,
    next_due: Callable[[datetime.datetime], datetime.datetime] | None = None,
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register ``func`` as the periodic job ``name`` (dotted: ``<app>.<what>``)."""
    if (every is None) == (next_due is None):
        raise ValueError("a periodic job has either an interval or a schedule")

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        doc = (func.__doc__ or "").strip().split("\n\n")[0]
        _REGISTRY[name] = PeriodicJob(name, func, every=every, next_due=next_due, doc=doc)
        return func

    return register


def registry() -> dict[str, PeriodicJob]:
    global _discovered
    if not _discovered:
        autodiscover_modules("periodic_jobs")
        _discovered = True
    return dict(sorted(_REGISTRY.items()))


def _retry_at(job: PeriodicJob, started: datetime.datetime, failures: int) -> datetime.datetime:
    delay = min(RETRY_BASE * 2 ** min(failures - 1, 10), RETRY_MAX)
    return min(started + delay, job.due_after(started))


def claim(job: PeriodicJob, now: datetime.datetime, *, force: bool = False) -> bool:
    """Take this interval's run of ``job``: True for exactly one caller per due time."""
    state = PeriodicJobState.objects.filter(name=job.name)
    if not state.exists():
        PeriodicJobState.objects.bulk_create(
            [PeriodicJobState(name=job.name, next_due_at=job.first_due(now))],
            ignore_conflicts=True,
        )
    due = state if force else state.filter(next_due_at__lte=now)
    return due.update(next_due_at=job.due_after(now), last_started_at=now) == 1


def run_job(
    job: PeriodicJob, *, now: datetime.datetime | None = None, force: bool = False
) -> bool | None:
    """Run ``job`` if it is due (or ``force``): True when it ran and succeeded, False when it
    failed, None when it was not due or another process claimed this run."""
    started = now or timezone.now()
    if not claim(job, started, force=force):
        return None
    try:
        job.run()
    except Exception as error:
        logger.exception("periodic job %s failed", job.name)
        failures = PeriodicJobState.objects.get(name=job.name).failures + 1
        PeriodicJobState.objects.filter(name=job.name).update(
            next_due_at=_retry_at(job, started, failures),
            last_finished_at=timezone.now(),
            failures=failures,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        return False
    finished = timezone.now()
    PeriodicJobState.objects.filter(name=job.name).update(
        last_finished_at=finished, last_succeeded_at=finished, failures=0, last_error=""
    )
    return True


def run_periodic(
    names: list[str] | None = None, *, now: datetime.datetime | None = None, force: bool = False
) -> dict[str, bool]:
    """Run every due job (or the named ones); ``{name: succeeded}`` for those this call ran.
    One job's failure does not stop the others."""
    jobs = registry()
    unknown = set(names or ()) - set(jobs)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    results = {}
    for name, job in jobs.items():
        if names and name not in names:
            continue
        if force or _is_due(job, now or timezone.now()):
            outcome = run_job(job, now=now, force=force)
            if outcome is not None:
                results[name] = outcome
    return results


def _is_due(job: PeriodicJob, now: datetime.datetime) -> bool:
    next_due = (
        PeriodicJobState.objects.filter(name=job.name).values_list("next_due_at", flat=True).first()
    )
    return next_due is None or next_due <= now


def _seconds_until_due(job: PeriodicJob) -> float:
    next_due = (
        PeriodicJobState.objects.filter(name=job.name).values_list("next_due_at", flat=True).first()
    )
    if next_due is None:
        return 0.0
    return (next_due - timezone.now()).total_seconds()


def _job_loop(job: PeriodicJob, stop: threading.Event) -> None:
    while not stop.is_set():
        wait = 1.0
        try:
            close_old_connections()
            if _seconds_until_due(job) <= 0:
                run_job(job)
            wait = _seconds_until_due(job)
        except Exception:  # the database away: try again shortly, never end the thread
            logger.exception("periodic thread of %s", job.name)
        finally:
            connection.close()  # this thread's own connection: back to the pool
        stop.wait(min(max(wait, 0.5), THREAD_RECHECK_SECONDS))


def start_periodic_threads(stop: threading.Event) -> list[threading.Thread]:
    """One daemon thread per job inside the worker process; set ``stop`` to end them."""
    threads = []
    for job in registry().values():
        thread = threading.Thread(
            target=_job_loop, args=(job, stop), name=f"periodic:{job.name}", daemon=True
        )
        thread.start()
        threads.append(thread)
    return threads
