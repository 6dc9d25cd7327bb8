"""The live queue's writes: joining, offering to the longest-idle counsellor, accepting, ending.

Fairness and safety come from row locks, not luck. ``dispatch_calls`` pairs the oldest waiting
call with the available counsellor who has been idle longest, locking both rows
(``select_for_update(skip_locked=True)`` on PostgreSQL, so parallel dispatchers take disjoint
rows; SQLite's IMMEDIATE transactions serialise them). Partial unique constraints back this
up: one offer and one connected call per counsellor, one live call per caller.

Timers (offer time-out, no answer, stale connections, due callbacks) are task rows enqueued
when the event happens and run by the worker (``actions/timers.py``). Pages never run them: a
GET only reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, find_replay, payload_digest

# A module, not names: the tasks run the timers, which use this queue.
from seafarers_home.hotline import tasks
from seafarers_home.hotline.actions.records import ensure_record_for_call
from seafarers_home.hotline.models import CallOffer, CounsellorState, HotlineCall
from seafarers_home.hotline.queue import (
    LIVE,
    QueueError,
    _free_counsellors,
    _locking,
    _push_call,
    _tell_counsellor,
    no_answer_seconds,
    offer_seconds,
)
from seafarers_home.hotline.rooms import close_voice_room_on_commit


def _enqueue(task_name: str, run_after: datetime, *args: int) -> None:
    getattr(tasks, task_name).using(run_after=run_after).enqueue(*args)


# -- joining and leaving ------------------------------------------------------------------


def do_join_queue(
    seafarer: User,
    *,
    anonymous: bool = False,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> HotlineCall:
    """Join the queue for in-app voice (see ``do_join_queue_once``); returns the call."""
    return do_join_queue_once(
        seafarer, anonymous=anonymous, idempotency_key=idempotency_key, request=request
    )[0]


def do_join_queue_once(
    seafarer: User,
    *,
    anonymous: bool = False,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[HotlineCall, bool]:
    """Join the queue for in-app voice: ``(call, created)``. A resend with the same key
    returns that call, or raises ``IdempotencyConflict`` when it asks otherwise (anonymous
    flipped); joining again while a call is live (a double tap, a new key) returns the live
    call. Nothing is queued twice, and only the request that queued the call says created."""
    key = (idempotency_key or "")[:80]
    digest = payload_digest({"anonymous": bool(anonymous)})
    now = timezone.now()
    mine = HotlineCall.objects.filter(seafarer=seafarer)

    def create() -> HotlineCall:
        call = HotlineCall.objects.create(
            seafarer=seafarer,
            anonymous=anonymous,
            channel=HotlineCall.Channel.IN_APP,
            queued_at=now,
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        record_audit(
            seafarer,
            "hotline.join",
            target=call,
            purpose="hotline",
            request=request,
            detail={"anonymous": anonymous},
        )
        _enqueue("no_answer_check", now + timedelta(seconds=no_answer_seconds()), call.pk)
        transaction.on_commit(dispatch_calls, robust=True)
        return call

    live = mine.filter(channel=HotlineCall.Channel.IN_APP, status__in=LIVE)
    with transaction.atomic():
        replay = find_replay(mine, key, digest)
        if replay is not None:
            return replay, False
        existing = live.first()
        if existing is not None:
            return existing, False
        try:
            return create_once(mine, key, digest, create)
        except IntegrityError:  # a concurrent join of the same caller with another key won
            return live.get(), False


def do_hang_up(
    call: HotlineCall, seafarer: User, *, request: HttpRequest | None = None
) -> HotlineCall:
    """The caller leaves: a waiting or offered call is abandoned (the offer withdrawn), a
    connected call completed. Hanging up twice changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        locked = HotlineCall.objects.select_for_update().get(pk=call.pk)
        if locked.seafarer_id != seafarer.pk or locked.status not in LIVE:
            return locked
        if locked.status == HotlineCall.Status.CONNECTED:
            _finish(locked, HotlineCall.Status.COMPLETED, now)
        else:
            _withdraw_offer(locked, CallOffer.Outcome.WITHDRAWN, now)
            locked.status = HotlineCall.Status.ABANDONED
            locked.ended_at = now
            locked.save(
                update_fields=["status", "ended_at", "offered_to", "offer_expires_at", "updated_at"]
            )
        record_audit(seafarer, "hotline.hang_up", target=locked, purpose="hotline", request=request)
    return locked


