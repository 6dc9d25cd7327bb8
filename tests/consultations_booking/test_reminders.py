"""Reminders through the real task worker: booking enqueues them for 24 hours and 30 minutes
before the start; each is sent once; a cancelled or moved appointment gets none."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.consultations.actions.booking import (
    do_book_consultation,
    do_cancel_consultation,
    do_reschedule_consultation,
)
from seafarers_home.notifications.models import Notification
from tests.consultations_booking.conftest import make_slot
from tests.personas import World, give_health_consent

TASK = "seafarers_home.consultations.reminders.send_consultation_reminder"

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def make_due(name: str | None = None) -> None:
    """Time passes: the reminder (or all of them) become due."""
    for result in DBTaskResult.objects.filter(task_path=TASK, status="READY"):
        if name is None or result.args_kwargs["args"][2] == name:
            result.run_after = timezone.now() - timedelta(seconds=1)
            result.save(update_fields=["run_after"])


def book(world: World, hours_ahead: float = 30, **kwargs: object):
    slot = make_slot(world, timezone.now() + timedelta(hours=hours_ahead))
    return do_book_consultation(world.seafarer, slot, reason="想聊聊", share_screening=False)


@pytest.fixture
def consenting(world: World, health_consent_document: object) -> World:
    give_health_consent(world.seafarer)
    return world


def test_it_schedules_and_sends_each_reminder_once(consenting: World, outbox) -> None:
    world = consenting
    appointment = book(world)
    starts_at = appointment.slot.starts_at
    tasks = DBTaskResult.objects.filter(task_path=TASK).order_by("run_after")
    assert [(t.args_kwargs["args"][2], t.run_after) for t in tasks] == [
        ("day", starts_at - timedelta(hours=24)),
        ("soon", starts_at - timedelta(minutes=30)),
    ]
    outbox.clear()

    make_due("day")
    run_worker()
    sent = Notification.objects.filter(user=world.seafarer, kind="consultation.reminder")
    assert sent.count() == 1
    # Once, in the seafarer's zone (Beijing here: nothing beside it), linked to the booking.
    local = starts_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert sent.get().message == f"提醒:您预约的远程咨询将于 {local:%Y-%m-%d %H:%M} 开始。"
    assert sent.get().url.startswith("/consultations/mine/#a")
    assert "失眠" not in sent.get().message and "想聊聊" not in sent.get().message
    assert [phone for phone, _ in outbox] == [world.seafarer.phone]

    # The same reminder run again (a retry, a second worker): nothing more is sent.
    day_task = DBTaskResult.objects.get(task_path=TASK, args_kwargs__args__2="day")
    from seafarers_home.consultations.reminders import send_consultation_reminder

    send_consultation_reminder.enqueue(*day_task.args_kwargs["args"])
    run_worker()
    assert sent.count() == 1
    assert len(outbox) == 1

    make_due("soon")
    run_worker()
    assert sent.count() == 2
    assert "30分钟后开始" in sent.order_by("-pk").first().message
    statuses = set(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}


def test_it_sends_nothing_for_a_cancelled_appointment(consenting: World, outbox) -> None:
    appointment = book(consenting)
    do_cancel_consultation(appointment, consenting.seafarer)
    outbox.clear()
    make_due()
    run_worker()
    assert not Notification.objects.filter(kind="consultation.reminder").exists()
    assert outbox == []
    results = DBTaskResult.objects.filter(task_path=TASK)
    assert results.count() == 2
    assert {r.status for r in results} == {"SUCCESSFUL"}


def test_it_reminds_of_the_new_time_only_after_a_move(consenting: World, outbox) -> None:
    world = consenting
    appointment = book(world)
    new_slot = make_slot(world, timezone.now() + timedelta(hours=50))
    moved = do_reschedule_consultation(appointment, new_slot, by=world.seafarer)
    make_due()
    run_worker()
    sent = Notification.objects.filter(kind="consultation.reminder")
    # Only the new appointment's reminders (for its time) went out.
    assert sent.count() == 2
    keys = sorted(sent.values_list("dedupe_key", flat=True))
    assert all(key.startswith(f"consultation-reminder-{moved.pk}-") for key in keys)


def test_it_skips_reminders_already_past(consenting: World) -> None:
    book(consenting, hours_ahead=2)
    names = [r.args_kwargs["args"][2] for r in DBTaskResult.objects.filter(task_path=TASK)]
    assert names == ["soon"]


def test_the_periodic_sweep_sends_a_reminder_whose_task_was_lost(consenting: World, outbox) -> None:
    from seafarers_home.consultations.reminders import send_missed_reminders

    world = consenting
    appointment = book(world)
    DBTaskResult.objects.filter(task_path=TASK).delete()  # the tasks are lost
    starts_at = appointment.slot.starts_at
    outbox.clear()

    day_due = starts_at - timedelta(hours=24)
    assert send_missed_reminders(day_due - timedelta(minutes=1)) == 0  # not yet
    assert send_missed_reminders(day_due + timedelta(minutes=1)) == 1
    assert send_missed_reminders(day_due + timedelta(minutes=3)) == 0  # once
    # Too late for "starts in 30 minutes": not sent at all rather than misleading.
    soon_due = starts_at - timedelta(minutes=30)
    assert send_missed_reminders(soon_due + timedelta(minutes=11)) == 0
    sent = Notification.objects.filter(user=world.seafarer, kind="consultation.reminder")
    assert sent.count() == 1
    assert [phone for phone, _ in outbox] == [world.seafarer.phone]
