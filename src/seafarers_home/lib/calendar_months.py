"""Calendar months: a date some months on, as contracts, certificates and limitation periods
count them (the same day of the month; the month's last day when it has no such day)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (negative: back): 2027-01-31 + 1 is
    2027-02-28, 2027-01-16 + 18 is 2028-07-16."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
