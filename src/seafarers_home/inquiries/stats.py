"""Message-board statistics for the union: counts and response times only — no titles, no
text, no names (union staff see operations, never clinical content). Every count goes
through ``lib.small_cells`` like every other aggregate: a category, month or status with 1–4
questions on a board of a small union is one or two people, so small cells are hidden, with
their complements, and response times are not given over fewer than 5 answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from seafarers_home.inquiries.models import STAFF_STATUS_CHOICES, Category, Question, Urgency
from seafarers_home.lib.percentiles import percentile
from seafarers_home.lib.small_cells import (
    MIN_CELL,
    suppress_group,
    suppress_part,
    suppress_small,
)

PERIOD_MONTHS = (3, 6, 12, 24)


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: hidden (small cell or its complement)


@dataclass(frozen=True)
class ResponseTimes:
    answered: int | None
    median_hours: float | None
    p90_hours: float | None


@dataclass
class InquiryStats:
    since: datetime
    total: int | None
    by_category: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    by_urgency: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    response_all: ResponseTimes | None = None
    response_urgent: ResponseTimes | None = None
    response_routine: ResponseTimes | None = None
    decided: int | None = 0  # questions whose promised time has passed or that were answered
    overdue: int | None = 0  # of those: answered late, or not at all
    escalated: int | None = 0

    @property
    def overdue_share(self) -> float | None:
        if self.overdue is None or not self.decided:
            return None
        return self.overdue / self.decided


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


HIDDEN_TIMES = ResponseTimes(None, None, None)


def _suppressed_rows(labelled: list[tuple[str, int]]) -> list[Row]:
    cells = suppress_group({str(i): n for i, (_label, n) in enumerate(labelled)}).cells
    return [Row(label, cells[str(i)]) for i, (label, _n) in enumerate(labelled)]


def _counts(qs: QuerySet[Question], field_name: str, choices: list[tuple[str, str]]) -> list[Row]:
    found = dict(qs.values_list(field_name).annotate(n=Count("pk")).order_by())
    return _suppressed_rows([(str(label), found.get(value, 0)) for value, label in choices])


def _response_rows(by_urgency: dict[str, list[float]]) -> tuple[ResponseTimes, ...]:
    """All, urgent, routine: the two parts and their sum are suppressed together, so that a
    hidden part is not the difference of the two shown rows."""
    urgent = [
        h for u in (Urgency.URGENT_MENTAL, Urgency.URGENT_PHYSICAL) for h in by_urgency.get(u, [])
    ]
    routine = by_urgency.get(Urgency.ROUTINE, [])
    group = suppress_group({"urgent": len(urgent), "routine": len(routine)})
    if not group.shown:
        return HIDDEN_TIMES, HIDDEN_TIMES, HIDDEN_TIMES
    rows = [response_times(urgent + routine)]
    for key, hours in (("urgent", urgent), ("routine", routine)):
        shown = group.cells[key] is not None and len(hours) >= MIN_CELL
        rows.append(response_times(hours) if shown or not hours else HIDDEN_TIMES)
    return tuple(rows)


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
    by_urgency = _hours_by_urgency(qs)
    response_all, response_urgent, response_routine = _response_rows(by_urgency)
    total = qs.count()
    decided_n = decided.count()
    decided_shown = suppress_part(decided_n, total)
    return InquiryStats(
        since=since,
        total=suppress_small(total),
        by_category=_counts(qs, "category", Category.choices),
        by_status=_counts(qs, "status", STAFF_STATUS_CHOICES),
        by_urgency=_counts(qs, "urgency", Urgency.choices),
        by_month=_suppressed_rows(
            [(month.strftime("%Y-%m"), n) for month, n in months_rows if month]
        ),
        response_all=response_all,
        response_urgent=response_urgent,
        response_routine=response_routine,
        decided=decided_shown,
        overdue=(
            suppress_part(decided.filter(late | missed).count(), decided_n)
            if decided_shown is not None
            else None
        ),
        escalated=suppress_part(qs.filter(escalated_at__isnull=False).count(), total),
    )
