"""The duty roster: counsellors' shifts and the on-call psychiatrists', and the week view that
shows every hour nobody covers. Hours are the hospital's (HOSPITAL_TIME_ZONE, lib/zones.py).
Adding and removing a shift: ``hotline/actions/roster.py``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from seafarers_home.accounts.models import User
from seafarers_home.hotline.models import HotlineShift
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.permissions.roles import is_counsellor

MAX_SHIFT_HOURS = 24
ON_CALL_TIER = 2


class ShiftInvalid(ValueError):
    pass


def can_manage_roster(user: User) -> bool:
    """Counsellors keep their own roster; the back office can also edit it in the admin."""
    return is_counsellor(user)


@dataclass
class HourCell:
    start: datetime
    counsellors: list[str]
    psychiatrists: list[str]

    @property
    def uncovered(self) -> bool:
        return not self.counsellors

    @property
    def no_psychiatrist(self) -> bool:
        return not self.psychiatrists


@dataclass
class DayRow:
    day: date
    hours: list[HourCell]

    @property
    def uncovered_hours(self) -> int:
        return sum(1 for cell in self.hours if cell.uncovered)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_view(first_day: date) -> list[DayRow]:
    """Seven days × 24 hospital hours; each cell lists who covers the whole hour."""
    zone = hospital_zone()
    start = datetime.combine(first_day, time(0), zone)
    end = start + timedelta(days=7)
    shifts = list(
        HotlineShift.objects.filter(starts_at__lt=end, ends_at__gt=start).select_related("user")
    )
    rows = []
    for offset in range(7):
        day = first_day + timedelta(days=offset)
        cells = []
        for hour in range(24):
            cell_start = datetime.combine(day, time(hour), zone)
            cell_end = cell_start + timedelta(hours=1)
            covering = [s for s in shifts if s.starts_at <= cell_start and s.ends_at >= cell_end]
            cells.append(
                HourCell(
                    start=cell_start,
                    counsellors=[
                        str(s.user) for s in covering if s.kind == HotlineShift.Kind.COUNSELLOR
                    ],
                    psychiatrists=[
                        str(s.user) for s in covering if s.kind == HotlineShift.Kind.PSYCHIATRIST
                    ],
                )
            )
        rows.append(DayRow(day=day, hours=cells))
    return rows
