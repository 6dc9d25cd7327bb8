"""Incidents' periodic job (core/periodic.py): ``incidents.sync`` every few minutes completes
tasks whose fact exists, applies the referral rules and sends due reminders (``facts``)."""

from __future__ import annotations

import datetime

from seafarers_home.core.periodic import periodic_job
from seafarers_home.incidents.facts import sync_incidents


@periodic_job("incidents.sync", every=datetime.timedelta(minutes=5))
def sync_open_incidents() -> dict[str, int]:
    """Open incidents' tasks completed from facts, referrals, reminders once."""
    report = sync_incidents()
    return {"completed": report.completed, "referred": report.referred, "reminded": report.reminded}
