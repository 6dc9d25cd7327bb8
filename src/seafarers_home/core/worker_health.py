"""Is the task worker alive? Crisis escalation, reminders and the hotline's timers run in
``manage.py db_worker``; a worker that has died says nothing, so it writes a heartbeat.

The periodic job ``worker.heartbeat`` (core/periodic_jobs.py, every
``WORKER_HEARTBEAT_SECONDS``) enqueues a ``worker_heartbeat`` task unless one is waiting, and
that task stores the time. A beat therefore proves what escalation needs -- that the worker
picks up due tasks from the queue and runs them -- not merely that a process exists: a worker
stuck in a task, cut from the database or far behind a flood of due tasks falls silent too.
Our ``db_worker`` also enqueues one as it starts, so a fresh worker shows within a second.

``worker_status()`` is what /healthz, the metrics and the supervisors' red banner read.
"""

from __future__ import annotations

import datetime
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from seafarers_home.core.models import WorkerHeartbeat

TASK_PATH = "seafarers_home.core.worker_health.worker_heartbeat"
QUEUE = "default"


@dataclass(frozen=True)
class WorkerStatus:
    last_beat_at: datetime.datetime | None
    beat_age_seconds: float | None
    worker: str
    oldest_due_age_seconds: float | None
    due_tasks: int
    silent_after_seconds: int

    @property
    def state(self) -> str:
        """ "ok", "silent" (beats stopped) or "never" (no beat yet)."""
        if self.beat_age_seconds is None:
            return "never"
        return "silent" if self.beat_age_seconds > self.silent_after_seconds else "ok"

    @property
    def healthy(self) -> bool:
        """False when the worker has been silent longer than WORKER_SILENT_SECONDS. A site
        that never saw a beat (a fresh install) counts as silent once a task has been due for
        that long: before that, nothing has been left undone."""
        if self.state == "never":
            lag = self.oldest_due_age_seconds
            return lag is None or lag <= self.silent_after_seconds
        return self.state == "ok"

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.state,
            "healthy": self.healthy,
            "last_heartbeat": self.last_beat_at.isoformat() if self.last_beat_at else None,
            "heartbeat_age_seconds": _round(self.beat_age_seconds),
            "silent_after_seconds": self.silent_after_seconds,
            "worker": self.worker,
            "oldest_due_task_age_seconds": _round(self.oldest_due_age_seconds),
            "due_tasks": self.due_tasks,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def oldest_due_task_age(now: datetime.datetime | None = None) -> tuple[float | None, int]:
    """Seconds since the longest-waiting due task became due, and how many tasks are due.
    A task without run_after is due from its enqueueing (django-tasks-db stores a far-future
    sentinel for "no run_after"), one with run_after from that time."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    due = DBTaskResult.objects.ready()
    sentinel = get_date_max()
    oldest = due.exclude(run_after=sentinel).aggregate(at=Min("run_after"))["at"]
    queued = due.filter(run_after=sentinel).aggregate(at=Min("enqueued_at"))["at"]
    since = min((at for at in (oldest, queued) if at is not None), default=None)
    age = max(0.0, (now - since).total_seconds()) if since else None
    return age, due.count()


def worker_status(now: datetime.datetime | None = None) -> WorkerStatus:
    now = now or timezone.now()
    beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    lag, due = oldest_due_task_age(now)
    return WorkerStatus(
        last_beat_at=beat.beat_at if beat else None,
        beat_age_seconds=max(0.0, (now - beat.beat_at).total_seconds()) if beat else None,
        worker=beat.worker if beat else "",
        oldest_due_age_seconds=lag,
        due_tasks=due,
        silent_after_seconds=settings.WORKER_SILENT_SECONDS,
    )


def do_record_worker_heartbeat(queue: str = QUEUE) -> WorkerHeartbeat:
    """Store the worker's beat. Not audited, deliberately: it is the machine's pulse, not a
    person's act or a read of anyone's data, and 2,880 rows a day would bury the audit trail."""
    with transaction.atomic():
        beat, _created = WorkerHeartbeat.objects.update_or_create(
            queue=queue,
            defaults={
                "beat_at": timezone.now(),
                "worker": f"{socket.gethostname()}:{os.getpid()}"[:200],
            },
        )
    return beat


def _beat_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TASK_PATH, status=TaskResultStatus.READY).exists()


def schedule_heartbeat(delay_seconds: float | None = None) -> bool:
    """Enqueue a beat unless one is waiting (called by the periodic job and at the worker's
    start; the beat does not enqueue the next one). Only the database backend has a worker
    to watch; with any other backend this does nothing (returns False)."""
    backend = worker_heartbeat.get_backend()
    if not (backend.supports_defer and backend.__class__.__module__.startswith("django_tasks_db")):
        return False
    if _beat_waiting():
        return False
    delay = settings.WORKER_HEARTBEAT_SECONDS if delay_seconds is None else delay_seconds
    worker_heartbeat.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue()
    return True


def prune_finished_beats(now: datetime.datetime | None = None) -> int:
    """Delete the beats' own finished task rows older than an hour: at one beat every 30 s
    they would otherwise add 2,880 rows a day to the task table. Other tasks' rows are left
    to ``manage.py prune_db_task_results``."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - datetime.timedelta(hours=1)
    finished = DBTaskResult.objects.finished().filter(task_path=TASK_PATH, finished_at__lt=cutoff)
    deleted, _per_model = finished.delete()
    return deleted


@task()
def worker_heartbeat() -> str:
    """One beat (the periodic job ``worker.heartbeat`` enqueues the next)."""
    beat = do_record_worker_heartbeat()
    prune_finished_beats()
    return beat.beat_at.isoformat()
