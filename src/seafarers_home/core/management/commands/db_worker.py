"""django-tasks-db's ``db_worker``, starting the worker's heartbeat chain (core/worker_health.py)
and the periodic audit checkpoint (audit/tasks.py).

This app comes before django_tasks_db in INSTALLED_APPS, so ``manage.py db_worker`` (and
``manage.py serve``, which starts it) runs this command; options and behaviour are otherwise
django-tasks-db's own. A ``--batch`` run (tests, cron catch-ups) is not a standing worker and
starts no chain.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from seafarers_home.audit.tasks import schedule_next_checkpoint
from seafarers_home.core.worker_health import schedule_heartbeat


class Command(DatabaseWorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("batch"):
            # Due at once: the first beat shows a freshly started worker within a second.
            schedule_heartbeat(delay_seconds=0)
            # The periodic audit checkpoint (audit/tasks.py), unless one is already waiting;
            # due at once, so that every worker start anchors the audit chain's head.
            schedule_next_checkpoint(delay_minutes=0)
        super().handle(*args, **options)
