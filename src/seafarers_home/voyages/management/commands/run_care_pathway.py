"""The daily care-pathway run, from cron: ``manage.py run_care_pathway`` once a day (or more
often; it is idempotent and safe beside the worker's own daily run). It also (re)starts the
worker's daily chain when none is waiting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seafarers_home.voyages.care import run_care_pathway
from seafarers_home.voyages.tasks import next_run_time, schedule_next_run


class Command(BaseCommand):
    help = "Sync every active voyage's care tasks and send due and overdue reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule-only",
            action="store_true",
            help="Only make sure the worker's daily run is scheduled; do not run now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["schedule_only"]:
            report = run_care_pathway()
            self.stdout.write(f"care pathway: {report}")
        if schedule_next_run():
            self.stdout.write(f"daily run scheduled for {next_run_time().isoformat()}")
        else:
            self.stdout.write("daily run already scheduled")
