"""Write a signed checkpoint of the audit chain's head now (after a restore, before an
upgrade). The periodic job ``audit.checkpoint`` (audit/periodic_jobs.py) writes one every
AUDIT_CHECKPOINT_MINUTES, from the worker or ``manage.py runperiodic``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seafarers_home.audit.chain import ChainBroken
from seafarers_home.audit.checkpoints import CheckpointFileError, checkpoint_path, write_checkpoint


class Command(BaseCommand):
    help = "Verify the audit rows added since the last checkpoint and append a signed checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", help="checkpoint file (default: AUDIT_CHECKPOINT_PATH)")
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="accepted for old scripts; nothing is scheduled any more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = write_checkpoint(options["path"])
        except ChainBroken as broken:
            raise CommandError(
                f"No checkpoint written: broken link at audit event id {broken.event_id}: "
                f"{broken.reason}",
                returncode=1,
            ) from broken
        except CheckpointFileError as exc:
            raise CommandError(f"No checkpoint written: checkpoint file: {exc}") from exc
        self.stdout.write(
            f"Checkpoint {checkpoint.seq}: {checkpoint.rows} rows, head row {checkpoint.row} "
            f"-> {checkpoint_path(options['path'])}"
        )
