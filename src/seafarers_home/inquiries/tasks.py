"""Background tasks of the online health message board, run by ``manage.py db_worker``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from seafarers_home.inquiries.services_answer import escalate_overdue_questions, pending_due_at

RETRY_AFTER = timedelta(seconds=60)


@task()
def escalate_overdue_question(question_id: int) -> int:
    """Escalate one question if it is still unanswered past its promised time; a no-op if it
    was answered, is waiting for the seafarer, or was escalated already. Returns how many
    questions were escalated (0 or 1)."""
    try:
        escalated = escalate_overdue_questions(question_id)
    except Exception:
        # A failed run (database hiccup) must not drop the escalation: try again in a minute.
        # The `escalate_overdue_questions` command sweeps overdue questions too.
        escalate_overdue_question.using(run_after=timezone.now() + RETRY_AFTER).enqueue(question_id)
        raise
    if not escalated:
        # Run before its time (the promised time moved, or a clock ran fast): come back then.
        due_at = pending_due_at(question_id)
        if due_at is not None:
            escalate_overdue_question.using(run_after=due_at).enqueue(question_id)
    return escalated