# -- counsellor states --------------------------------------------------------------------


def state_of(user: User) -> CounsellorState:
    state, _created = CounsellorState.objects.get_or_create(user=user)
    return state


def do_touch_counsellor_presence(user_id: int) -> None:
    """The counsellor's console is still open (its socket's heartbeat): a presence mark the
    stale-counsellor check reads, not an event of the service, so not audited."""
    CounsellorState.objects.filter(user_id=user_id).update(last_seen_at=timezone.now())


def do_set_counsellor_state(
    user: User, state: str, *, request: HttpRequest | None = None
) -> CounsellorState:
    """Available / away at the start and end of a shift. Going away returns a held offer to
    the queue; a counsellor in a call stays busy until the call ends."""
    if not user.has_role(Role.COUNSELLOR):
        raise QueueError("not a counsellor")
    now = timezone.now()
    with transaction.atomic():
        row = state_of(user)
        row = CounsellorState.objects.select_for_update().get(pk=row.pk)
        if row.state == CounsellorState.State.BUSY:
            return row
        if state == CounsellorState.State.AVAILABLE and row.state != state:
            row.available_since = now
        if state == CounsellorState.State.AWAY:
            held = HotlineCall.objects.select_for_update().filter(
                offered_to=user, status=HotlineCall.Status.OFFERED
            )
            for call in held:
                _withdraw_offer(call, CallOffer.Outcome.DECLINED, now)
                call.status = HotlineCall.Status.WAITING
                call.save(update_fields=["status", "offered_to", "offer_expires_at", "updated_at"])
        row.state = state
        row.last_seen_at = now
        row.save(update_fields=["state", "available_since", "last_seen_at", "updated_at"])
        record_audit(
            user,
            "hotline.state",
            target=row,
            purpose="hotline",
            request=request,
            detail={"state": state},
        )
        transaction.on_commit(dispatch_calls, robust=True)
    return row


def touch_counsellor(user: User) -> None:
    """A heartbeat from the console: the counsellor is still there."""
    CounsellorState.objects.filter(user=user).update(last_seen_at=timezone.now())


# -- dispatching --------------------------------------------------------------------------


def _dispatch_one(now: datetime) -> tuple[int, int] | None:
    with transaction.atomic():
        call = (
            _locking(
                HotlineCall.objects.filter(status=HotlineCall.Status.WAITING, queued_at__lte=now)
            )
            .order_by("queued_at", "pk")
            .first()
        )
        if call is None:
            return None
        tried = CallOffer.objects.filter(call=call).values("counsellor_id")
        counsellor = _locking(_free_counsellors(now).exclude(user_id__in=tried)).first()
        if counsellor is None:
            # Everyone free has already had this call: offer it round again.
            counsellor = _locking(_free_counsellors(now)).first()
        if counsellor is None:
            return None
        call.status = HotlineCall.Status.OFFERED
        call.offered_to_id = counsellor.user_id
        call.offer_expires_at = now + timedelta(seconds=offer_seconds())
        call.offer_count += 1
        call.save(
            update_fields=["status", "offered_to", "offer_expires_at", "offer_count", "updated_at"]
        )
        CallOffer.objects.create(call=call, counsellor_id=counsellor.user_id)
        _enqueue("expire_offer", call.offer_expires_at, call.pk)
        transaction.on_commit(lambda: _tell_counsellor(counsellor.user_id, call.pk), robust=True)
        _push_call(call)
        return call.pk, counsellor.user_id


def dispatch_calls(now: datetime | None = None) -> list[tuple[int, int]]:
    """Offer waiting calls to free counsellors until one side runs out. Each pairing is its
    own short transaction, so a long queue never holds locks for long."""
    now = now or timezone.now()
    pairs: list[tuple[int, int]] = []
    while True:
        try:
            pair = _dispatch_one(now)
        except IntegrityError:  # a concurrent dispatcher paired this counsellor first
            continue
        if pair is None:
            return pairs
        pairs.append(pair)


