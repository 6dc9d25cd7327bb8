"""Honest hotline hours (issue 16 item 15): what a caller should expect right now.

Three different situations, which the caller page used to collapse into "nobody on duty":

- ``ANSWERING``: a counsellor is signed in and free (or on a call): ring now.
- ``WAITS``: a counsellor is on the roster now but busy or not yet signed in: the call waits
  in the queue and is answered when they are free.
- ``CLOSED``: no one is rostered and no one is signed in: request a callback; the page shows
  when the next counsellor's shift starts, in the caller's own zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from seafarers_home.hotline.models import CounsellorState, HotlineShift

ANSWERING = "answering"
WAITS = "waits"
CLOSED = "closed"
LOOK_AHEAD = timedelta(days=14)


@dataclass(frozen=True)
class LineState:
    kind: str
    signed_in: int  # counsellors not away (free or on a call)
    free: int
    rostered: int  # counsellors whose shift covers now
    next_staffed: datetime | None  # start of the next counsellor shift, when closed


def line_state(now: datetime | None = None) -> LineState:
    now = now or timezone.now()
    # Both counts in one query: the caller's waiting page asks for them on every refresh.
    counts = CounsellorState.objects.exclude(state=CounsellorState.State.AWAY).aggregate(
        signed_in=Count("pk"), free=Count("pk", filter=Q(state=CounsellorState.State.AVAILABLE))
    )
    signed_in, free = counts["signed_in"], counts["free"]
    counsellor_shifts = HotlineShift.objects.filter(kind=HotlineShift.Kind.COUNSELLOR)
    rostered = (
        counsellor_shifts.filter(starts_at__lte=now, ends_at__gt=now)
        .values("user")
        .distinct()
        .count()
    )
    if free:
        kind = ANSWERING
    elif signed_in or rostered:
        kind = WAITS
    else:
        kind = CLOSED
    upcoming = None
    if kind == CLOSED:
        upcoming = (
            counsellor_shifts.filter(starts_at__gt=now, starts_at__lte=now + LOOK_AHEAD)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
    return LineState(kind, signed_in, free, rostered, upcoming)
