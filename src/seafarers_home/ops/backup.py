"""Encrypted, timestamped backups of the whole site (``manage.py backup``).

An archive is a gzipped tar holding ``manifest.json`` (time, database engine, applied
migrations, row counts per table, the audit chain's head, fingerprints of the keys the data
needs), the database (SQLite: a copy made with SQLite's online backup API, consistent while
the site runs; PostgreSQL: ``pg_dump --format=custom``), the media files and the audit
checkpoint file. It is encrypted with age (the ``pyrage`` bindings) to X25519 recipients:
the server needs only the public recipient to write a backup, so a stolen server or backup
disk cannot read earlier archives; the secret key (``BACKUP_KEY``) is needed only to restore.
The keys the data itself needs (SECRET_KEY, FIELD_ENCRYPTION_KEYS, AUDIT_HMAC_KEY) are never
in an archive: they are kept with the backup key, off the server (README, "Backups").
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyrage
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from seafarers_home.audit.chain import ChainBroken, audit_key
from seafarers_home.audit.checkpoints import CheckpointFileError, write_checkpoint
from seafarers_home.audit.models import AuditChainHead

ARCHIVE_PREFIX = "seafarers-home-"
ARCHIVE_SUFFIX = ".tar.gz.age"
FORMAT = 1


class BackupError(Exception):
    pass


def recipients() -> list[pyrage.x25519.Recipient]:
    """BACKUP_RECIPIENTS, else the public half of BACKUP_KEY."""
    try:
        listed = [pyrage.x25519.Recipient.from_str(r) for r in settings.BACKUP_RECIPIENTS]
        if not listed and settings.BACKUP_KEY:
            listed = [identity().to_public()]
    except pyrage.RecipientError as exc:
        raise BackupError(f"BACKUP_RECIPIENTS holds an invalid age recipient: {exc}") from exc
    if not listed:
        raise BackupError(
            "No backup key: set BACKUP_RECIPIENTS (age public keys, age1...) or BACKUP_KEY "
            "(an age secret key, AGE-SECRET-KEY-1...)."
        )
    return listed


def identity(value: str | None = None) -> pyrage.x25519.Identity:
    raw = (value or settings.BACKUP_KEY).strip()
    if not raw:
        raise BackupError("No backup key: set BACKUP_KEY or pass --identity-file.")
    try:
        return pyrage.x25519.Identity.from_str(raw)
    except pyrage.IdentityError as exc:
        raise BackupError("BACKUP_KEY is not an age secret key (AGE-SECRET-KEY-1...).") from exc


def fingerprint(secret: str | bytes) -> str:
    """A short, one-way tag of a key, so that a restore can say *which* key is missing."""
    raw = secret.encode() if isinstance(secret, str) else secret
    return hashlib.sha256(b"seafarers-home-key-fingerprint:" + raw).hexdigest()[:16]


def key_fingerprints() -> dict[str, Any]:
    return {
        "field_encryption": [fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS]
        or [fingerprint("derived:" + settings.SECRET_KEY)],
        "audit_hmac": fingerprint(audit_key()),
    }


def row_counts() -> dict[str, int]:
    """Rows per concrete table (the base manager: no model's default filtering)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label_lower] = model._base_manager.using(connection.alias).count()
    return counts


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def libpq_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore / psql."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def dump_database(target_dir: Path) -> str:
    """Write the database into ``target_dir``; returns the file's name."""
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # The backup API would wait forever on this connection's own open transaction.
            raise BackupError("run the backup outside a transaction")
        name = "db.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target_dir / name)
        try:
            # The online backup API copies a consistent snapshot while others keep writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return name
    if connection.vendor == "postgresql":
        name = "db.pgdump"
        args, env = libpq_args(connection.settings_dict)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [*command, "--file", str(target_dir / name), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return name
    raise BackupError(f"backups of {connection.vendor} databases are not supported")


def _checkpoint_before_backup() -> str:
    """A fresh checkpoint, so that the archive's checkpoint file reaches the archived head.
    A broken chain does not stop the backup (the data matters more); it is reported."""
    try:
        write_checkpoint()
    except ChainBroken as broken:
        return f"audit chain broken at row {broken.event_id}: {broken.reason}"
    except CheckpointFileError as exc:
        return f"audit checkpoint file: {exc}"
    return ""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    removed: list[Path]


def create_backup(output_dir: Path | None = None, keep: int | None = None) -> BackupResult:
    """Write one encrypted archive into ``output_dir`` (default BACKUP_DIR) and keep only the
    ``keep`` newest archives there (default BACKUP_KEEP; 0 keeps all)."""
    to = recipients()
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    output_dir.mkdir(parents=True, exist_ok=True)
    warning = _checkpoint_before_backup()
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    final = output_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    # The plaintext stays next to the archive (same disk, no copy through /tmp), 0700.
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        work_dir = Path(work)
        database_file = dump_database(work_dir)

        head = AuditChainHead.objects.filter(pk=1).first()
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": connection.vendor,
            "database_file": database_file,
            "migrations": applied_migrations(),
            "row_counts": row_counts(),
            "audit_head": head.last_hash if head else None,
            "keys": key_fingerprints(),
            "warnings": [warning] if warning else [],
        }
        (work_dir / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        plain = work_dir / "archive.tar.gz"
        with tarfile.open(plain, "w:gz") as tar:
            tar.add(work_dir / "manifest.json", arcname="manifest.json")
            tar.add(work_dir / database_file, arcname=database_file)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname="media")
            checkpoints = Path(settings.AUDIT_CHECKPOINT_PATH)
            if checkpoints.is_file():
                tar.add(checkpoints, arcname="audit/checkpoints.jsonl")
        partial = final.with_name(final.name + ".partial")
        pyrage.encrypt_file(str(plain), str(partial), to)
        os.chmod(partial, 0o600)
        partial.rename(final)
    return BackupResult(final, manifest, prune(output_dir, keep))


def prune(output_dir: Path, keep: int | None = None) -> list[Path]:
    """Delete all but the ``keep`` newest archives (names sort by time)."""
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep <= 0:
        return []
    archives = sorted(output_dir.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    removed = archives[:-keep]
    for path in removed:
        path.unlink()
    return removed
