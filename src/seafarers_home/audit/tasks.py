"""The worker's periodic audit checkpoint: a self-renewing chain of tasks, as the daily care
run (voyages/tasks.py). ``write_audit_checkpoint`` writes one checkpoint and enqueues the next
``AUDIT_CHECKPOINT_MINUTES`` later, even if this one failed; ``schedule_next_checkpoint``
enqueues only when none is waiting, and is called by the task and by ``manage.py
audit_checkpoint`` (run on deploy and from cron as the safety net that restarts a lost chain).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from seafarers_home.audit.chain import ChainBroken
from seafarers_home.audit.checkpoints import write_checkpoint

logger = logging.getLogger("seafarers_home.audit")

TASK_PATH = "seafarers_home.audit.tasks.write_audit_checkpoint"


def _checkpoint_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TASK_PATH, status=TaskResultStatus.READY).exists()


def schedule_next_checkpoint(
    now: datetime.datetime | None = None, delay_minutes: float | None = None
) -> bool:
    """Enqueue the next checkpoint (in ``delay_minutes``, default AUDIT_CHECKPOINT_MINUTES)
    unless one is waiting; False with a backend that cannot defer (then cron's
    ``audit_checkpoint`` is the only path)."""
    backend = write_audit_checkpoint.get_backend()
    if not backend.supports_defer:
        return False
    if backend.__class__.__module__.startswith("django_tasks_db") and _checkpoint_waiting():
        return False
    minutes = settings.AUDIT_CHECKPOINT_MINUTES if delay_minutes is None else delay_minutes
    due = (now or timezone.now()) + datetime.timedelta(minutes=minutes)
    write_audit_checkpoint.using(run_after=due).enqueue()
    return True


@task()
def write_audit_checkpoint() -> dict[str, Any]:
    try:
        checkpoint = write_checkpoint()
    except ChainBroken as broken:
        # Loud: a broken chain is evidence of tampering (or a restore that lost rows).
        logger.error("audit chain broken at %s: %s", broken.event_id, broken.reason)
        raise
    finally:
        schedule_next_checkpoint()
    return checkpoint.fields()
