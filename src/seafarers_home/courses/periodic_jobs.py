"""The courses' periodic job (core/periodic.py): seats offered from a waiting list and not
confirmed in time pass to the next in line, when the offer's own task was lost."""

from __future__ import annotations

import datetime

from seafarers_home.core.periodic import periodic_job
from seafarers_home.courses.actions.offers import lapse_due_seat_offers


@periodic_job("courses.lapse_offers", every=datetime.timedelta(minutes=5))
def lapse_course_offers() -> int:
    """Seats offered from the waiting list and not confirmed in time pass to the next."""
    return lapse_due_seat_offers()
