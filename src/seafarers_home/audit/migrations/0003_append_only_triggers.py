"""Append-only in depth: the database itself refuses UPDATE and DELETE on audit rows.

PostgreSQL gets a row trigger. TRUNCATE is not a row operation, so test-database flushes
still work. SQLite only gets the UPDATE trigger: Django flushes SQLite test databases with
DELETE, which a DELETE trigger would refuse; the model guard covers deletes there.
"""

from django.db import migrations

PG_INSTALL = """
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME;
END
$$;
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
"""
PG_REMOVE = """
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP FUNCTION IF EXISTS {table}_append_only();
"""
SQLITE_INSTALL = """
CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END;
"""
SQLITE_REMOVE = "DROP TRIGGER IF EXISTS {table}_no_update;"


def _run(apps, schema_editor, statements):
    sql = statements.get(schema_editor.connection.vendor)
    if sql is None:
        return
    table = apps.get_model("audit", "AuditEvent")._meta.db_table
    schema_editor.execute(sql.format(table=table), params=None)


def install(apps, schema_editor):
    _run(apps, schema_editor, {"postgresql": PG_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(apps, schema_editor):
    _run(apps, schema_editor, {"postgresql": PG_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_actor_do_nothing"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
