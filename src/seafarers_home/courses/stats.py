"""The courses' figures for the union view: per session, the applications, the seats taken, the
waiting list, who completed and who did not come; and the totals over every session in scope.
One aggregate query per table, whatever the number of sessions or applications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet

from seafarers_home.courses.models import Application, CourseSession
from seafarers_home.courses.seats import SEAT_HOLDING

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Counts(TypedDict):
    """The names ``_counts`` annotates."""

    n_applications: int
    n_taken: int
    n_waiting: int
    n_completed: int
    n_no_show: int


ROWS = 30
Status = Application.Status


def _rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class SessionFigures:
    session: CourseSession
    applications: int  # every application ever made
    seats_taken: int
    waiting: int
    completed: int
    no_show: int

    @property
    def recorded(self) -> int:
        """Applicants whose attendance the provider has recorded."""
        return self.completed + self.no_show

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.completed, self.recorded)

    @property
    def no_show_rate(self) -> int | None:
        return _rate(self.no_show, self.recorded)


def _counts(prefix: str) -> dict[str, Count]:
    """The five counts, over ``applications`` of a session (prefix ``applications__``) or over
    application rows themselves (no prefix)."""
    target, status = (prefix.rstrip("_") or "pk"), f"{prefix}status"
    return {
        "n_applications": Count(target),
        "n_taken": Count(target, filter=Q(**{f"{status}__in": SEAT_HOLDING})),
        "n_waiting": Count(target, filter=Q(**{status: Status.WAITLISTED})),
        "n_completed": Count(target, filter=Q(**{status: Status.COMPLETED})),
        "n_no_show": Count(target, filter=Q(**{status: Status.NO_SHOW})),
    }


def session_rows(sessions: QuerySet[CourseSession], limit: int = ROWS) -> list[SessionFigures]:
    """The newest ``limit`` sessions (by start) with their figures: one query."""
    # The newest are chosen first, then only their applications are counted.
    chosen = sessions.order_by("-starts_on", "-pk").values("pk")[:limit]
    rows = (
        CourseSession.objects.filter(pk__in=chosen)
        .select_related("course__provider")
        .annotate(**_counts("applications__"))
        .order_by("-starts_on", "-pk")
    )
    # django-stubs reads annotations' names only from literal keywords, not from **_counts().
    newest: QuerySet[WithAnnotations[CourseSession, _Counts]] = rows  # type: ignore[assignment]
    return [
        SessionFigures(
            session=session,
            applications=session.n_applications,
            seats_taken=session.n_taken,
            waiting=session.n_waiting,
            completed=session.n_completed,
            no_show=session.n_no_show,
        )
        for session in newest
    ]


@dataclass(frozen=True)
class CourseTotals:
    sessions: int
    applications: int
    seats_taken: int
    waiting: int
    completed: int
    no_show: int

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.completed, self.completed + self.no_show)

    @property
    def no_show_rate(self) -> int | None:
        return _rate(self.no_show, self.completed + self.no_show)


def course_totals(sessions: QuerySet[CourseSession]) -> CourseTotals:
    """Totals over every session in scope: two queries."""
    figures = Application.objects.filter(session__in=sessions.values("pk")).aggregate(**_counts(""))
    return CourseTotals(
        sessions=sessions.count(),
        applications=figures["n_applications"],
        seats_taken=figures["n_taken"],
        waiting=figures["n_waiting"],
        completed=figures["n_completed"],
        no_show=figures["n_no_show"],
    )
