"""The row of a lookup that can find at most one, without ordering it.

``QuerySet.first()`` orders before it takes one row: by the model's ``Meta.ordering`` or, with
none, by the primary key. Where the filter names a primary key or the fields of a unique
constraint there is at most one row, and that ORDER BY is compiled by the ORM and sorted by the
database for nothing: measured in one process on PostgreSQL, a screening read by its key cost
1,076 µs of CPU with ``first()`` and 970 µs without the ordering, a response read by its
screening and instrument 1,264 and 985 µs (bench/README.md). The pages a seafarer answers
read several such rows per request.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet

T = TypeVar("T")


def one_or_none(rows: QuerySet[Any, T]) -> T | None:
    """The one row of ``rows`` (filtered by a key or a unique constraint's fields), or None."""
    return next(iter(rows.order_by()[:1]), None)
