"""Consultations' periodic jobs (core/periodic.py): the bookable horizon kept rolling
(replaces the daily ``sync_consultation_slots`` cron command) and the reminders' sweep."""

from __future__ import annotations

import datetime

from seafarers_home.consultations.actions.slot_sync import sync_all
from seafarers_home.consultations.reminders import send_missed_reminders
from seafarers_home.core.periodic import periodic_job


@periodic_job("consultations.sync_slots", every=datetime.timedelta(hours=6))
def sync_consultation_slots() -> str:
    """Publish clinicians' weekly hours as slots up to CONSULTATION_SLOT_WEEKS ahead."""
    result = sync_all()
    return f"created {result.created}, withdrawn {result.withdrawn}, restored {result.restored}"


@periodic_job("consultations.reminders", every=datetime.timedelta(minutes=2))
def send_consultation_reminders() -> int:
    """Reminders 24 h and 30 min before a consultation whose task was lost or failed."""
    return send_missed_reminders()
