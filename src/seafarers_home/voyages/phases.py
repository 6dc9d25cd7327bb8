"""The phase of a voyage on a day, and a seafarer's "today" and current voyage.

The truth is the dates; ``Voyage.phase`` is only a cache kept by every write and by the
daily care run. The rules (``phase_on``), decided for issue 7:

- **Cancelled** voyage: ``ASHORE``. A voyage can be cancelled only before anybody recorded
  its departure (``services_voyages.do_cancel_voyage``); the seafarer never went, so the
  voyage puts them in no voyage phase at all, and the care pathway cancels its open tasks.
- **Departure** is the actual departure when recorded, else the planned one: a voyage whose
  planned day has passed with no actual departure recorded counts as departed on the planned
  day (offices often record only the plan).
- Before departure → ``BEFORE_DEPARTURE``. From the departure day → ``AT_SEA``.
- **Return** is only the *recorded* actual return. When the expected return has passed and no
  return is recorded, the voyage is a **late return** and stays ``AT_SEA`` (at-sea care goes
  on) until somebody records the return.
- From the return day for ``AFTER_RETURN_DAYS`` (30) days → ``AFTER_RETURN``; later
  → ``ASHORE``.

"Today" for a seafarer is the calendar date in *their* time zone (``User.time_zone``): ships
cross zones, and a task due "today" must mean the seafarer's today.

``phase_on`` is pure (no queries): the daily run calls it for every active voyage.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Protocol

from django.utils import timezone

from seafarers_home.lib.zones import user_zone
from seafarers_home.voyages.models import Phase, Voyage

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

AFTER_RETURN_DAYS = 30


class VoyageDates(Protocol):
    """What the phase and the care plan read of a voyage: a ``Voyage``, or the daily run's
    ``care.VoyageRow`` (a row, not a model object)."""

    @property
    def planned_departure(self) -> datetime.date: ...
    @property
    def expected_return(self) -> datetime.date: ...
    @property
    def actual_departure(self) -> datetime.date | None: ...
    @property
    def actual_return(self) -> datetime.date | None: ...
    @property
    def cancelled_at(self) -> datetime.datetime | None: ...
    @property
    def created_at(self) -> datetime.datetime | None: ...


# When a seafarer has more than one voyage in a phase today (a voyage just ended and the next
# is being prepared), the current one is the first of this order: at sea, then just back
# (the return care matters most), then the soonest departure.
PHASE_PRIORITY = {
    Phase.AT_SEA: 0,
    Phase.AFTER_RETURN: 1,
    Phase.BEFORE_DEPARTURE: 2,
}


def departure_day(voyage: VoyageDates) -> datetime.date:
    """The day the voyage starts: recorded departure, else the planned one."""
    return voyage.actual_departure or voyage.planned_departure


def end_day(voyage: VoyageDates) -> datetime.date:
    """The last day the voyage occupies for overlap checks: the recorded return, else the
    expected one."""
    return voyage.actual_return or voyage.expected_return


def is_late(voyage: VoyageDates, day: datetime.date) -> bool:
    """At sea past the expected return with no return recorded."""
    return (
        voyage.cancelled_at is None
        and voyage.actual_return is None
        and departure_day(voyage) <= day
        and voyage.expected_return < day
    )


def phase_on(voyage: VoyageDates, day: datetime.date) -> str:
    """The phase of ``voyage`` on the calendar date ``day`` (see the module docstring)."""
    if voyage.cancelled_at is not None:
        return Phase.ASHORE
    if day < departure_day(voyage):
        return Phase.BEFORE_DEPARTURE
    if voyage.actual_return is None or day < voyage.actual_return:
        return Phase.AT_SEA
    if (day - voyage.actual_return).days < AFTER_RETURN_DAYS:
        return Phase.AFTER_RETURN
    return Phase.ASHORE


def seafarer_today(user: User, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date where the seafarer is (their ``time_zone``)."""
    return timezone.localtime(now or timezone.now(), user_zone(user)).date()


def current_voyage(user: User, today: datetime.date | None = None) -> Voyage | None:
    """The voyage that places the seafarer in a phase today, or None (ashore). With several,
    the first by ``PHASE_PRIORITY``; among voyages before departure, the soonest."""
    today = today or seafarer_today(user)
    candidates = Voyage.objects.filter(seafarer=user, cancelled_at__isnull=True).exclude(
        actual_return__lt=today - datetime.timedelta(days=AFTER_RETURN_DAYS - 1)
    )
    ranked = [
        (PHASE_PRIORITY[phase], departure_day(voyage), voyage.pk, voyage)
        for voyage in candidates.select_related("vessel")
        if (phase := phase_on(voyage, today)) != Phase.ASHORE
    ]
    if not ranked:
        return None
    return min(ranked, key=lambda item: item[:3])[3]


def seafarer_phase(user: User, today: datetime.date | None = None) -> str:
    """The seafarer's phase today: that of their current voyage, else ashore."""
    today = today or seafarer_today(user)
    voyage = current_voyage(user, today)
    return phase_on(voyage, today) if voyage else Phase.ASHORE
