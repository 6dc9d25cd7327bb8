"""django-tasks-db's ``db_worker``, plus the periodic jobs (core/periodic.py) in threads of
their own and a first heartbeat at once (core/worker_health.py).

This app comes before django_tasks_db in INSTALLED_APPS, so ``manage.py db_worker`` (and
``manage.py serve``, which starts it) runs this command; options and behaviour are otherwise
django-tasks-db's own. A ``--batch`` run (tests, catch-ups) is not a standing worker: it runs
the queued tasks only, no periodic job (``manage.py runperiodic`` does those).
"""

from __future__ import annotations

import os
import threading
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from seafarers_home.core.periodic import start_periodic_threads
from seafarers_home.core.worker_health import schedule_heartbeat


class Command(DatabaseWorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        # With --reload the first process only watches files; the child does the work.
        watcher = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not options.get("batch") and not watcher:
            # Due at once: the first beat shows a freshly started worker within a second.
            schedule_heartbeat(delay_seconds=0)
            start_periodic_threads(stop)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
