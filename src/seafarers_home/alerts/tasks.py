"""Background tasks of the alerts app, run by ``manage.py db_worker``. They do not retry
themselves: the periodic job ``alerts.escalate`` (alerts/periodic_jobs.py) escalates every
overdue alert every 30 seconds, whatever happened to its task."""

from __future__ import annotations

from django_tasks import task

# Modules, not names: the actions schedule these tasks, so each imports the other.
from seafarers_home.alerts.actions import outcomes, raising


@task()
def escalate_alert(alert_id: int) -> int:
    """Escalate one alert if it is still open and due; a no-op otherwise. Escalating schedules
    this task for the next tier's time, so an unacknowledged alert keeps climbing."""
    return raising.escalate_due_alerts(alert_id)


@task()
def remind_next_attempt(alert_id: int) -> bool:
    """Remind the clinician when the next attempt to reach an unreachable person is due."""
    return outcomes.remind_of_next_attempt(alert_id)


@task()
def send_alert_sms(alert_id: int, tier: int, recipient_ids: list[int]) -> int:
    """The SMS of a raised or escalated alert, off the request (alerts/actions/raising.py)."""
    return raising.send_alert_sms_now(alert_id, tier, recipient_ids)
