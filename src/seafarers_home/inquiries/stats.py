"""Message-board statistics for the union: counts and response times only — no titles, no
text, no names (union staff see operations, never clinical content). Counts are not
suppressed below 5: a count of questions per category says nothing about any person."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from seafarers_home.inquiries.models import Category, Question, Urgency

PERIOD_MONTHS = (3, 6, 12, 24)


@dataclass(frozen=True)
class Row:
    label: str
    count: int


@dataclass(frozen=True)
class ResponseTimes:
    answered: int
    median_hours: float | None
    p90_hours: float | None


@dataclass
class InquiryStats:
    since: datetime
    total: int
    by_category: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    by_urgency: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    response_all: ResponseTimes | None = None
    response_urgent: ResponseTimes | None = None
    response_routine: ResponseTimes | None = None
    decided: int = 0  # questions whose promised time has passed or that were answered
    overdue: int = 0  # of those: answered late, or not at all
    escalated: int = 0

    @property
    def overdue_share(self) -> float | None:
        return self.overdue / self.decided if self.decided else None


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an ascending list (the median is ``fraction`` 0.5)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def response_times(hours: list[float]) -> ResponseTimes:
    """Median and 90th percentile of hours from asking to the first clinician response."""
    ordered = sorted(hours)
    return ResponseTimes(len(ordered), percentile(ordered, 0.5), percentile(ordered, 0.9))


def _hours_by_urgency(questions: QuerySet[Question]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    rows = questions.filter(first_answered_at__isnull=False).values_list(
        "urgency", "created_at", "first_answered_at"
    )
    for urgency, asked, first in rows.iterator(chunk_size=2000):
        found.setdefault(urgency, []).append(max(0.0, (first - asked).total_seconds() / 3600))
    return found


def _counts(qs: QuerySet[Question], field_name: str, choices: list[tuple[str, str]]) -> list[Row]:
    found = dict(qs.values_list(field_name).annotate(n=Count("pk")).order_by())
    return [Row(str(label), found.get(value, 0)) for value, label in choices]


def inquiry_stats(now: datetime, months: int = 12) -> InquiryStats:
    since = now - timedelta(days=round(months * 30.44))
    qs = Question.objects.filter(created_at__gte=since)
    months_rows = (
        qs.annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    late = Q(first_answered_at__gt=F("due_at"))
    missed = Q(first_answered_at__isnull=True, due_at__lte=now)
    decided = qs.filter(Q(first_answered_at__isnull=False) | Q(due_at__lte=now))
    urgent = [Urgency.URGENT_MENTAL, Urgency.URGENT_PHYSICAL]
    by_urgency = _hours_by_urgency(qs)
    return InquiryStats(
        since=since,
        total=qs.count(),
        by_category=_counts(qs, "category", Category.choices),
        by_status=_counts(qs, "status", Question.Status.choices),
        by_urgency=_counts(qs, "urgency", Urgency.choices),
        by_month=[Row(month.strftime("%Y-%m"), n) for month, n in months_rows if month],
        response_all=response_times([h for hours in by_urgency.values() for h in hours]),
        response_urgent=response_times([h for u in urgent for h in by_urgency.get(u, [])]),
        response_routine=response_times(by_urgency.get(Urgency.ROUTINE, [])),
        decided=decided.count(),
        overdue=decided.filter(late | missed).count(),
        escalated=qs.filter(escalated_at__isnull=False).count(),
    )
