"""Callback retries follow their rule, through the real task worker: a due callback joins the
queue, a missed attempt is retried HOTLINE_CALLBACK_RETRY_MINUTES later, at most
HOTLINE_CALLBACK_MAX_ATTEMPTS times and never after the window; then the seafarer is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.hotline.actions.callbacks import do_record_callback_attempt, do_request_callback
from seafarers_home.hotline.actions.queue import do_accept_offer, do_set_counsellor_state
from seafarers_home.hotline.models import CallbackAttempt, CallbackRequest, HotlineCall
from seafarers_home.notifications.models import Notification
from tests.hotline_calls.conftest import run_worker

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "seafarers_home.hotline.tasks.queue_callback"


def _take_and_miss(world, callback: CallbackRequest) -> HotlineCall:
    """The counsellor is offered the queued callback, takes it, nobody answers on the ship."""
    call = HotlineCall.objects.get(callback=callback, status="offered")
    assert call.offered_to == world.counsellor and call.channel == "callback"
    do_accept_offer(call, world.counsellor)
    do_record_callback_attempt(call, world.counsellor, outcome="no_answer")
    return call


def test_it_retries_a_missed_callback_by_rule_then_gives_up(world, caller, settings, outbox):
    settings.HOTLINE_CALLBACK_RETRY_MINUTES = 0  # due again at once, so the worker takes it
    settings.HOTLINE_CALLBACK_MAX_ATTEMPTS = 2
    do_set_counsellor_state(world.counsellor, "available")
    now = timezone.now()
    callback = do_request_callback(
        caller,
        target="satellite",
        number="+870773123456",
        window_start=now,
        window_end=now + timedelta(hours=2),
    )
    assert not HotlineCall.objects.exists()  # scheduled: the worker queues it

    run_worker()
    first = _take_and_miss(world, callback)
    callback.refresh_from_db()
    assert callback.status == "scheduled" and callback.attempts == 1

    run_worker()  # the retry the rule scheduled
    second = _take_and_miss(world, callback)
    assert second.pk != first.pk
    callback.refresh_from_db()
    assert callback.status == "failed" and callback.attempts == 2
    assert callback.next_attempt_at is None
    assert list(CallbackAttempt.objects.values_list("outcome", flat=True)) == ["no_answer"] * 2
    tasks = DBTaskResult.objects.filter(task_path=TASK)
    assert sorted(t.status for t in tasks) == ["SUCCESSFUL", "SUCCESSFUL"]
    assert Notification.objects.filter(user=caller, kind="hotline.callback_failed").count() == 1
    assert caller.phone in [phone for phone, _text in outbox]

    run_worker()  # nothing left: no third call
    assert HotlineCall.objects.filter(callback=callback).count() == 2


def test_it_waits_the_retry_interval_and_never_retries_after_the_window(world, caller, settings):
    settings.HOTLINE_CALLBACK_RETRY_MINUTES = 15
    do_set_counsellor_state(world.counsellor, "available")
    now = timezone.now()
    roomy = do_request_callback(
        caller, target="mobile", number="13912345678",
        window_start=now, window_end=now + timedelta(hours=2),
    )  # fmt: skip
    run_worker()
    _take_and_miss(world, roomy)
    roomy.refresh_from_db()
    assert roomy.status == "scheduled"
    assert timedelta(minutes=14) < roomy.next_attempt_at - timezone.now() <= timedelta(minutes=15)
    run_worker()  # not due yet: nothing is queued
    assert HotlineCall.objects.filter(callback=roomy).count() == 1
    retry = DBTaskResult.objects.filter(task_path=TASK, status="READY").get()
    assert retry.run_after == roomy.next_attempt_at

    CallbackRequest.objects.filter(pk=roomy.pk).update(status="cancelled", next_attempt_at=None)
    settings.HOTLINE_CALLBACK_RETRY_MINUTES = 30
    do_set_counsellor_state(world.counsellor, "available")
    tight = do_request_callback(
        caller, target="mobile", number="13912345678",
        window_start=now, window_end=timezone.now() + timedelta(minutes=20),
    )  # fmt: skip
    run_worker()
    _take_and_miss(world, tight)
    tight.refresh_from_db()
    assert tight.status == "failed"  # the next try (30 min) would fall after the window
