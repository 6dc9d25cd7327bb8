"""The base layer's periodic jobs (core/periodic.py)."""

from __future__ import annotations

import datetime

from django.conf import settings

from seafarers_home.core.periodic import periodic_job
from seafarers_home.core.worker_health import schedule_heartbeat


def _heartbeat_every() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)


@periodic_job("worker.heartbeat", every=_heartbeat_every)
def enqueue_worker_heartbeat() -> bool:
    """Queue the worker's next heartbeat task (core/worker_health.py)."""
    return schedule_heartbeat(delay_seconds=0)
