"""A legal booking's reminders through the real task worker (once each, in legal words, linked
to the legal list), and the booking in the seafarer's data export and erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.consent.personal_data import do_erase_personal_data, do_export_personal_data
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.notifications.models import Notification
from tests.consultations_legal.conftest import legal_appointment, legal_slot
from tests.personas import World, login

TASK = "seafarers_home.consultations.reminders.send_consultation_reminder"


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.mark.django_db(transaction=True)
def test_each_reminder_of_a_legal_booking_is_sent_once(world: World, outbox) -> None:
    slot = legal_slot(world, starts_in=timedelta(hours=30))
    client = login(Client(), world.seafarer)
    url = reverse("consultations:legal_book_slot", args=[slot.pk])
    assert client.post(url, {"topic": "合同到期不续签", "idempotency_key": "r1"}).status_code == 302
    tasks = DBTaskResult.objects.filter(task_path=TASK)
    assert sorted(t.args_kwargs["args"][2] for t in tasks) == ["day", "soon"]
    for result in tasks:
        result.run_after = timezone.now() - timedelta(seconds=1)
        result.save(update_fields=["run_after"])
    run_worker()
    run_worker()  # a second worker pass (or a retry) sends nothing more
    sent = Notification.objects.filter(user=world.seafarer, kind="consultation.reminder")
    assert sent.count() == 2
    for note in sent:
        assert "法律咨询" in note.message and "远程咨询" not in note.message
        assert "合同" not in note.message  # no topic in a reminder (it goes by SMS too)
        assert note.url.startswith(reverse("consultations:legal_mine") + "#a")
    # The periodic sweep finds nothing missing either.
    from seafarers_home.consultations.reminders import send_missed_reminders

    assert send_missed_reminders() == 0
    assert sent.count() == 2


def test_a_legal_booking_is_exported_and_erased(world: World) -> None:
    kept_slot = legal_slot(world, starts_in=timedelta(days=-3))
    past = Appointment.objects.create(slot=kept_slot, seafarer=world.seafarer, reason="工伤赔偿")
    future = legal_appointment(world)
    exported = do_export_personal_data(world.seafarer, "consultations")["data"]["consultations"]
    rows = {row["id"]: row for row in exported["appointments"]}
    assert rows[past.pk]["service"] == "legal"
    assert rows[past.pk]["legal_worker"] == world.legal_worker.display_name
    assert rows[past.pk]["clinician"] == "" and rows[past.pk]["reason"] == "工伤赔偿"
    assert rows[future.pk]["rights_case"] is None
    do_erase_personal_data(world.seafarer, "consultations")
    assert not Appointment.objects.filter(seafarer=world.seafarer).exists()
    # The slot of the future booking is free again; the past one is simply history.
    assert Slot.objects.filter(pk=future.slot_id).exists()


def test_the_privacy_page_covers_legal_consultations(client: Client, db: None) -> None:
    page = client.get(reverse("consent:privacy"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "法律咨询的预约和咨询事项" in text and "法律咨询的预约不属于病历,全部删除" in text
