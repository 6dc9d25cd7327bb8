"""Write an encrypted, timestamped backup archive of the database, media and audit checkpoints
(core/backup.py). Run it daily from cron and copy the archive off the server (README,
"Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seafarers_home.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database, media files and audit checkpoints into an encrypted archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output-dir", help="directory for the archive (default BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=int,
            help="keep this many newest archives in the directory (default BACKUP_KEEP; 0: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output_dir"]) if options["output_dir"] else None
        try:
            result = create_backup(output, options["keep"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.manifest["warnings"]:
            self.stderr.write(f"warning: {warning}")
        rows = sum(result.manifest["row_counts"].values())
        self.stdout.write(f"{result.path} ({result.path.stat().st_size} bytes, {rows} rows)")
        for path in result.removed:
            self.stdout.write(f"removed old archive {path.name}")