def _withdraw_offer(call: HotlineCall, outcome: str, now: datetime) -> None:
    if call.status == HotlineCall.Status.OFFERED:
        CallOffer.objects.filter(call=call, outcome=CallOffer.Outcome.PENDING).update(
            outcome=outcome, decided_at=now
        )
    call.offered_to = None
    call.offer_expires_at = None


def do_accept_offer(
    call: HotlineCall, counsellor: User, *, request: HttpRequest | None = None
) -> HotlineCall:
    from django.utils.translation import gettext as _

    now = timezone.now()
    with transaction.atomic():
        locked = HotlineCall.objects.select_for_update().get(pk=call.pk)
        if locked.status != HotlineCall.Status.OFFERED or locked.offered_to_id != counsellor.pk:
            raise QueueError(_("这通来电已不再分配给您。"))
        if locked.offer_expires_at and locked.offer_expires_at < now:
            raise QueueError(_("接听时间已过,来电已转给下一位咨询员。"))
        state = CounsellorState.objects.select_for_update().get(user=counsellor)
        CallOffer.objects.filter(
            call=locked, counsellor=counsellor, outcome=CallOffer.Outcome.PENDING
        ).update(outcome=CallOffer.Outcome.ACCEPTED, decided_at=now)
        locked.status = HotlineCall.Status.CONNECTED
        locked.counsellor = counsellor
        locked.answered_at = now
        locked.offer_expires_at = None
        locked.save(
            update_fields=["status", "counsellor", "answered_at", "offer_expires_at", "updated_at"]
        )
        state.state = CounsellorState.State.BUSY
        state.last_seen_at = now
        state.save(update_fields=["state", "last_seen_at", "updated_at"])

        # The record exists from the answer on: a crisis can be marked during the call.
        ensure_record_for_call(locked)
        record_audit(
            counsellor, "hotline.accept", target=locked, purpose="hotline", request=request
        )
        _push_call(locked)
    return locked


def do_decline_offer(
    call: HotlineCall, counsellor: User, *, request: HttpRequest | None = None
) -> HotlineCall:
    now = timezone.now()
    with transaction.atomic():
        locked = HotlineCall.objects.select_for_update().get(pk=call.pk)
        if locked.status != HotlineCall.Status.OFFERED or locked.offered_to_id != counsellor.pk:
            return locked
        _withdraw_offer(locked, CallOffer.Outcome.DECLINED, now)
        locked.status = HotlineCall.Status.WAITING
        locked.save(update_fields=["status", "offered_to", "offer_expires_at", "updated_at"])
        record_audit(
            counsellor, "hotline.decline", target=locked, purpose="hotline", request=request
        )
        _push_call(locked)
        transaction.on_commit(dispatch_calls, robust=True)
    return locked


def _finish(call: HotlineCall, status: str, now: datetime) -> None:
    """End a connected call and free its counsellor (available again, idle from now)."""
    call.status = status
    call.ended_at = now
    call.save(update_fields=["status", "ended_at", "offered_to", "offer_expires_at", "updated_at"])
    if call.counsellor_id:
        CounsellorState.objects.filter(
            user_id=call.counsellor_id, state=CounsellorState.State.BUSY
        ).update(
            state=CounsellorState.State.AVAILABLE
            if status == HotlineCall.Status.COMPLETED
            else CounsellorState.State.AWAY,
            available_since=now,
            updated_at=now,
        )

    ensure_record_for_call(call)
    close_voice_room_on_commit(call.pk)
    _push_call(call)
    transaction.on_commit(dispatch_calls, robust=True)


def do_end_call(
    call: HotlineCall, counsellor: User, *, request: HttpRequest | None = None
) -> HotlineCall:
    now = timezone.now()
    with transaction.atomic():
        locked = HotlineCall.objects.select_for_update().get(pk=call.pk)
        if locked.counsellor_id != counsellor.pk or locked.status != HotlineCall.Status.CONNECTED:
            return locked
        _finish(locked, HotlineCall.Status.COMPLETED, now)
        record_audit(counsellor, "hotline.end", target=locked, purpose="hotline", request=request)
    return locked
