"""Publish clinicians' weekly hours as slots up to CONSULTATION_SLOT_WEEKS ahead.

Run daily (cron or a systemd timer) on one host so the horizon keeps rolling; idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seafarers_home.consultations.availability import sync_all


class Command(BaseCommand):
    help = "Publish clinicians' weekly hours as bookable 远程咨询 slots (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sync_all()
        self.stdout.write(
            f"created {result.created}, withdrawn {result.withdrawn}, restored {result.restored}"
        )
