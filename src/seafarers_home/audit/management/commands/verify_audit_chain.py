from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seafarers_home.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit trail's keyed hash chain and check it against the signed checkpoints; "
        "report the first broken link (exit status 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            help="checkpoint file to check against, e.g. the copy kept off the server "
            "(default: AUDIT_CHECKPOINT_PATH)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(checkpoint_path=options["checkpoints"])
        if report.ok:
            self.stdout.write(
                f"Checked {report.checked} audit rows: OK"
                + (f" (against checkpoints: {report.checkpoints})" if report.checkpoints else "")
                + (f" ({report.pending} waiting to be chained)" if report.pending else "")
            )
            return
        self.stdout.write(f"Checked {report.checked} audit rows before the break.")
        if report.first_broken_id is None:
            raise CommandError(report.reason, returncode=1)
        raise CommandError(
            f"Broken link at audit event id {report.first_broken_id}: {report.reason}",
            returncode=1,
        )
