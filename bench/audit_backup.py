"""Audit chain and backup benchmark: what verifying the keyed chain, writing a checkpoint, and
a backup / restore round trip cost as the trail grows.

Prepares a throw-away site (a temporary VAR_DIR; a fresh SQLite file, or with
``--database-url`` a PostgreSQL database that is dropped and created, e.g.
``postgres://postgres@127.0.0.1:5432/bench_audit``), migrates it, appends ``--rows`` correctly
keyed and chained audit rows in bulk (as record_audit would chain them), then times:

* ``verify_chain()`` over the whole trail (what ``manage.py verify_audit_chain`` does),
* the first checkpoint (walks the whole trail) and a checkpoint after 1,000 more rows (walks
  only those: the worker's periodic cost),
* ``manage.py backup`` and ``manage.py restore`` into a second fresh database (separate
  processes), with the archive's size.

Figures only; exits 0 unless the site cannot be prepared.
Usage: ``.venv/bin/python bench/audit_backup.py [--rows 200000] [--database-url URL]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')


def append_rows(n: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from seafarers_home.audit.chain import GENESIS_HASH, audit_key, compute_hash
    from seafarers_home.audit.models import AuditChainHead, AuditEvent

    key = audit_key()
    head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    previous, position = head.last_hash, head.last_seq
    batch: list[AuditEvent] = []
    now = timezone.now()
    for i in range(n):
        event = AuditEvent(
            at=now,
            actor_label="system",
            action="bench.view",
            target_type="accounts.user",
            target_id=str(i % 5000),
            purpose="bench",
            detail={"i": i},
            prev_hash=previous,
            chain_seq=position + i + 1,
        )
        event.hash = compute_hash(event, key)
        previous = event.hash
        batch.append(event)
        if len(batch) == 5000 or i == n - 1:
            with transaction.atomic():
                AuditEvent.objects.bulk_create(batch)
            batch = []
    last = AuditEvent.objects.order_by("-id").first()
    AuditChainHead.objects.filter(pk=1).update(
        last_hash=previous, last_event_id=last.pk, last_seq=position + n
    )


def timed(label: str, func) -> object:
    start = time.perf_counter()
    result = func()
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    import pyrage

    key = str(pyrage.x25519.Identity.generate())
    env = {
        "VAR_DIR": str(work / "var"),
        "DEBUG": "1",
        "AUDIT_HMAC_KEY": "bench-audit-key-0123456789abcdef0123",
        "BACKUP_KEY": key,
        "BACKUP_DIR": str(work / "backups"),
    }
    if args.database_url:
        fresh_postgres(args.database_url)
        env["DATABASE_URL"] = args.database_url
        target = args.database_url + "_restored"
        fresh_postgres(target)
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'site.sqlite3'}"
        target = f"sqlite:///{work / 'restored.sqlite3'}"
    for name in ("REDIS_URL", "TEST_DATABASE_NAME", "MEDIA_ROOT", "FIELD_ENCRYPTION_KEYS"):
        os.environ.pop(name, None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "seafarers_home.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from seafarers_home.audit.chain import verify_chain
    from seafarers_home.audit.checkpoints import write_checkpoint

    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{engine}, {args.rows:,} audit rows, load {os.getloadavg()[0]:.2f}")
    timed(f"append {args.rows:,} chained rows (bulk)", lambda: append_rows(args.rows))
    report = timed("verify_chain (whole trail)", verify_chain)
    assert report.ok, report
    timed("first checkpoint (walks the whole trail)", write_checkpoint)
    append_rows(1000)
    timed("next checkpoint (1,000 new rows)", write_checkpoint)
    from django.db import connection

    connection.close()
    manage = [sys.executable, str(ROOT / "manage.py")]
    timed(
        "manage.py backup", lambda: subprocess.run([*manage, "backup"], check=True, env=os.environ)
    )
    archive = next((work / "backups").glob("*.age"))
    print(f"{'archive size':<44} {archive.stat().st_size / 1e6:8.1f} MB")
    restore_env = {
        **os.environ,
        "DATABASE_URL": target,
        "MEDIA_ROOT": str(work / "restored-media"),
    }
    timed(
        "manage.py restore (with its checks)",
        lambda: subprocess.run([*manage, "restore", str(archive)], check=True, env=restore_env),
    )


if __name__ == "__main__":
    main()
