"""The hotline's timers, run by ``manage.py db_worker``. Each is enqueued when its event
happens (an offer made, a caller queued, a callback scheduled) and is a no-op if the event has
moved on by the time it runs."""

from __future__ import annotations

from django_tasks import task

# Modules, not names: the actions enqueue these tasks, so each imports the other.
from seafarers_home.hotline.actions import callbacks, timers


@task()
def expire_offer(call_id: int) -> int:
    return timers.expire_offers(call_id=call_id)


@task()
def no_answer_check(call_id: int) -> int:
    return timers.offer_callbacks_for_unanswered(call_id=call_id)


@task()
def queue_callback(callback_id: int) -> int:
    return callbacks.queue_due_callbacks(callback_id=callback_id)


@task()
def drop_stale_check(call_id: int) -> int:
    """The counsellor left the call's voice room: drop the call if they have not come back."""
    return timers.drop_stale_calls()
