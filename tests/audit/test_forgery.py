"""Forgeries by someone who can write the database but does not hold AUDIT_HMAC_KEY: each one
re-computes a consistent chain the way the old, unkeyed verifier accepted, and each must fail
verification now (issue 18 item 4)."""

from __future__ import annotations

import hashlib
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from seafarers_home.audit.chain import GENESIS_HASH, compute_hash, row_payload
from seafarers_home.audit.models import AuditChainHead, AuditEvent
from seafarers_home.audit.services import record_audit, verify_chain
from tests.audit.conftest import chained, triggers_disabled

TABLE = AuditEvent._meta.db_table


def plain_hash(event: AuditEvent) -> str:
    """What the unkeyed chain used: SHA-256 of the canonical row (the migration's check)."""
    body = json.dumps(row_payload(event), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def guessed_key_hash(event: AuditEvent) -> str:
    """The forger runs the platform's own code (it is public) with a key they guessed."""
    return compute_hash(event, b"guessed-key")


def rehash_all(rehash) -> None:
    """Re-link every row in id order with ``rehash`` and move the head to the end, as a
    database writer would after editing or deleting rows."""
    previous = GENESIS_HASH
    last = None
    with triggers_disabled(), connection.cursor() as cursor:
        for event in AuditEvent.objects.order_by("id"):
            event.prev_hash = previous
            event.hash = rehash(event)
            cursor.execute(
                f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [event.prev_hash, event.hash, event.pk],
            )
            previous, last = event.hash, event
    AuditChainHead.objects.filter(pk=1).update(
        last_hash=previous, last_event_id=last.pk if last else None
    )


def delete_rows(*pks: int) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        for pk in pks:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608


def append(world, n: int, target=None) -> list[AuditEvent]:
    return chained(
        [
            record_audit(
                world.clinician, "inquiry.read", target=target or world.seafarer, detail={"i": i}
            )
            for i in range(n)
        ]
    )


def test_an_honest_chain_verifies_against_its_checkpoints(world):
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())  # the empty trail
    append(world, 3)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    append(world, 2)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    append(world, 1)  # after the last checkpoint: fine, the head may be ahead of it
    report = verify_chain()
    assert report.ok, report
    assert (report.checked, report.checkpoints) == (6, 3)


@pytest.mark.parametrize("rehash", [plain_hash, guessed_key_hash], ids=["plain", "guessed-key"])
def test_an_edited_row_with_recomputed_later_hashes_is_detected(world, rehash):
    events = append(world, 5)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET purpose = %s WHERE id = %s",  # noqa: S608
            ["nothing to see", events[2].pk],
        )
    rehash_all(rehash)
    report = verify_chain()
    assert not report.ok
    # Every row was re-hashed without the key, so the first one already fails.
    assert (report.first_broken_id, report.reason) == (
        events[0].pk,
        "row content does not match its hash",
    )


def test_rows_about_one_person_deleted_and_rehashed_are_detected(world):
    about_a = append(world, 2, target=world.seafarer)
    append(world, 2, target=world.seafarer_b)
    about_a += append(world, 2, target=world.seafarer)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    delete_rows(*(event.pk for event in about_a))
    rehash_all(plain_hash)
    assert AuditEvent.objects.count() == 2
    report = verify_chain()
    assert not report.ok
    assert report.reason == "row content does not match its hash"


def test_rows_deleted_before_a_checkpoint_are_caught_even_with_a_valid_keyed_prefix(world):
    """The newest rows removed and the head moved back: what is left is a prefix of the keyed
    chain, so every row still verifies; only the checkpoint shows that the chain was longer."""
    events = append(world, 5)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    delete_rows(events[3].pk, events[4].pk)
    AuditChainHead.objects.filter(pk=1).update(last_hash=events[2].hash, last_event_id=events[2].pk)
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_id == events[4].pk
    assert report.reason.startswith("the trail ends before checkpoint 1 of ")
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain", stdout=out)
    assert failure.value.returncode == 1
    assert "the trail ends before checkpoint 1" in str(failure.value)


def test_a_moved_head_is_detected(world):
    events = append(world, 4)
    AuditChainHead.objects.filter(pk=1).update(last_hash=events[1].hash, last_event_id=events[1].pk)
    report = verify_chain()
    assert (report.ok, report.reason) == (False, "rows after the last one were removed")


def test_a_checkpoint_edited_to_match_a_forgery_is_detected(world, audit_checkpoints):
    events = append(world, 3)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    delete_rows(events[2].pk)
    line = json.loads(audit_checkpoints.read_text())
    line.update(row=events[1].pk, rows=2, head=events[1].hash)
    audit_checkpoints.write_text(json.dumps(line) + "\n")
    report = verify_chain()
    assert not report.ok
    assert report.reason == (
        "checkpoint file: line 1 has a wrong signature (edited, or signed with another key)"
    )


def test_a_checkpoint_removed_from_the_middle_is_detected(world, audit_checkpoints):
    for _ in range(3):
        append(world, 1)
        call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    lines = audit_checkpoints.read_text().splitlines()
    audit_checkpoints.write_text("\n".join([lines[0], lines[2]]) + "\n")
    report = verify_chain()
    assert report.reason == (
        "checkpoint file: line 2 does not follow the line before (lines removed or reordered)"
    )


def test_the_off_server_copy_catches_a_truncated_local_file(world, audit_checkpoints, tmp_path):
    """A writer who can also reach the server's disk cuts the local file back; the copy kept
    elsewhere still holds the later checkpoint."""
    append(world, 2)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    local_before = audit_checkpoints.read_text()
    events = append(world, 2)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    copy = tmp_path / "copy.jsonl"
    shutil.copy(audit_checkpoints, copy)
    delete_rows(*(event.pk for event in events))
    audit_checkpoints.write_text(local_before)
    AuditChainHead.objects.filter(pk=1).update(
        last_hash=AuditEvent.objects.order_by("-id").first().hash
    )
    assert verify_chain().ok  # the local file alone is fooled: hence the copy off the server
    out = StringIO()
    with pytest.raises(CommandError, match="the trail ends before checkpoint 2"):
        call_command("verify_audit_chain", "--checkpoints", str(copy), stdout=out)


def test_no_checkpoint_is_written_over_a_forged_chain(world, audit_checkpoints):
    events = append(world, 3)
    call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    append(world, 2)
    before = audit_checkpoints.read_text()
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET action = 'x' WHERE id = %s",  # noqa: S608
            [events[-1].pk + 1],
        )
    with pytest.raises(CommandError) as failure:
        call_command("audit_checkpoint", "--no-schedule", stdout=StringIO())
    assert failure.value.returncode == 1
    assert f"broken link at audit event id {events[-1].pk + 1}" in str(failure.value)
    assert audit_checkpoints.read_text() == before


def test_a_row_appended_without_the_key_is_detected(world):
    """A writer inserts a plausible row at the end and moves the head to it."""
    last = append(world, 2)[-1]
    forged = AuditEvent(
        at=last.at,
        actor_label="system",
        action="profile.view",
        target_type=last.target_type,
        target_id=last.target_id,
        prev_hash=last.hash,
    )
    forged.hash = guessed_key_hash(forged)
    forged.save()
    AuditChainHead.objects.filter(pk=1).update(last_hash=forged.hash, last_event_id=forged.pk)
    report = verify_chain()
    assert (report.first_broken_id, report.reason) == (
        forged.pk,
        "row content does not match its hash",
    )
