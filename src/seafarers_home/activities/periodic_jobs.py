"""The activities' periodic jobs (core/periodic.py): lapsed waiting-list offers (whose task was
lost) and the reminders the day before."""

from __future__ import annotations

import datetime

from seafarers_home.activities.actions.attendance import send_due_reminders
from seafarers_home.activities.actions.signups import lapse_due_offers
from seafarers_home.core.periodic import periodic_job


@periodic_job("activities.lapse_offers", every=datetime.timedelta(minutes=5))
def lapse_activity_offers() -> int:
    """Offers from the waiting list not confirmed in time pass to the next in line."""
    return lapse_due_offers()


@periodic_job("activities.reminders", every=datetime.timedelta(minutes=10))
def send_activity_reminders() -> int:
    """Each confirmed sign-up is reminded once, the day before the activity."""
    return send_due_reminders()
