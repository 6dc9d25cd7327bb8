"""Restore an archive of ``manage.py backup`` into the EMPTY database of DATABASE_URL and the
empty MEDIA_ROOT, then check row counts, the audit chain and the encrypted fields (exit
status 1 if a check fails). The drill is in README, "Backups"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seafarers_home.ops.backup import BackupError
from seafarers_home.ops.restore import restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database, then check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a seafarers-home-*.tar.gz.age file")
        parser.add_argument(
            "--identity-file",
            help="file holding the age secret key (default: the BACKUP_KEY variable)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="drop every table of a non-empty target database first (destroys its data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = None
        if options["identity_file"]:
            lines = Path(options["identity_file"]).read_text().splitlines()
            key = next((line for line in lines if line.startswith("AGE-SECRET-KEY-")), "")
        try:
            report = restore_backup(Path(options["archive"]), key=key, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = report.manifest
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} "
            f"({sum(manifest['row_counts'].values())} rows in {len(manifest['row_counts'])} "
            "tables)"
        )
        for note in report.notes:
            self.stdout.write(note)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"problem: {problem}")
            raise CommandError("the restored site failed its checks", returncode=1)
        self.stdout.write("checks passed: row counts, audit chain, encrypted fields")
