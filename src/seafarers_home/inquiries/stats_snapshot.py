"""The message board's statistics, built by the worker and read by the page (issue 20 item 4).

``inquiry_stats`` counts the questions of the period and reads every answered question's
response time (for the median and 90th percentile): a fixed number of queries whose cost
grows with the board. The figures are for periods of 3 to 24 months and change slowly, so
the worker builds every period's figures each ``REFRESH`` (periodic job
``inquiries.stats_snapshot``) and the page reads one row: a constant cost whatever the data.

A snapshot holds the figures *after* small-cell suppression (``inquiry_stats`` applies it),
so nothing suppressed is ever stored, and no labels: rows are stored as counts in the order
of their choices (category, status, urgency) and labelled in the reader's language when
read; a snapshot whose rows no longer match the choices (a deploy added one) is not used.
The page says when the figures were built. Without a snapshot (a new installation), or with
one older than ``STALE_AFTER`` (the worker has stopped), the page computes the figures
itself and stores nothing (a GET does not write).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from seafarers_home.inquiries.models import STAFF_STATUS_CHOICES, Category, StatsSnapshot, Urgency
from seafarers_home.inquiries.stats import (
    PERIOD_MONTHS,
    InquiryStats,
    ResponseTimes,
    Row,
    inquiry_stats,
)

REFRESH = datetime.timedelta(minutes=15)
STALE_AFTER = datetime.timedelta(hours=2)

CHOICE_ROWS = {
    "by_category": Category.choices,
    "by_status": STAFF_STATUS_CHOICES,
    "by_urgency": Urgency.choices,
}
TIMES = ("response_all", "response_urgent", "response_routine")
PARTS = ("total", "decided", "overdue", "escalated")


def to_data(stats: InquiryStats) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(stats, name) for name in PARTS}
    data["since"] = stats.since.isoformat()
    for name in CHOICE_ROWS:
        data[name] = [row.count for row in getattr(stats, name)]
    data["by_month"] = [[row.label, row.count] for row in stats.by_month]
    for name in TIMES:
        times = getattr(stats, name)
        data[name] = (
            None if times is None else [times.answered, times.median_hours, times.p90_hours]
        )
    return data


def from_data(data: dict[str, Any]) -> InquiryStats | None:
    """The figures of a snapshot, labelled now; None if its rows do not fit the choices."""
    rows: dict[str, list[Row]] = {}
    for name, choices in CHOICE_ROWS.items():
        if len(data[name]) != len(choices):
            return None
        rows[name] = [
            Row(str(label), n) for (_value, label), n in zip(choices, data[name], strict=True)
        ]
    times = {name: None if data[name] is None else ResponseTimes(*data[name]) for name in TIMES}
    return InquiryStats(
        since=datetime.datetime.fromisoformat(data["since"]),
        total=data["total"],
        by_category=rows["by_category"],
        by_status=rows["by_status"],
        by_urgency=rows["by_urgency"],
        by_month=[Row(label, n) for label, n in data["by_month"]],
        response_all=times["response_all"],
        response_urgent=times["response_urgent"],
        response_routine=times["response_routine"],
        decided=data["decided"],
        overdue=data["overdue"],
        escalated=data["escalated"],
    )


def refresh_stats_snapshots(now: datetime.datetime | None = None) -> int:
    """Build every period's figures and store them (the worker's job); the periods built."""
    now = now or timezone.now()
    for months in PERIOD_MONTHS:
        StatsSnapshot.objects.update_or_create(
            months=months,
            defaults={"built_at": now, "data": to_data(inquiry_stats(now, months))},
        )
    return len(PERIOD_MONTHS)


def current_stats(months: int) -> tuple[InquiryStats, datetime.datetime | None]:
    """(the figures for the period, when they were built): from the snapshot, or computed now
    and not stored (then the time is None)."""
    now = timezone.now()
    snapshot = StatsSnapshot.objects.filter(months=months).first()
    if snapshot is not None and now - snapshot.built_at <= STALE_AFTER:
        stats = from_data(snapshot.data)
        if stats is not None:
            return stats, snapshot.built_at
    return inquiry_stats(now, months), None
