"""Date arithmetic of the care plan: which task a voyage needs today, when it is due, and from
when a fact (a completed screening, a clearance) counts for it. Pure: no queries.

- A phase's **anchor** is the day the voyage entered it: before departure, the day the voyage
  was recorded (in the seafarer's zone); at sea, the departure day; after return, the return
  day; ashore, ``AFTER_RETURN_DAYS`` after the return.
- A step's task is due ``due_days`` after the anchor, at the **end of that day in the
  seafarer's time zone** (stored in UTC). Before departure a task is due the day before
  departure at the latest (never before the anchor).
- A step with ``repeat_days`` (the at-sea pulse) has one task per period: the n-th starts
  ``(n - 1) * repeat_days`` after the anchor. Only the current period's task is created, so a
  voyage recorded late, or a run missed for weeks, does not flood the seafarer with old
  check-ins.
- A fact counts for a task from the start of its period (a pulse) or of its phase; a
  pre-departure fact counts from ``PRE_DEPARTURE_FACT_DAYS`` before departure, so a 心理CT
  taken a month before the voyage was recorded still counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from seafarers_home.voyages.models import CarePlanStep, Phase
from seafarers_home.voyages.phases import AFTER_RETURN_DAYS, VoyageDates, departure_day

PRE_DEPARTURE_FACT_DAYS = 90
END_OF_DAY = datetime.time(23, 59, 59)


def end_of_day(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    """The last second of ``day`` where the seafarer is, in UTC."""
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=zone).astimezone(datetime.UTC)


def start_of_day(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone).astimezone(datetime.UTC)


def phase_anchor(voyage: VoyageDates, phase: str, zone: ZoneInfo) -> datetime.date | None:
    """The day ``voyage`` entered ``phase`` (None when it cannot have)."""
    if phase == Phase.BEFORE_DEPARTURE:
        recorded = voyage.created_at.astimezone(zone).date() if voyage.created_at else None
        return min(recorded, departure_day(voyage)) if recorded else departure_day(voyage)
    if phase == Phase.AT_SEA:
        return departure_day(voyage)
    if voyage.actual_return is None:
        return None
    if phase == Phase.AFTER_RETURN:
        return voyage.actual_return
    return voyage.actual_return + datetime.timedelta(days=AFTER_RETURN_DAYS)


@dataclass(frozen=True)
class Slot:
    """One task the voyage needs: step, repeat number, period start and due time (UTC)."""

    step: CarePlanStep
    sequence: int
    starts: datetime.date
    due_at: datetime.datetime


def period_start(anchor: datetime.date, step: CarePlanStep, sequence: int) -> datetime.date:
    return anchor + datetime.timedelta(days=(sequence - 1) * (step.repeat_days or 0))


def due_day(voyage: VoyageDates, step: CarePlanStep, starts: datetime.date) -> datetime.date:
    due = starts + datetime.timedelta(days=step.due_days)
    if step.phase == Phase.BEFORE_DEPARTURE:
        due = max(starts, min(due, departure_day(voyage) - datetime.timedelta(days=1)))
    return due


def slots_for(
    voyage: VoyageDates,
    phase: str,
    today: datetime.date,
    steps: Iterable[CarePlanStep],
    zone: ZoneInfo,
) -> list[Slot]:
    """The tasks ``voyage`` needs on ``today`` in ``phase`` (from the active steps given)."""
    anchor = phase_anchor(voyage, phase, zone)
    if anchor is None:
        return []
    slots = []
    for step in steps:
        if step.phase != phase or not step.is_active:
            continue
        sequence = 1
        if step.repeat_days and today > anchor:
            sequence = (today - anchor).days // step.repeat_days + 1
        starts = period_start(anchor, step, sequence)
        due = end_of_day(due_day(voyage, step, starts), zone)
        slots.append(Slot(step=step, sequence=sequence, starts=starts, due_at=due))
    return slots


def fact_window(
    voyage: VoyageDates, step: CarePlanStep, sequence: int, zone: ZoneInfo
) -> tuple[datetime.datetime, datetime.datetime | None] | None:
    """From when (and, for a repeating step, until when) a fact completes this task."""
    if step.phase == Phase.BEFORE_DEPARTURE:
        start = departure_day(voyage) - datetime.timedelta(days=PRE_DEPARTURE_FACT_DAYS)
        return start_of_day(start, zone), None
    anchor = phase_anchor(voyage, step.phase, zone)
    if anchor is None:
        return None
    starts = period_start(anchor, step, sequence)
    if not step.repeat_days:
        return start_of_day(starts, zone), None
    ends = starts + datetime.timedelta(days=step.repeat_days)
    return start_of_day(starts, zone), start_of_day(ends, zone)
