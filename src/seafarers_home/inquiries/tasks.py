"""Background tasks of the online health message board, run by ``manage.py db_worker``. They
do not retry or re-enqueue themselves: the periodic job ``inquiries.escalate_overdue``
(inquiries/periodic_jobs.py) sweeps every overdue question each minute."""

from __future__ import annotations

from django_tasks import task

from seafarers_home.inquiries.services_answer import escalate_overdue_questions


@task()
def escalate_overdue_question(question_id: int) -> int:
    """Escalate one question if it is still unanswered past its promised time; a no-op if it
    was answered, is waiting for the seafarer, or was escalated already (or its promised time
    moved later: the periodic sweep escalates it then). Returns how many were escalated."""
    return escalate_overdue_questions(question_id)
