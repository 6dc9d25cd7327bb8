"""Counting what the server receives from a seafarer, per month and channel (item 7): the
settings page shows the month's total and its estimated cost.

One row per (seafarer, month, channel), incremented with ``F()`` so that concurrent requests
never lose a count; the first request of a month creates the row (a lost race on the unique
constraint falls back to the increment).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.sea_frames.models import MonthlyUsage


def month_of(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(datetime.UTC).date().replace(day=1)


def count_usage(
    seafarer: User, channel: str, size: int, *, now: datetime.datetime | None = None
) -> None:
    month = month_of(now or timezone.now())
    rows = MonthlyUsage.objects.filter(seafarer=seafarer, month=month, channel=channel)
    if rows.update(requests=F("requests") + 1, bytes=F("bytes") + size):
        return
    try:
        with transaction.atomic():
            MonthlyUsage.objects.create(
                seafarer=seafarer, month=month, channel=channel, requests=1, bytes=size
            )
    except IntegrityError:
        rows.update(requests=F("requests") + 1, bytes=F("bytes") + size)


def month_totals(seafarer: User, *, now: datetime.datetime | None = None) -> dict[str, int]:
    """This month's requests and bytes, all channels together."""
    totals = MonthlyUsage.objects.filter(
        seafarer=seafarer, month=month_of(now or timezone.now())
    ).aggregate(requests=Sum("requests"), bytes=Sum("bytes"))
    return {"requests": totals["requests"] or 0, "bytes": totals["bytes"] or 0}
