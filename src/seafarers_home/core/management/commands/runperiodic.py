"""Run the periodic jobs that are due (core/periodic.py). The task worker runs them by itself;
run this from cron every minute on one host as the one safety net:

    * * * * * cd /srv/haiyuan && .venv/bin/python manage.py runperiodic

A job runs at most once per its interval however many processes ask, so cron beside a live
worker costs a few queries a minute. ``--list`` shows every job and when it is next due;
``--job NAME --force`` runs one now (after a restore, or to try a change)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seafarers_home.core.models import PeriodicJobState
from seafarers_home.core.periodic import registry, run_periodic


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (each at most once per its interval)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--job", action="append", help="only this job (repeatable)")
        parser.add_argument("--force", action="store_true", help="run even if not yet due")
        parser.add_argument("--list", action="store_true", help="list the jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            states = {state.name: state for state in PeriodicJobState.objects.all()}
            for name, job in registry().items():
                state = states.get(name)
                when = state.next_due_at.isoformat() if state else "now"
                every = job.interval() or "scheduled"
                self.stdout.write(f"{name}\tevery {every}\tnext {when}\t{job.doc}")
            return
        try:
            results = run_periodic(options["job"], force=options["force"])
        except KeyError as unknown:
            raise CommandError(f"unknown periodic job: {unknown.args[0]}") from None
        for name, ok in results.items():
            self.stdout.write(f"{name}: {'ok' if ok else 'FAILED (see the log; retried later)'}")
        if not results:
            self.stdout.write("nothing due")
        if not all(results.values()):
            raise CommandError("some periodic jobs failed", returncode=1)
