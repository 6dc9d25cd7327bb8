"""Safety net for rule 2: escalate every overdue open crisis alert now.

Each alert normally escalates through its own ``escalate_alert`` task (enqueued when it is
raised and re-enqueued at each step) that ``manage.py db_worker`` runs. Run this command every
minute as well (cron or a systemd timer on the worker host), so that an alert whose task row was
lost or whose worker was down still escalates. Both paths claim rows atomically, so running it
alongside the worker never escalates an alert twice for the same step.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seafarers_home.alerts.services import escalate_due_alerts


class Command(BaseCommand):
    help = "Escalate every overdue, unacknowledged crisis alert to its next duty tier."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_due_alerts()
        self.stdout.write(f"escalated {count} alert(s)")
