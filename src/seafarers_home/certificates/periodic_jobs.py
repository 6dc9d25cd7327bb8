"""The wallet's periodic job (core/periodic.py): ``certificates.expiry_reminders``, daily at
RUN_AT hospital time, so that reminders arrive in the morning rather than at midnight."""

from __future__ import annotations

import datetime

from django.utils import timezone

from seafarers_home.certificates.reminders import do_send_expiry_reminders
from seafarers_home.core.periodic import periodic_job
from seafarers_home.lib.zones import hospital_zone

RUN_AT = datetime.time(9, 30)


def next_run_time(now: datetime.datetime) -> datetime.datetime:
    """The next RUN_AT in the hospital's zone, strictly after ``now``."""
    local = timezone.localtime(now, hospital_zone())
    candidate = datetime.datetime.combine(local.date(), RUN_AT, tzinfo=hospital_zone())
    if candidate <= local:
        candidate += datetime.timedelta(days=1)
    return candidate


@periodic_job("certificates.expiry_reminders", next_due=next_run_time)
def send_expiry_reminders() -> int:
    """Reminders 180, 90 and 30 days before a certificate expires, each once."""
    return do_send_expiry_reminders()
