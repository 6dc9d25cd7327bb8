"""Backups that restore (issue 18 item 13): the demo site with a clinical note and a media file
is backed up by ``manage.py backup`` and restored by ``manage.py restore`` in a separate
process into a fresh database (on PostgreSQL a separate database name), then checked from
outside: row counts, the note decrypted, the audit chain verified."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pyrage
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consent import documents_v1
from seafarers_home.consent.models import ConsentDocument
from seafarers_home.consultations.actions.booking import do_book_consultation
from seafarers_home.consultations.actions.notes import NoteInput, do_write_consultation_note
from seafarers_home.consultations.models import Slot

ROOT = Path(__file__).resolve().parents[2]
NOTE = "夜班后连续失眠两周,情绪低落;建议规律作息,两周后复诊。"
PHOTO = b"\xff\xd8\xff\xe0 a re-encoded photo of a contract \xff\xd9"
# Variables of the test run that must not leak into the restoring process.
LEAKING = ("DATABASE_URL", "TEST_DATABASE_NAME", "REDIS_URL", "VAR_DIR", "MEDIA_ROOT", "DEBUG")


def counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def target_url(tmp_path):
    """A fresh, empty database for the restore: a new SQLite file, or a PostgreSQL database of
    its own next to the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    server = psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
        yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def restoring_env(tmp_path: Path, database_url: str, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LEAKING}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="1",
        SECRET_KEY=settings.SECRET_KEY,
        AUDIT_HMAC_KEY=settings.AUDIT_HMAC_KEY,
        VAR_DIR=str(tmp_path / "restored-var"),
        MEDIA_ROOT=str(tmp_path / "restored-media"),
        AUDIT_CHECKPOINT_PATH=str(tmp_path / "restored-var" / "checkpoints.jsonl"),
        BACKUP_KEY=key,
    )
    if settings.FIELD_ENCRYPTION_KEYS:
        env["FIELD_ENCRYPTION_KEYS"] = ",".join(settings.FIELD_ENCRYPTION_KEYS)
    return env


def demo_site_with_a_note() -> None:
    # The consent documents come from a data migration; a transactional test that ran before
    # may have flushed them.
    documents_v1.install(ConsentDocument, timezone.now() - dt.timedelta(minutes=1))
    call_command("load_demo", stdout=StringIO())
    seafarer = User.objects.get(phone="13900000001")
    slot = Slot.objects.filter(mode="remote", starts_at__gt=timezone.now()).order_by("id")[0]
    appointment = do_book_consultation(
        seafarer, slot, reason="出海前想聊聊睡眠", share_screening=False
    )
    do_write_consultation_note(slot.clinician, NoteInput(note=NOTE), appointment=appointment)
    default_storage.save("inquiries/photos/contract.jpg", ContentFile(PHOTO))


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_site_restores_into_a_fresh_database(settings, tmp_path, target_url):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    key = pyrage.x25519.Identity.generate()
    settings.BACKUP_KEY = str(key)
    demo_site_with_a_note()

    out = StringIO()
    call_command("backup", stdout=out)
    archives = list(settings.BACKUP_DIR.glob("seafarers-home-*.tar.gz.age"))
    assert len(archives) == 1
    assert str(archives[0]) in out.getvalue()
    raw = archives[0].read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert b"13900000001" not in raw and PHOTO not in raw  # encrypted, not just packed
    expected = counts()
    assert expected["audit.auditevent"] > 100 and expected["consultations.consultationnote"] == 1

    env = restoring_env(tmp_path, target_url, str(key))
    restored = manage("restore", str(archives[0]), env=env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "checks passed: row counts, audit chain, encrypted fields" in restored.stdout

    script = (
        "import json; from django.apps import apps; "
        "from seafarers_home.consultations.models_clinical import ConsultationNote; "
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SELECT note FROM consultations_consultationnote'); "
        "print(json.dumps({'counts': {m._meta.label_lower: m._base_manager.count() "
        "for m in apps.get_models() if m._meta.managed and not m._meta.proxy}, "
        "'note': ConsultationNote.objects.get().note, 'stored': c.fetchone()[0]}))"
    )
    shell = manage("shell", "-c", script, env=env)
    assert shell.returncode == 0, shell.stderr
    seen = json.loads(shell.stdout.strip().splitlines()[-1])
    assert seen["counts"] == expected
    assert seen["note"] == NOTE
    assert seen["stored"].startswith("fernet:") and NOTE not in seen["stored"]

    verified = manage("verify_audit_chain", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"Checked {expected['audit.auditevent']} audit rows: OK" in verified.stdout
    assert "(against checkpoints: 1)" in verified.stdout
    photo = tmp_path / "restored-media" / "inquiries" / "photos" / "contract.jpg"
    assert photo.read_bytes() == PHOTO

    # The target now holds a site: a second restore is refused, nothing is touched.
    again = manage("restore", str(archives[0]), env=env)
    assert again.returncode != 0
    assert "The target database is not empty" in again.stderr
    # Forced, it drops what is there and restores the same site again.
    forced = manage("restore", "--force", str(archives[0]), env=env)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "checks passed" in forced.stdout


@pytest.mark.django_db(transaction=True)
def test_a_restore_with_another_key_or_into_the_wrong_engine_is_refused(settings, tmp_path, world):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEY = ""
    owner = pyrage.x25519.Identity.generate()
    # The server holds only the public recipient: enough to write, not to read.
    settings.BACKUP_RECIPIENTS = [str(owner.to_public())]
    call_command("backup", stdout=StringIO())
    (archive,) = settings.BACKUP_DIR.glob("*.age")
    stranger = str(pyrage.x25519.Identity.generate())
    env = restoring_env(tmp_path, f"sqlite:///{tmp_path / 'fresh.sqlite3'}", stranger)
    refused = manage("restore", str(archive), env=env)
    assert refused.returncode != 0
    assert f"Cannot decrypt {archive.name}" in refused.stderr
    with pytest.raises(CommandError, match="No backup key"):
        call_command("restore", str(archive))
    if connection.vendor == "postgresql":
        wrong = manage("restore", str(archive), env={**env, "BACKUP_KEY": str(owner)})
        assert "The archive holds a postgresql database; DATABASE_URL is sqlite" in wrong.stderr


@pytest.mark.django_db(transaction=True)
def test_old_archives_beyond_the_retention_are_removed(settings, tmp_path, world):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_KEY = str(pyrage.x25519.Identity.generate())
    out = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", "--output-dir", str(out), "--keep", "2", stdout=StringIO())
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and all(n.endswith(".tar.gz.age") for n in names)
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="No backup key"):
        call_command("backup", "--output-dir", str(out), stdout=StringIO())
