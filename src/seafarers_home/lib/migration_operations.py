"""Migration operations that work on both databases the project runs on."""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations import AddIndex


class AddIndexWithoutLocking(AddIndex):
    """``AddIndex`` that builds the index with ``CREATE INDEX CONCURRENTLY`` on PostgreSQL, so
    the table stays writable while a large index builds during a deploy (a plain CREATE INDEX
    blocks every INSERT and UPDATE of the table until it is done: on the screenings table, a
    seafarer's crisis result would wait for it); a plain CREATE INDEX on SQLite. Django's
    ``AddIndexConcurrently`` is PostgreSQL-only. The migration that uses it must say
    ``atomic = False`` (PostgreSQL refuses CONCURRENTLY inside a transaction)."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


def _concurrently(schema_editor: Any) -> dict[str, bool]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
