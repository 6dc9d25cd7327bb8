"""Key the audit chain (issue 18 item 4): rows written before this migration were hashed with
plain SHA-256, which anyone able to write the table can recompute. This migration first checks
that old chain as it was (refusing to go on if it is already broken: a forged trail must not
be laundered into a keyed one), then re-hashes every row in order under AUDIT_HMAC_KEY and
appends one row recording how many rows were re-sealed and the old head. From here on only
the key holder can produce rows that verify. Run it with the production key set.
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64


def _plain_hash(event, payload_of):
    canonical = json.dumps(
        payload_of(event), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _set_triggers(schema_editor, table, enabled):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        state = "ENABLE" if enabled else "DISABLE"
        schema_editor.execute(f"ALTER TABLE {table} {state} TRIGGER USER", params=None)
    elif vendor == "sqlite":
        if enabled:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;",
                params=None,
            )
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update", params=None)


def key_the_chain(apps, schema_editor):
    from seafarers_home.audit.chain import audit_key, compute_hash, row_payload

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    events = list(AuditEvent.objects.order_by("id"))
    if not events:
        return
    previous = GENESIS
    for event in events:
        if event.prev_hash != previous or _plain_hash(event, row_payload) != event.hash:
            raise RuntimeError(
                f"The audit trail is already broken at row {event.pk}; it is not re-sealed "
                "under the key. Investigate with `manage.py verify_audit_chain` of the "
                "previous release before migrating."
            )
        previous = event.hash
    old_head, key, table = previous, audit_key(), AuditEvent._meta.db_table
    _set_triggers(schema_editor, table, enabled=False)
    previous = GENESIS
    for event in events:
        event.prev_hash = previous
        event.hash = compute_hash(event, key)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        previous = event.hash
    _set_triggers(schema_editor, table, enabled=True)
    sealed = AuditEvent(
        at=timezone.now(),
        actor_id=None,
        actor_label="system",
        action="audit.chain_keyed",
        target_type="audit.auditevent",
        target_id="",
        purpose="",
        ip_address=None,
        detail={"resealed_rows": len(events), "plain_head": old_head},
        prev_hash=previous,
    )
    sealed.hash = compute_hash(sealed, key)
    sealed.save()
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_hash": sealed.hash, "last_event_id": sealed.pk}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(key_the_chain, migrations.RunPython.noop),
    ]
