"""The activities' figures for the union view: per activity, the seafarers holding a place, those
who came and those who did not, the waiting list; and the totals over every activity in scope.

Everything is counted by the database in one aggregate query per table (the rows of the newest
``ROWS`` activities, and the totals over all of them), so the page's cost does not grow with
the number of activities or sign-ups. A 心理团建 session is run with the hospital's clinicians:
its attendance is shown only as the small-cell rules allow (lib/small_cells.py), so that the
figures never single out the few of a crew who came or stayed away.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet

from seafarers_home.activities.models import Activity, Kind, SignUp
from seafarers_home.lib.small_cells import suppress_group

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ROWS = 30
Status = SignUp.Status
# A sign-up that held a place (an offer not yet confirmed counts: the place is taken).
_HOLDING = Q(signups__status__in=SignUp.HOLDING)


def _rate(part: int | None, whole: int | None) -> int | None:
    """A whole percentage, or None when either side is hidden or there is nothing to divide."""
    if part is None or not whole:
        return None
    return round(100 * part / whole)


@dataclass(frozen=True)
class ActivityFigures:
    activity: Activity
    held: int  # seafarers holding a place
    waiting: int
    cancelled: int  # cancelled sign-ups and lapsed offers
    ended: bool
    came: int | None  # None: hidden (small cell)
    stayed_away: int | None  # held a place, did not check in (after the end only)
    suppressed: bool

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.came, self.held) if self.ended else None

    @property
    def no_show_rate(self) -> int | None:
        return _rate(self.stayed_away, self.held) if self.ended else None


class _Counts(TypedDict):
    n_held: int
    n_came: int
    n_waiting: int
    n_cancelled: int


def _annotated(
    activities: QuerySet[Activity],
) -> QuerySet[WithAnnotations[Activity, _Counts]]:
    return activities.annotate(
        n_held=Count("signups", filter=_HOLDING),
        n_came=Count("signups", filter=_HOLDING & Q(signups__checked_in_at__isnull=False)),
        n_waiting=Count("signups", filter=Q(signups__status=Status.WAITING)),
        n_cancelled=Count(
            "signups", filter=Q(signups__status__in=(Status.CANCELLED, Status.LAPSED))
        ),
    )


def _figures(
    activity: WithAnnotations[Activity, _Counts], now: datetime.datetime
) -> ActivityFigures:
    held, came = activity.n_held, activity.n_came
    ended = activity.ends_at <= now
    stayed_away = held - came if ended else 0
    suppressed = False
    shown_came: int | None = came
    shown_away: int | None = stayed_away
    if activity.kind == Kind.WELLBEING and held:
        group = suppress_group({"came": came, "away": held - came})
        shown_came, shown_away = group.cells["came"], group.cells["away"]
        suppressed = shown_came is None
        if not ended:
            shown_away = 0
    return ActivityFigures(
        activity=activity,
        held=held,
        waiting=activity.n_waiting,
        cancelled=activity.n_cancelled,
        ended=ended,
        came=shown_came,
        stayed_away=shown_away,
        suppressed=suppressed,
    )


def activity_rows(
    activities: QuerySet[Activity], now: datetime.datetime, limit: int = ROWS
) -> list[ActivityFigures]:
    """The newest ``limit`` activities (by start) with their figures: one query."""
    # The newest are chosen first (a subquery on the start index), then only their sign-ups
    # are counted: the rows cost the same however many activities there are.
    newest = activities.order_by("-starts_at", "-pk").values("pk")[:limit]
    rows = _annotated(Activity.objects.filter(pk__in=newest).select_related("organisation"))
    return [_figures(activity, now) for activity in rows.order_by("-starts_at", "-pk")]


@dataclass(frozen=True)
class ActivityTotals:
    activities: int
    held: int
    waiting: int
    ended_held: int  # places held at activities that have ended
    came: int  # of those, checked in

    @property
    def attendance_rate(self) -> int | None:
        return _rate(self.came, self.ended_held)

    @property
    def no_show_rate(self) -> int | None:
        return _rate(self.ended_held - self.came, self.ended_held)


def activity_totals(activities: QuerySet[Activity], now: datetime.datetime) -> ActivityTotals:
    """Totals over every activity in scope (心理团建 included: a total over all activities
    singles nobody out): one query."""
    rows = SignUp.objects.filter(activity__in=activities.values("pk"))
    holding = Q(status__in=SignUp.HOLDING)
    ended = holding & Q(activity__ends_at__lte=now)
    figures = rows.aggregate(
        held=Count("pk", filter=holding),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        ended_held=Count("pk", filter=ended),
        came=Count("pk", filter=ended & Q(checked_in_at__isnull=False)),
    )
    return ActivityTotals(
        activities=activities.count(),
        held=figures["held"],
        waiting=figures["waiting"],
        ended_held=figures["ended_held"],
        came=figures["came"],
    )
