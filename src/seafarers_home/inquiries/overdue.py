"""The promised answer time of a question, and the worker task that escalates it when it runs
out unanswered. ``schedule_overdue_check`` is called in the asking transaction, so the task row
commits with the question (the task backend stores tasks in the same database)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from seafarers_home.inquiries.models import Question, Urgency
from seafarers_home.inquiries.tasks import escalate_overdue_question


def answer_window(urgency: str) -> timedelta:
    if urgency == Urgency.ROUTINE:
        return timedelta(hours=settings.INQUIRY_ANSWER_HOURS)
    return timedelta(hours=settings.INQUIRY_URGENT_ANSWER_HOURS)


def due_at_for(urgency: str, asked_at: datetime) -> datetime:
    return asked_at + answer_window(urgency)


def schedule_overdue_check(question: Question) -> None:
    escalate_overdue_question.using(run_after=question.due_at).enqueue(question.pk)
