"""Seats of a session: who holds one, who waits, and the numbers the pages show. Reads only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from seafarers_home.courses.models import Application, CourseSession

Status = Application.Status
# An application that holds a seat (a completed or absent one held it too; an offered one holds
# it until its deadline).
SEAT_HOLDING = (Status.APPROVED, Status.OFFERED, Status.COMPLETED, Status.NO_SHOW)


def seats_taken(session: CourseSession) -> int:
    return session.applications.filter(status__in=SEAT_HOLDING).count()


def waiting_list(session: CourseSession) -> list[Application]:
    """The waiting applicants, oldest application first (the order seats are given in)."""
    return list(
        session.applications.filter(status=Status.WAITLISTED)
        .select_related("seafarer")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class SeatCounts:
    taken: int
    waiting: int
    pending: int


def seat_counts(sessions: list[CourseSession]) -> dict[int, SeatCounts]:
    """For each session: seats taken, applicants waiting, applications still to review."""
    rows = (
        Application.objects.filter(session__in=sessions)
        .values("session_id")
        .annotate(
            taken=Count("pk", filter=Q(status__in=SEAT_HOLDING)),
            waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
            pending=Count("pk", filter=Q(status=Status.PENDING)),
        )
    )
    counts = {
        row["session_id"]: SeatCounts(row["taken"], row["waiting"], row["pending"]) for row in rows
    }
    return {session.pk: counts.get(session.pk, SeatCounts(0, 0, 0)) for session in sessions}
