from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seafarers_home.audit.services import verify_chain


class Command(BaseCommand):
    help = "Walk the audit trail's hash chain; report the first broken link (exit status 1)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"Checked {report.checked} audit rows: OK")
            return
        self.stdout.write(f"Checked {report.checked} audit rows before the break.")
        raise CommandError(
            f"Broken link at audit event id {report.first_broken_id}: {report.reason}",
            returncode=1,
        )
