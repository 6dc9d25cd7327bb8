"""Keeping the bookable horizon rolling (core/periodic.py; replaces the daily
``sync_consultation_slots`` cron command)."""

from __future__ import annotations

import datetime

from seafarers_home.consultations.availability import sync_all
from seafarers_home.core.periodic import periodic_job


@periodic_job("consultations.sync_slots", every=datetime.timedelta(hours=6))
def sync_consultation_slots() -> str:
    """Publish clinicians' weekly hours as slots up to CONSULTATION_SLOT_WEEKS ahead."""
    result = sync_all()
    return f"created {result.created}, withdrawn {result.withdrawn}, restored {result.restored}"
