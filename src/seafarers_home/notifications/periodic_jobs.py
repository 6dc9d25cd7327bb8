"""The one retry of notification SMS (core/periodic.py, notifications/sms_outbox.py)."""

from __future__ import annotations

import datetime

from seafarers_home.core.periodic import periodic_job
from seafarers_home.notifications.sms_outbox import retry_unsent


@periodic_job("notifications.retry_sms", every=datetime.timedelta(minutes=1))
def retry_notification_sms() -> int:
    """Send the SMS a task did not: lost, failed at the gateway, or stuck mid-send."""
    return retry_unsent()
