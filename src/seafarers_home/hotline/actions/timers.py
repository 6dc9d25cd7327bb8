"""The hotline's timers: offers that time out, calls nobody answered, consoles that went
silent, due callbacks. Each is a task row enqueued when its event happens (hotline/tasks.py);
``run_due`` does all of them at once and is the periodic job ``hotline.timers``
(hotline/periodic_jobs.py, every few seconds in the worker). Never run by a page."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from seafarers_home.audit.services import record_audit

# Modules, not names: the tasks import these timers, and the queue and callbacks the tasks.
from seafarers_home.hotline.actions import callbacks, queue
from seafarers_home.hotline.models import CallOffer, CounsellorState, HotlineCall
from seafarers_home.hotline.queue import QUEUED, _locking, _push_call, no_answer_seconds


def expire_offers(now: datetime | None = None, call_id: int | None = None) -> int:
    """Offers not accepted in time go back to the queue (keeping their place) and the
    counsellor who missed them is set away: they are evidently not at the console."""
    now = now or timezone.now()
    expired = 0
    with transaction.atomic():
        due = HotlineCall.objects.filter(
            status=HotlineCall.Status.OFFERED, offer_expires_at__lte=now
        )
        if call_id is not None:
            due = due.filter(pk=call_id)
        for call in _locking(due):
            missed = call.offered_to_id
            queue._withdraw_offer(call, CallOffer.Outcome.TIMED_OUT, now)
            call.status = HotlineCall.Status.WAITING
            call.save(update_fields=["status", "offered_to", "offer_expires_at", "updated_at"])
            CounsellorState.objects.filter(
                user_id=missed, state=CounsellorState.State.AVAILABLE
            ).update(state=CounsellorState.State.AWAY, updated_at=now)
            record_audit(
                None,
                "hotline.offer_timeout",
                target=call,
                purpose="hotline",
                detail={"counsellor": missed},
            )
            _push_call(call, missed)
            expired += 1
    if expired:
        queue.dispatch_calls(now)
    return expired


def offer_callbacks_for_unanswered(now: datetime | None = None, call_id: int | None = None) -> int:
    """Calls nobody answered within the no-answer time leave the queue; the caller is offered
    a callback instead of waiting on (and told so in the app and by SMS)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=no_answer_seconds())
    moved = []
    with transaction.atomic():
        due = HotlineCall.objects.filter(
            status__in=QUEUED, channel=HotlineCall.Channel.IN_APP, queued_at__lte=cutoff
        )
        if call_id is not None:
            due = due.filter(pk=call_id)
        for call in _locking(due):
            queue._withdraw_offer(call, CallOffer.Outcome.WITHDRAWN, now)
            call.status = HotlineCall.Status.CALLBACK_OFFERED
            call.ended_at = now
            call.save(
                update_fields=["status", "ended_at", "offered_to", "offer_expires_at", "updated_at"]
            )
            record_audit(None, "hotline.no_answer", target=call, purpose="hotline")
            _push_call(call)
            moved.append(call)
        for call in moved:
            callbacks.tell_callback_offered(call)
    return len(moved)


def drop_stale_calls(now: datetime | None = None) -> int:
    """A counsellor whose console went silent mid-call (browser closed, link lost): the call
    is marked dropped, the counsellor set away, the caller offered a callback."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.HOTLINE_HEARTBEAT_SECONDS)
    stale = CounsellorState.objects.filter(last_seen_at__lt=cutoff).values("user_id")
    dropped = []
    with transaction.atomic():
        for call in _locking(
            HotlineCall.objects.filter(status=HotlineCall.Status.CONNECTED, counsellor_id__in=stale)
        ):
            queue._finish(call, HotlineCall.Status.DROPPED, now)
            record_audit(None, "hotline.dropped", target=call, purpose="hotline")
            dropped.append(call)
        for call in dropped:
            callbacks.tell_callback_offered(call)
    return len(dropped)


def run_due(now: datetime | None = None) -> None:
    """Every timer at once: the periodic job ``hotline.timers``; never run by a page."""
    now = now or timezone.now()
    expire_offers(now)
    offer_callbacks_for_unanswered(now)
    drop_stale_calls(now)
    callbacks.queue_due_callbacks(now)
    queue.dispatch_calls(now)
