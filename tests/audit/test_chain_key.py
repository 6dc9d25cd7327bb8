"""The chain key's system check, the migration that re-seals an unkeyed trail under the key,
and the worker's periodic checkpoint."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from io import StringIO
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone

from seafarers_home.audit.chain import GENESIS_HASH, compute_hash
from seafarers_home.audit.checkpoints import read_checkpoints
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit, verify_chain
from seafarers_home.core.periodic import run_periodic
from tests.audit.test_forgery import plain_hash

KEYING = importlib.import_module("seafarers_home.audit.migrations.0004_key_the_chain")


def models_at(migration: str) -> tuple[Any, Any]:
    """The audit models as the schema was at ``migration`` (the rows an older release wrote)."""
    loader = MigrationExecutor(connection).loader
    node = loader.get_migration_by_prefix("audit", migration)
    state = loader.project_state(("audit", node.name))
    return state.apps.get_model("audit", "AuditEvent"), state.apps.get_model(
        "audit", "AuditChainHead"
    )


def check_ids() -> set[str]:
    return {m.id for m in run_checks() if m.id and m.id.startswith("seafarers_home.E06")}


def test_a_missing_key_fails_the_checks_only_outside_debug():
    with override_settings(DEBUG=False, AUDIT_HMAC_KEY=""):
        assert check_ids() == {"seafarers_home.E061"}
    with override_settings(DEBUG=True, AUDIT_HMAC_KEY=""):
        assert check_ids() == set()
    with override_settings(DEBUG=False, AUDIT_HMAC_KEY="short"):
        assert check_ids() == {"seafarers_home.E062"}
    with override_settings(DEBUG=False, AUDIT_HMAC_KEY="k" * 40):
        assert check_ids() == set()


def test_rows_written_under_another_key_do_not_verify(world, settings):
    record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    assert verify_chain().ok
    settings.AUDIT_HMAC_KEY = "another-key-0123456789abcdef0123456789"
    assert verify_chain().reason == "row content does not match its hash"


@pytest.mark.django_db(transaction=True)
def test_the_migration_reseals_an_unkeyed_trail_under_the_key(world):
    """A trail written by the previous release (plain SHA-256) becomes a keyed chain, with one
    row saying how many rows were re-sealed; a broken old trail is refused, not laundered."""
    call_command("migrate", "audit", "0003", verbosity=0)
    OldEvent, OldHead = models_at("0003")
    previous = GENESIS_HASH
    for i in range(3):
        event = OldEvent(
            at=timezone.now(),
            actor_label="system",
            action="old.row",
            detail={"i": i},
            prev_hash=previous,
        )
        event.hash = plain_hash(event)
        event.save()
        previous = event.hash
    OldHead.objects.update_or_create(pk=1, defaults={"last_hash": previous})
    assert compute_hash(event) != event.hash  # the plain chain does not verify under the key

    call_command("migrate", "audit", verbosity=0)
    report = verify_chain()
    assert report.ok, report
    assert report.checked == 4
    sealed = AuditEvent.objects.order_by("-id").first()
    assert sealed.action == "audit.chain_keyed"
    assert sealed.detail == {"resealed_rows": 3, "plain_head": previous}


@pytest.mark.django_db(transaction=True)
def test_the_migration_refuses_a_broken_unkeyed_trail(world):
    call_command("migrate", "audit", "0003", verbosity=0)
    OldEvent, _ = models_at("0003")
    event = OldEvent(at=timezone.now(), actor_label="system", action="old.row", prev_hash="1" * 64)
    event.hash = plain_hash(event)
    event.save()
    with pytest.raises(RuntimeError, match=f"already broken at row {event.pk}"):
        call_command("migrate", "audit", verbosity=0)
    assert OldEvent.objects.get().hash == event.hash
    # Leave the schema as the other tests expect it (SQLite has no DELETE trigger).
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    call_command("migrate", "audit", verbosity=0)


def test_the_periodic_job_writes_a_checkpoint_once_per_interval(world, settings, audit_checkpoints):
    settings.AUDIT_CHECKPOINT_MINUTES = 15
    record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)  # by hand: one now
    assert "Checkpoint 1: 1 rows" in out.getvalue()

    # The worker and cron both ask: the job runs once, then not again for 15 minutes.
    record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    assert run_periodic(["audit.checkpoint"]) == {"audit.checkpoint": True}
    assert run_periodic(["audit.checkpoint"]) == {}
    later = timezone.now() + dt.timedelta(minutes=16)
    assert run_periodic(["audit.checkpoint"], now=later) == {"audit.checkpoint": True}
    lines = [json.loads(line) for line in audit_checkpoints.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3]
    assert len(read_checkpoints()) == 3
