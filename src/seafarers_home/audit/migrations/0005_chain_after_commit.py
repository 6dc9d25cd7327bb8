"""Chain audit rows after their transaction commits (issue 20 item 2).

Rows are now written pending (no place in the chain yet, sealed with an HMAC of their content)
and linked by a short chaining step after the writer commits (``audit/chaining.py``), so that no
audited write waits for another's transaction. This migration

- adds the chain position ``chain_seq`` and the ``seal``; ``hash`` and ``prev_hash`` may be
  empty while a row is pending; the head remembers the last position;
- numbers the existing rows 1, 2, ... in id order, the order they were chained in until now
  (so a checkpoint's ``rows`` is the position of its head row);
- relaxes the append-only triggers by exactly one case: an UPDATE that fills in the chain
  columns of a pending row and changes nothing else. Every other UPDATE and every DELETE is
  still refused (SQLite: UPDATE only, as in 0003).
"""

from django.conf import settings
from django.db import migrations, models

CONTENT = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "purpose",
    "ip_address",
    "detail",
    "seal",
)


def _same(new: str, old: str, operator: str, joiner: str) -> str:
    return joiner.join(f"{new}.{column} {operator} {old}.{column}" for column in CONTENT)


PG_INSTALL = """
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The chaining step fills in the chain columns of a pending row, once, and nothing else.
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND OLD.hash IS NULL AND OLD.prev_hash = ''
       AND NEW.chain_seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND ({new_row}) IS NOT DISTINCT FROM ({old_row})
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME;
END
$$;
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
""".replace("{new_row}", ", ".join(f"NEW.{c}" for c in CONTENT)).replace(
    "{old_row}", ", ".join(f"OLD.{c}" for c in CONTENT)
)
SQLITE_DROP = "DROP TRIGGER IF EXISTS {table}_no_update"
SQLITE_INSTALL = (
    """
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
WHEN NOT (
    OLD.chain_seq IS NULL AND OLD.hash IS NULL AND OLD.prev_hash = ''
    AND NEW.chain_seq IS NOT NULL AND NEW.hash IS NOT NULL AND """
    + _same("NEW", "OLD", "IS", " AND ")
    + """
)
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END;
"""
)
# The strict triggers of 0003 (no update at all), for migrating back.
PG_STRICT = """
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME;
END
$$;
"""
SQLITE_STRICT = """
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END;
"""
NUMBER_ROWS = """
UPDATE {table} SET chain_seq = numbered.position
FROM (SELECT id, row_number() OVER (ORDER BY id) AS position FROM {table}) AS numbered
WHERE {table}.id = numbered.id
"""


def number_existing_rows(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    table = AuditEvent._meta.db_table
    vendor = schema_editor.connection.vendor
    if not AuditEvent.objects.exists():
        return
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER", params=None)
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update", params=None)
    schema_editor.execute(NUMBER_ROWS.format(table=table), params=None)
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER", params=None)
    last = AuditEvent.objects.order_by("-id").first()
    AuditChainHead.objects.update_or_create(
        pk=1,
        defaults={
            "last_hash": last.hash,
            "last_event_id": last.pk,
            "last_seq": AuditEvent.objects.count(),
        },
    )


def _triggers(apps, schema_editor, statements) -> None:
    sql = statements.get(schema_editor.connection.vendor)
    if sql is None:
        return
    table = apps.get_model("audit", "AuditEvent")._meta.db_table
    if schema_editor.connection.vendor == "sqlite":
        # sqlite3 runs one statement per execute().
        schema_editor.execute(SQLITE_DROP.replace("{table}", table), params=None)
    schema_editor.execute(sql.replace("{table}", table), params=None)


def install(apps, schema_editor):
    _triggers(apps, schema_editor, {"postgresql": PG_INSTALL, "sqlite": SQLITE_INSTALL})


def install_strict(apps, schema_editor):
    _triggers(apps, schema_editor, {"postgresql": PG_STRICT, "sqlite": SQLITE_STRICT})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_key_the_chain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="last_seq",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_seq",
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(number_existing_rows, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("chain_seq__isnull", True)),
                fields=["id"],
                name="audit_event_pending_idx",
            ),
        ),
        migrations.RunPython(install, install_strict),
    ]
