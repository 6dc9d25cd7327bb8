"""Background tasks of the alerts app, run by ``manage.py db_worker``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from seafarers_home.alerts.services import escalate_due_alerts

RETRY_AFTER = timedelta(seconds=60)


@task()
def escalate_alert(alert_id: int) -> int:
    """Escalate one alert if it is still open and due; a no-op otherwise. Escalating schedules
    the next run of this task, so an unacknowledged alert keeps climbing on its timer."""
    try:
        return escalate_due_alerts(alert_id)
    except Exception:
        # A failed run (database hiccup) must not end the chain: try again in a minute. The
        # `escalate_alerts` command sweeps overdue alerts too, should this retry be lost.
        escalate_alert.using(run_after=timezone.now() + RETRY_AFTER).enqueue(alert_id)
        raise


@task()
def remind_next_attempt(alert_id: int) -> bool:
    """Remind the clinician when the next attempt to reach an unreachable person is due."""
    from seafarers_home.alerts.outcomes import remind_of_next_attempt

    return remind_of_next_attempt(alert_id)
