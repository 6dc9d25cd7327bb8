"""Background tasks of 维权保障, run by ``manage.py db_worker``. They do not retry: the
periodic job ``rights.escalate_urgent`` sweeps every minute."""

from __future__ import annotations

from django_tasks import task

from seafarers_home.rights.urgent import escalate_unclaimed_urgent


@task()
def escalate_urgent_case(case_id: int) -> int:
    """Escalate one urgent case if nobody has claimed it by now; a no-op otherwise."""
    return escalate_unclaimed_urgent(case_id)
