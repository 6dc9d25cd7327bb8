"""Pre-aggregated band counts (``BandCount``) kept in step with the responses (issue 20 item 4).

A response counts in the reports once its screening is completed, for the company stored on
it, when it has a band. So the counts change at exactly two moments, both inside the action's
transaction:

- completing a screening adds its responses (``add_screening``): ``do_complete_screening``,
  or ``do_submit_response`` when its answers were the last;
- erasing a seafarer's screenings subtracts the completed ones it deletes (``subtract``).

Each change is one ``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE SET n = n + excluded.n``
(PostgreSQL and SQLite ≥ 3.24): an atomic increment in the database, so two transactions
completing screenings of one company at once both count (a read-modify-write in Python
would lose one of them). Rows are written in key order, so two such statements lock shared
rows in the same order and cannot deadlock on each other.

``raw_band_counts`` is the same figure computed from every response: the reference that
the rebuild uses and the property test compares with.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Count, QuerySet

from seafarers_home.screening.instruments import assigned_only_codes
from seafarers_home.screening.models import BandCount, Response, Screening

Key = tuple[int, str, str]


def counted_responses() -> QuerySet[Response]:
    """The responses the reports count: of completed screenings, with a band and a company, of
    the general instruments (an ``assigned_only`` one, the PCL-5 after an incident, is taken by
    an identifiable few: it stays out of the company and union reports)."""
    return (
        Response.objects.filter(screening__status=Screening.Status.COMPLETED, company__isnull=False)
        .exclude(band="")
        .exclude(instrument_code__in=sorted(assigned_only_codes()))
    )


def raw_band_counts() -> dict[Key, int]:
    """(company id, instrument code, band) → n, computed from the responses themselves."""
    rows = (
        counted_responses()
        .order_by()
        .values_list("company", "instrument_code", "band")
        .annotate(n=Count("id"))
    )
    return {(company, code, band): n for company, code, band, n in rows}


def stored_band_counts() -> dict[Key, int]:
    """The same from ``BandCount`` (rows at zero left out)."""
    rows = BandCount.objects.filter(n__gt=0).values_list("company", "instrument_code", "band", "n")
    return {(company, code, band): n for company, code, band, n in rows}


def _upsert(responses: QuerySet[Response], sign: int) -> None:
    select_sql, params = (
        responses.order_by()
        .values_list("company", "instrument_code", "band")
        .annotate(n=Count("id"))
        .query.sql_with_params()
    )
    table = BandCount._meta.db_table
    # The SELECT already has a WHERE (the filters), which SQLite needs before ON CONFLICT.
    sql = f"""
        INSERT INTO {table} (company_id, instrument_code, band, n)
        SELECT company, instrument_code, band, n * %s FROM ({select_sql}) AS grouped
        WHERE true ORDER BY company, instrument_code, band
        ON CONFLICT (company_id, instrument_code, band)
        DO UPDATE SET n = {table}.n + excluded.n
    """  # noqa: S608 - the table is ours; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [sign, *params])


def add_screening(screening: Screening) -> None:
    """Count a screening that has just been completed (call in its transaction)."""
    _upsert(counted_responses().filter(screening=screening), 1)


def subtract(responses: QuerySet[Response]) -> None:
    """Uncount ``responses`` that are about to be deleted (call in the same transaction)."""
    _upsert(counted_responses().filter(pk__in=responses.values("pk")), -1)


def rebuild_band_counts() -> int:
    """Replace every count by the figure computed from the responses; returns the rows."""
    with transaction.atomic():
        BandCount.objects.all().delete()
        BandCount.objects.bulk_create(
            BandCount(company_id=company, instrument_code=code, band=band, n=n)
            for (company, code, band), n in sorted(raw_band_counts().items())
        )
        return BandCount.objects.count()


def band_count_rows(**filters: Any) -> QuerySet[BandCount]:
    """(company id, instrument code, band, n) of the stored counts above zero."""
    return (
        BandCount.objects.filter(n__gt=0, **filters)
        .order_by()
        .values_list("company", "instrument_code", "band", "n")
    )
