"""Hand-written SQL for the few small reads every signed-in request makes.

The ORM builds and compiles a query's SQL again each time it runs. For the reads every page
repeats — the person's roles, their consent state, their unread count — that was 0.3–2 ms of
Python each, more than the database took to answer, and together a quarter of a page's CPU
(bench/README.md, "Per-request reads in SQL"). These helpers run SQL written once instead.
Table and column names come from the models (``table``, ``column``), so a renamed field cannot
leave a statement behind; the statements are plain SQL that SQLite and PostgreSQL both run.

Anything beyond a handful of hot, simple reads belongs in the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models


def table(model: type[models.Model]) -> str:
    """The model's table, quoted for the database."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[models.Model], field: str) -> str:
    """A field's column (``user`` names ``user_id``), quoted for the database."""
    found = model._meta.get_field(field)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{field} has no column")  # a reverse relation
    return connection.ops.quote_name(found.column)


def moment(value: datetime) -> Any:
    """A time as the database takes it in a parameter (text on SQLite, as the ORM writes it)."""
    return connection.ops.adapt_datetimefield_value(value)


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def values(sql: str, params: Sequence[Any]) -> list[Any]:
    """The first column of every row."""
    return [row[0] for row in rows(sql, params)]


def value(sql: str, params: Sequence[Any]) -> Any:
    """The first column of the first row (None for no row)."""
    found = rows(sql, params)
    return found[0][0] if found else None
