"""The clinicians' queue: questions waiting for a clinician, most urgent first (mental-health
red flag, physical red flag, routine), then the longest-waiting first."""

from __future__ import annotations

from datetime import datetime

from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When

from seafarers_home.accounts.models import User
from seafarers_home.inquiries.models import Question, Urgency
from seafarers_home.inquiries.services_answer import (
    WAITING_FOR_CLINICIAN,
    overdue_filter,
    specialties_of,
)

URGENCY_RANK = {Urgency.URGENT_MENTAL: 0, Urgency.URGENT_PHYSICAL: 1, Urgency.ROUTINE: 2}
# The queue's default view: what waits for a clinician.
PENDING = "pending"


def queue_questions(
    clinician: User,
    now: datetime,
    *,
    category: str = "",
    mine: bool = False,
    status: str = PENDING,
) -> QuerySet[Question]:
    qs = Question.objects.select_related("claimed_by").defer("body", "medicine_chest")
    if status == PENDING:
        qs = qs.filter(status__in=WAITING_FOR_CLINICIAN)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if mine:
        qs = qs.filter(category__in=specialties_of(clinician))
    return qs.annotate(
        urgency_rank=Case(
            *(When(urgency=code, then=Value(rank)) for code, rank in URGENCY_RANK.items()),
            default=Value(len(URGENCY_RANK)),
            output_field=IntegerField(),
        ),
        is_overdue=Case(
            When(Q(**overdue_filter(now)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("urgency_rank", "created_at", "pk")
