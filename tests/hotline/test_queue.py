"""The live queue: the oldest call goes to the counsellor idle longest, one call to one
counsellor, offers time out to the next counsellor, unanswered callers are offered a callback."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from seafarers_home.hotline.actions.queue import (
    dispatch_calls,
    do_accept_offer,
    do_decline_offer,
    do_end_call,
    do_hang_up,
    do_join_queue,
    do_set_counsellor_state,
)
from seafarers_home.hotline.actions.timers import (
    drop_stale_calls,
    expire_offers,
    offer_callbacks_for_unanswered,
)
from seafarers_home.hotline.models import CallOffer, CallRecord, CounsellorState, HotlineCall
from seafarers_home.hotline.queue import QueueError, queue_status
from seafarers_home.notifications.models import Notification
from tests.personas import World


def _available(user, minutes_ago: int) -> None:
    do_set_counsellor_state(user, "available")
    CounsellorState.objects.filter(user=user).update(
        available_since=timezone.now() - timedelta(minutes=minutes_ago)
    )


@pytest.mark.django_db
def test_it_offers_the_oldest_call_to_the_counsellor_idle_longest(
    world: World, make_counsellor, make_caller
) -> None:
    recent, longest = make_counsellor(1), make_counsellor(2)
    _available(recent, 1)
    _available(longest, 30)
    first = do_join_queue(make_caller(1))
    do_join_queue(make_caller(2))
    HotlineCall.objects.filter(pk=first.pk).update(queued_at=timezone.now() - timedelta(seconds=30))

    dispatch_calls()

    first.refresh_from_db()
    assert first.status == "offered" and first.offered_to == longest
    assert HotlineCall.objects.get(offered_to=recent).queued_at > first.queued_at


@pytest.mark.django_db
def test_it_returns_the_same_call_when_joining_twice(world: World) -> None:
    first = do_join_queue(world.seafarer, idempotency_key="k1")
    again = do_join_queue(world.seafarer, idempotency_key="k2")
    replay = do_join_queue(world.seafarer, idempotency_key="k1")
    assert first.pk == again.pk == replay.pk
    assert HotlineCall.objects.count() == 1


@pytest.mark.django_db
def test_it_moves_an_unaccepted_offer_to_the_next_counsellor(world: World, make_counsellor) -> None:
    sleepy, awake = make_counsellor(1), make_counsellor(2)
    _available(sleepy, 30)
    _available(awake, 5)
    call = do_join_queue(world.seafarer)
    dispatch_calls()
    call.refresh_from_db()
    assert call.offered_to == sleepy

    expire_offers(now=call.offer_expires_at + timedelta(seconds=1))

    call.refresh_from_db()
    assert call.offered_to == awake and call.status == "offered"
    assert CounsellorState.objects.get(user=sleepy).state == "away"
    outcomes = list(
        CallOffer.objects.filter(call=call).order_by("pk").values_list("outcome", flat=True)
    )
    assert outcomes == ["timed_out", "pending"]
    with pytest.raises(QueueError):
        do_accept_offer(call, sleepy)
    assert do_accept_offer(call, awake).status == "connected"


@pytest.mark.django_db
def test_it_offers_a_declined_call_to_someone_else(world: World, make_counsellor) -> None:
    one, two = make_counsellor(1), make_counsellor(2)
    _available(one, 30)
    _available(two, 5)
    call = do_join_queue(world.seafarer)
    dispatch_calls()
    do_decline_offer(call, one)
    dispatch_calls()
    call.refresh_from_db()
    assert call.offered_to == two


@pytest.mark.django_db
def test_it_offers_a_callback_when_nobody_answers(
    world: World, outbox, django_capture_on_commit_callbacks
) -> None:
    call = do_join_queue(world.seafarer)
    later = call.queued_at + timedelta(seconds=121)
    with django_capture_on_commit_callbacks(execute=True):
        assert offer_callbacks_for_unanswered(now=later) == 1
    call.refresh_from_db()
    assert call.status == "callback_offered"
    notice = Notification.objects.get(user=world.seafarer, kind="hotline.callback_offered")
    assert "回拨" in notice.message
    assert outbox and outbox[0][0] == world.seafarer.phone
    # Nothing stays stuck in the queue.
    assert not HotlineCall.objects.filter(status__in=["waiting", "offered"]).exists()


@pytest.mark.django_db
def test_it_withdraws_the_offer_when_the_caller_hangs_up_while_offered(
    world: World, make_counsellor
) -> None:
    counsellor = make_counsellor(1)
    _available(counsellor, 5)
    call = do_join_queue(world.seafarer)
    dispatch_calls()
    do_hang_up(call, world.seafarer)
    call.refresh_from_db()
    assert call.status == "abandoned" and call.offered_to is None
    assert CallOffer.objects.get(call=call).outcome == "withdrawn"
    with pytest.raises(QueueError):
        do_accept_offer(call, counsellor)


@pytest.mark.django_db
def test_it_marks_a_call_dropped_when_the_counsellor_console_goes_silent(
    world: World, make_counsellor, django_capture_on_commit_callbacks
) -> None:
    counsellor = make_counsellor(1)
    _available(counsellor, 5)
    call = do_join_queue(world.seafarer)
    dispatch_calls()
    do_accept_offer(call, counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        assert drop_stale_calls(now=timezone.now() + timedelta(minutes=5)) == 1
    call.refresh_from_db()
    assert call.status == "dropped"
    assert CounsellorState.objects.get(user=counsellor).state == "away"
    assert Notification.objects.filter(
        user=world.seafarer, kind="hotline.callback_offered"
    ).exists()
    assert CallRecord.objects.get(call=call).channel == "in_app"


@pytest.mark.django_db
def test_it_frees_the_counsellor_and_starts_a_record_when_the_call_ends(
    world: World, make_counsellor
) -> None:
    counsellor = make_counsellor(1)
    _available(counsellor, 5)
    call = do_join_queue(world.seafarer)
    dispatch_calls()
    do_accept_offer(call, counsellor)
    assert CounsellorState.objects.get(user=counsellor).state == "busy"
    do_end_call(call, counsellor)
    state = CounsellorState.objects.get(user=counsellor)
    assert state.state == "available"
    record = CallRecord.objects.get(call=call)
    assert record.counsellor == counsellor and record.completed_at is None


@pytest.mark.django_db
def test_it_tells_the_caller_an_honest_position_and_wait(
    world: World, make_counsellor, make_caller
) -> None:
    nobody = do_join_queue(make_caller(1))
    status = queue_status(nobody)
    assert (status.position, status.estimated_wait_seconds, status.counsellors_on_duty) == (
        1,
        None,
        0,
    )
    counsellor = make_counsellor(1)
    _available(counsellor, 5)
    dispatch_calls()
    second = do_join_queue(make_caller(2))
    status = queue_status(second)
    assert status.position == 2
    assert status.estimated_wait_seconds is not None and status.estimated_wait_seconds > 0


@pytest.mark.django_db(transaction=True)
def test_it_gives_every_call_to_exactly_one_counsellor_under_concurrency(
    world: World, make_counsellor, make_caller
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row-lock concurrency is exercised on PostgreSQL (SQLite serialises writers)")
    counsellors = [make_counsellor(n) for n in range(6)]
    for n, counsellor in enumerate(counsellors):
        _available(counsellor, 60 - n)
    for n in range(20):
        do_join_queue(make_caller(n))
    HotlineCall.objects.update(status="waiting", offered_to=None, offer_expires_at=None)
    CallOffer.objects.all().delete()

    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def dispatcher() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                dispatch_calls()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatcher) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    offered = list(
        HotlineCall.objects.filter(status="offered").values_list("offered_to", flat=True)
    )
    assert len(offered) == len(counsellors)  # every counsellor holds exactly one offer
    assert len(set(offered)) == len(offered)
    assert CallOffer.objects.count() == len(counsellors)  # no call offered twice
    # Offers come from the front of the queue. Dispatchers lock with SKIP LOCKED, so while one
    # holds a call another may pass over it to the next: at most one call is passed over per
    # other dispatcher (three), never a call further back. Strictly the oldest six is what one
    # dispatcher gives (test_it_offers_the_oldest_call_to_the_counsellor_idle_longest).
    front = list(HotlineCall.objects.order_by("queued_at", "pk").values_list("pk", flat=True)[:9])
    offered_calls = set(HotlineCall.objects.filter(status="offered").values_list("pk", flat=True))
    assert offered_calls <= set(front)
