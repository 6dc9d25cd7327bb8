"""维权保障's periodic work (core/periodic.py): the sweep of urgent cases nobody claimed in
time (each also has its own task, tasks.py) and the daily deadline reminders."""

from __future__ import annotations

import datetime

from seafarers_home.core.periodic import periodic_job
from seafarers_home.rights.reminders import send_deadline_reminders
from seafarers_home.rights.urgent import escalate_unclaimed_urgent


@periodic_job("rights.escalate_urgent", every=datetime.timedelta(minutes=1))
def escalate_urgent() -> int:
    """Escalate every urgent case left unclaimed past its time."""
    return escalate_unclaimed_urgent()


@periodic_job("rights.deadline_reminders", every=datetime.timedelta(hours=6))
def deadline_reminders() -> int:
    """Remind legal workers of the time limits running against their seafarers."""
    return send_deadline_reminders()
