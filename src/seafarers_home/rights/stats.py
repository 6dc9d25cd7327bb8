"""The union's view of 维权保障 (issue 11 item 10): counts, never cases. Cases by category
and by month, open cases by status, money recovered per currency and the time to a first
response, every count through the small-cell rules (lib/small_cells.py). Shown to the
union's staff and rights officers only — never to a company (a case is often against it)."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seafarers_home.lib.calendar_months import add_months
from seafarers_home.lib.small_cells import MIN_CELL, suppress_group, suppress_small
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.rights.categories import all_categories
from seafarers_home.rights.models import FINAL_STATUSES, RightsCase, Status
from seafarers_home.voyages.dashboard_charts import bar_chart

MONTHS = 12


def _months(today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    return [add_months(first, -n) for n in range(MONTHS - 1, -1, -1)]


def _start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the union's zone: a range on the indexed column, not a
    date cast of every row."""
    return datetime.datetime.combine(day, datetime.time(0), hospital_zone())


def _monthly(since: datetime.date) -> dict[datetime.date, int]:
    rows = (
        RightsCase.objects.exclude(status=Status.DRAFT)
        .filter(submitted_at__gte=_start_of(since))
        .annotate(month=TruncMonth("submitted_at", tzinfo=hospital_zone()))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {row["month"].date(): row["n"] for row in rows}


def _first_response_hours(since: datetime.date) -> float | None:
    """The median time to a first response, counted and sorted by the database (the middle
    one or two rows are all that leave it, however many cases there are)."""
    answered = (
        RightsCase.objects.exclude(status=Status.DRAFT)
        .filter(submitted_at__gte=_start_of(since), first_response_at__isnull=False)
        .annotate(
            waited=ExpressionWrapper(
                F("first_response_at") - F("submitted_at"), output_field=DurationField()
            )
        )
    )
    n = answered.count()
    if n < MIN_CELL:
        return None
    middle = answered.order_by("waited").values_list("waited", flat=True)[(n - 1) // 2 : n // 2 + 1]
    hours = [waited.total_seconds() / 3600 for waited in middle]
    return round(statistics.mean(hours), 1)


def _recovered() -> list[dict[str, Any]]:
    rows = (
        RightsCase.objects.filter(status=Status.RESOLVED, amount_recovered__isnull=False)
        .values("recovered_currency")
        .annotate(n=Count("pk"), total=Sum("amount_recovered"))
        .order_by("recovered_currency")
    )
    return [
        {
            "currency": row["recovered_currency"],
            "cases": suppress_small(row["n"]),
            # A sum over fewer than five cases would tell what one seafarer got back.
            "total": row["total"] if row["n"] >= MIN_CELL else None,
        }
        for row in rows
    ]


def rights_statistics(today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate(timezone.now(), hospital_zone())
    months = _months(today)
    submitted = RightsCase.objects.exclude(status=Status.DRAFT)
    by_category = Counter(dict(submitted.values_list("category").annotate(n=Count("pk"))))
    categories = all_categories()
    category_group = suppress_group({c.code: by_category.get(c.code, 0) for c in categories})
    category_rows = (
        [(c.label, category_group.cells[c.code]) for c in categories]
        if category_group.shown
        else []
    )
    open_counts = Counter(
        dict(
            submitted.exclude(status__in=FINAL_STATUSES)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
    )
    open_statuses = [s for s in Status if s != Status.DRAFT and s not in FINAL_STATUSES]
    status_group = suppress_group({s.value: open_counts.get(s.value, 0) for s in open_statuses})
    status_rows = (
        [(s.label, status_group.cells[s.value]) for s in open_statuses]
        if status_group.shown
        else []
    )
    monthly = _monthly(months[0])
    values = [suppress_small(monthly.get(month, 0)) for month in months]
    chart: SafeString = mark_safe(  # noqa: S308 - our own markup; labels are escaped
        bar_chart(_("每月新案件"), months, [(_("新案件"), values)])
    )
    return {
        "total": sum(by_category.values()),
        "category_rows": category_rows,
        "category_total": category_group.total,
        "status_rows": status_rows,
        "status_total": status_group.total,
        "chart": chart,
        "recovered": _recovered(),
        "first_response_hours": _first_response_hours(months[0]),
        "min_cell": MIN_CELL,
    }
