"""Background tasks of voyage care, run by ``manage.py db_worker``.

The daily care-pathway run is a **self-renewing chain**: ``run_daily_care_pathway`` runs the
pathway and enqueues its next run for ``RUN_AT`` (hospital time) tomorrow. One chain only:
``schedule_next_run`` enqueues only when no run is waiting, and is called by the task itself,
by ``manage.py run_care_pathway`` (cron safety net) and after every voyage write
(``care.sync_voyage``) — so the chain starts as soon as voyage care is used and restarts from
cron should its row be lost. Two chains started at once (a race) merge at their next run: a
run that finds another run waiting does not enqueue a second.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from seafarers_home.voyages.care import run_care_pathway

logger = logging.getLogger("seafarers_home.voyages")

TASK_PATH = "seafarers_home.voyages.tasks.run_daily_care_pathway"
# Reminders arrive in the morning (hospital time), not at midnight.
RUN_AT = datetime.time(9, 0)


def next_run_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next RUN_AT in the site's time zone, strictly after ``now``."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = timezone.localtime(now or timezone.now(), zone)
    candidate = datetime.datetime.combine(local.date(), RUN_AT, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), RUN_AT, tzinfo=zone
        )
    return candidate


def _run_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TASK_PATH, status=TaskResultStatus.READY).exists()


def schedule_next_run(now: datetime.datetime | None = None) -> bool:
    """Enqueue the next daily run unless one is waiting. Needs a backend that can defer
    (the database backend); with any other backend it does nothing (returns False)."""
    backend = run_daily_care_pathway.get_backend()
    if not backend.supports_defer:
        return False
    if backend.__class__.__module__.startswith("django_tasks_db") and _run_waiting():
        return False
    run_daily_care_pathway.using(run_after=next_run_time(now)).enqueue()
    return True


@task()
def run_daily_care_pathway() -> dict[str, Any]:
    """The daily care run; schedules tomorrow's run even if this one failed."""
    try:
        report = run_care_pathway()
    finally:
        schedule_next_run()
    logger.info("care pathway: %s", report)
    return report.as_dict()
