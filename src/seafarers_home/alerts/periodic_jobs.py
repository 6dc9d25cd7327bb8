"""Crisis-alert escalation's sweep (core/periodic.py). Each alert escalates on its own task at
its time (``escalate_alert``, enqueued when it is raised and at each step); this job escalates
every alert that is overdue anyway — a task row lost, a worker down, a run that failed — and
is the only retry (it replaces the ``escalate_alerts`` cron command)."""

from __future__ import annotations

import datetime

from seafarers_home.alerts.actions.raising import escalate_due_alerts
from seafarers_home.core.periodic import periodic_job


@periodic_job("alerts.escalate", every=datetime.timedelta(seconds=30))
def escalate_overdue_alerts() -> int:
    """Escalate every overdue, unacknowledged crisis alert to its next duty tier."""
    return escalate_due_alerts()
