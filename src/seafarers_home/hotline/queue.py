"""The live queue's rules and what it reads: which calls are live or queued, who is free, the
live event of a changed call, and the caller's place and wait. Every write (joining, offering,
accepting, ending, the timers) is in ``hotline/actions/queue.py`` and ``actions/timers.py``.

Every change of a call is pushed (``_push_call``) to the caller's and the counsellor's
notification stream, so their pages reload when it happens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from seafarers_home.hotline.models import CounsellorState, HotlineCall
from seafarers_home.notifications.consumers import user_group

logger = logging.getLogger("seafarers_home.hotline")

LIVE = (HotlineCall.Status.WAITING, HotlineCall.Status.OFFERED, HotlineCall.Status.CONNECTED)
QUEUED = (HotlineCall.Status.WAITING, HotlineCall.Status.OFFERED)
DEFAULT_HANDLE_SECONDS = 15 * 60


class QueueError(ValueError):
    """A refused queue step (not yours, already taken, expired); the message is translated."""


def offer_seconds() -> int:
    return settings.HOTLINE_OFFER_SECONDS


def no_answer_seconds() -> int:
    return settings.HOTLINE_NO_ANSWER_SECONDS


def _locking(qs: QuerySet) -> QuerySet:
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, of=("self",))
    return qs.select_for_update()


def _free_counsellors(now: datetime) -> QuerySet[CounsellorState]:
    holding = HotlineCall.objects.filter(
        offered_to=OuterRef("user"), status=HotlineCall.Status.OFFERED
    )
    talking = HotlineCall.objects.filter(
        counsellor=OuterRef("user"), status=HotlineCall.Status.CONNECTED
    )
    return (
        CounsellorState.objects.filter(state=CounsellorState.State.AVAILABLE)
        .exclude(Exists(holding))
        .exclude(Exists(talking))
        .order_by("available_since", "pk")
    )


def _tell(user_id: int, kind: str, call_id: int) -> None:
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            user_group(user_id), {"type": "notify", "payload": {"kind": kind, "call": call_id}}
        )
    except Exception:  # the pages' fallback polling shows the change anyway
        logger.exception("live %s for call %s failed", kind, call_id)


def _tell_counsellor(user_id: int, call_id: int) -> None:
    _tell(user_id, "hotline.offer", call_id)


def _push_call(call: HotlineCall, *also: int | None) -> None:
    """After commit: the call's caller (in-app) and counsellors (``also``: one who held or
    lost it) hear that it changed; their pages reload instead of polling."""
    people = {call.seafarer_id, call.counsellor_id, call.offered_to_id, *also} - {None}
    for user_id in people:
        transaction.on_commit(
            lambda user_id=user_id: _tell(user_id, "hotline.call", call.pk), robust=True
        )


# -- what the caller sees -----------------------------------------------------------------


@dataclass(frozen=True)
class QueueStatus:
    position: int  # 1 = next to be offered; 0 when not waiting
    estimated_wait_seconds: int | None  # None: nobody on duty, no honest estimate
    counsellors_on_duty: int


def recent_handle_seconds() -> int:
    """Median length of the last 50 completed calls; 15 minutes until there are any."""
    rows = list(
        HotlineCall.objects.filter(status=HotlineCall.Status.COMPLETED, answered_at__isnull=False)
        .order_by("-ended_at")
        .values_list("answered_at", "ended_at")[:50]
    )
    if not rows:
        return DEFAULT_HANDLE_SECONDS
    return int(median((end - start).total_seconds() for start, end in rows))


def queue_status(call: HotlineCall, on_duty: int | None = None) -> QueueStatus:
    """Where ``call`` stands and how long it may wait. ``on_duty``: the counsellors not away,
    when the caller already counted them (the waiting page's line state does)."""
    if on_duty is None:
        on_duty = CounsellorState.objects.exclude(state=CounsellorState.State.AWAY).count()
    if call.status not in QUEUED:
        return QueueStatus(0, 0, on_duty)
    ahead = HotlineCall.objects.filter(
        Q(queued_at__lt=call.queued_at) | Q(queued_at=call.queued_at, pk__lt=call.pk),
        status__in=QUEUED,
    ).count()
    position = ahead + 1
    if call.status == HotlineCall.Status.OFFERED:
        # A counsellor is being offered this very call: an estimate of half a handle time
        # (from "nobody free") would be wrong by minutes.
        return QueueStatus(position, 0, on_duty)
    if on_duty == 0:
        return QueueStatus(position, None, 0)
    free = _free_counsellors(timezone.now()).count()
    if position <= free:
        return QueueStatus(position, 0, on_duty)
    # Each counsellor clears one call per handle time; half a call is already done on average.
    rounds = (position - free) / on_duty
    handle = recent_handle_seconds()
    estimate = int(rounds * handle - handle / 2)
    return QueueStatus(position, max(estimate, 30), on_duty)
