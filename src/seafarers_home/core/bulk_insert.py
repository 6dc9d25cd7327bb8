"""Many rows inserted per batch without Django's per-value preparation (issue 20 item 5).

``bulk_create`` prepares each value of each row through its field (``get_db_prep_save``) and
then psycopg's client-side binding quotes every one of them into the SQL text: for the daily
care run's 100,000 tasks and 60,000 notifications that Python work was a third of the run
(cProfile in bench/README.md). On PostgreSQL this sends the rows by COPY into a temporary
table (formatted by psycopg's C code) and one ``INSERT … SELECT`` from it (``ON CONFLICT DO
NOTHING`` when asked); when the caller needs the primary keys (to queue SMS, to send live
events) it takes them from the table's sequence first, so every object gets its own id
without relying on the order of ``RETURNING``. Other databases (SQLite in
tests and small sites) use ``bulk_create``, which does the same there.

Only for plain rows: every concrete column is written as the object holds it (``pre_save``
runs, so ``auto_now`` fields are set), choices are stored by value, JSON is serialised.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from django.db import IntegrityError, connection, models

BATCH = 5000


def _getter(field: models.Field) -> Callable[[models.Model], Any]:
    """How to read ``field``'s stored value off an object (as ``bulk_create`` would store it)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, True)
    if isinstance(field, models.JSONField):
        return lambda obj: (
            None
            if (value := getattr(obj, field.attname)) is None
            else json.dumps(value, cls=field.encoder)
        )
    attname = field.attname
    if field.choices:
        return lambda obj: (
            value.value if isinstance(value := getattr(obj, attname), enum.Enum) else value
        )
    return lambda obj: getattr(obj, attname)


def bulk_insert(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    ignore_conflicts: bool = False,
    set_pks: bool = False,
) -> None:
    """Insert ``objs``; with ``set_pks`` each gets its primary key (not with
    ``ignore_conflicts``: a skipped row would keep an id that was never stored)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, ignore_conflicts=ignore_conflicts, batch_size=500)
        return
    assert not (set_pks and ignore_conflicts)
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ([pk.column] if set_pks else []) + [f.column for f in fields]
    columns = ", ".join(quote(name) for name in names)
    staging = quote(f"bulk_{meta.db_table}_{len(names)}")
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging}"  # noqa: S608 - ours
        + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")
    )
    connection.ensure_connection()
    getters = [_getter(f) for f in fields]
    with psycopg.Cursor(connection.connection) as cursor:
        # COPY (rows formatted by psycopg's C code) into a temporary table of the columns
        # (types only, no constraints), then one INSERT … SELECT from it: COPY itself has
        # no ON CONFLICT.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS "  # noqa: S608
            f"AS SELECT {columns} FROM {table} WITH NO DATA"
        )
        for start in range(0, len(objs), BATCH):
            batch = objs[start : start + BATCH]
            if set_pks:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, pk.column, len(batch)],
                )
                for obj, (new_id,) in zip(batch, cursor.fetchall(), strict=True):
                    obj.pk = new_id
            cursor.execute(f"TRUNCATE {staging}")
            with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
                for obj in batch:
                    row = [get(obj) for get in getters]
                    copy.write_row([obj.pk, *row] if set_pks else row)
            try:
                cursor.execute(sql)
            except psycopg.IntegrityError as error:  # as Django's cursor would raise it
                raise IntegrityError(*error.args) from error
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
