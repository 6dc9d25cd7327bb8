"""Bring a backup (core/backup.py) back into an EMPTY database (``manage.py restore``).

A restore refuses a database that has any table, and a media directory that has any file,
unless forced: restoring over a live site is a decision, not an accident. After loading it
checks what a restore drill must show: every table has the row count of the archive, the
audit chain verifies under the key (and against the checkpoints), and one value of every
encrypted column decrypts with the configured keys.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
from django.apps import apps
from django.conf import settings
from django.db import connection

from seafarers_home.audit.chain import verify_chain
from seafarers_home.audit.chaining import chain_pending
from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.ops.backup import (
    FORMAT,
    BackupError,
    identity,
    key_fingerprints,
    libpq_args,
    row_counts,
)


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _media_is_empty() -> bool:
    media = Path(settings.MEDIA_ROOT)
    return not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def _extract(archive: Path, work_dir: Path, key: pyrage.x25519.Identity) -> dict[str, Any]:
    plain = work_dir / "archive.tar.gz"
    try:
        pyrage.decrypt_file(str(archive), str(plain), [key])
    except pyrage.DecryptError as exc:
        raise BackupError(
            f"Cannot decrypt {archive.name}: {exc} (another BACKUP_KEY, or a damaged file)"
        ) from exc
    with tarfile.open(plain, "r:gz") as tar:
        tar.extractall(work_dir / "content", filter="data")
    plain.unlink()
    manifest = json.loads((work_dir / "content" / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The archive holds a {manifest['vendor']} database; DATABASE_URL is "
            f"{connection.vendor}."
        )
    return manifest


def _clear_database() -> None:
    """--force only: drop everything in the target database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names():
            cursor.execute(f'DROP TABLE IF EXISTS "{table}"')


def _load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    args, env = libpq_args(connection.settings_dict)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [*command, *args, str(dump)], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_files(content: Path, report: RestoreReport) -> None:
    media = content / "media"
    if media.is_dir():
        shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    checkpoints = content / "audit" / "checkpoints.jsonl"
    target = Path(settings.AUDIT_CHECKPOINT_PATH)
    if not checkpoints.is_file():
        return
    if target.exists():
        # The live file is the anchor outside the database: never replace it with an older
        # one. A restored trail that ends before it is reported by the chain check below.
        report.notes.append(f"kept the existing audit checkpoint file {target}")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(checkpoints, target)


def _check(report: RestoreReport) -> None:
    expected = report.manifest["row_counts"]
    restored = row_counts()
    for table, count in sorted(expected.items()):
        if restored.get(table) != count:
            report.problems.append(f"{table}: {restored.get(table)} rows, archive has {count}")
    # Rows the backed-up site had committed but not chained yet when the dump was taken.
    chain_pending()
    chain = verify_chain()
    if chain.ok:
        report.notes.append(f"audit chain: {chain.checked} rows OK")
    else:
        report.problems.append(f"audit chain: event {chain.first_broken_id}: {chain.reason}")
    for model in apps.get_models():
        for column in model._meta.concrete_fields:
            if not isinstance(column, EncryptedTextField):
                continue
            sample = model._base_manager.exclude(**{column.name: ""}).only(column.name)
            try:
                sample.first()
            except ValueError as exc:
                report.problems.append(f"{model._meta.label_lower}.{column.name}: {exc}")
    ours = key_fingerprints()
    theirs = report.manifest.get("keys", {})
    if theirs.get("audit_hmac") not in (None, ours["audit_hmac"]):
        report.problems.append("AUDIT_HMAC_KEY differs from the key of the backed-up site")
    if (
        theirs.get("field_encryption")
        and theirs["field_encryption"][0] not in (ours["field_encryption"])
    ):
        report.problems.append(
            "FIELD_ENCRYPTION_KEYS lacks the key that encrypted the backed-up site's fields"
        )


def restore_backup(archive: Path, *, key: str | None = None, force: bool = False) -> RestoreReport:
    """Decrypt, check the target is empty (or ``force``), load, then check the result."""
    secret = identity(key)
    if not force and not database_is_empty():
        raise BackupError(
            "The target database is not empty; restore into an empty database "
            "(or pass --force to drop everything in it first)."
        )
    if not force and not _media_is_empty():
        raise BackupError(
            f"MEDIA_ROOT {settings.MEDIA_ROOT} holds files; restore into an empty one "
            "(or pass --force)."
        )
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        work_dir = Path(work)
        manifest = _extract(Path(archive), work_dir, secret)
        report = RestoreReport(manifest)
        content = work_dir / "content"
        if force:
            _clear_database()
        _load_database(content / manifest["database_file"])
        _restore_files(content, report)
    _check(report)
    return report
