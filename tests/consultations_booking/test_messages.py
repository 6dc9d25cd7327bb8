"""Messages that match what happened (issue 16 item 14): a booked remote consultation is called
one, links to the booking, speaks to a reader who is signed in, and reaches each person in
their own language and time zone, whoever caused it."""

from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.consultations.models import Appointment
from seafarers_home.notifications.models import Notification
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World, login

pytestmark = pytest.mark.django_db(transaction=True)  # notifications go out on commit


def book(client: Client, world: World, hour: int = 10, key: str = "m-1") -> Appointment:
    slot = make_slot(world, at_hospital(hospital_day(3), hour))
    client.post(f"/consultations/book/{slot.pk}/", {"reason": "", "idempotency_key": key})
    return Appointment.objects.get(slot=slot)


def test_a_booked_remote_consultation_says_so_and_links_to_it(
    world: World, seafarer_client: Client, outbox
) -> None:
    appointment = book(seafarer_client, world)
    day = hospital_day(3).isoformat()
    note = Notification.objects.get(user=world.seafarer, kind="appointment.booked")
    assert note.message == f"您已预约 {day} 10:00 的远程咨询,到时在“我的远程咨询”进入咨询室。"
    assert note.url == f"/consultations/mine/#a{appointment.pk}"
    inbox = seafarer_client.get("/notifications/").content.decode()
    assert (
        f'<a href="/consultations/mine/#a{appointment.pk}">您已预约 {day} 10:00 的远程咨询' in inbox
    )
    for wording in ("就诊", "到达", "登录"):  # not a clinic visit; the reader is signed in
        assert wording not in note.message
    assert (world.seafarer.phone, "海员之家:" + note.message) in outbox
    told = Notification.objects.get(user=world.clinician, kind="consultation.booking")
    assert told.message == f"新的远程咨询预约:{day} 10:00。"
    assert told.url == "/consultations/availability/"


def test_each_person_reads_it_in_their_own_language_and_zone(
    world: World, seafarer_client: Client, outbox
) -> None:
    world.seafarer.preferred_language = "en"
    world.seafarer.time_zone = "Pacific/Fiji"
    world.seafarer.save(update_fields=["preferred_language", "time_zone"])
    # The seafarer browses in Chinese on a shared phone; their notification is still English.
    seafarer_client.cookies["sh_language"] = "zh-hans"
    appointment = book(seafarer_client, world)
    day = hospital_day(3).isoformat()
    note = Notification.objects.get(user=world.seafarer, kind="appointment.booked")
    assert note.message.startswith(f"You have booked a remote consultation for {day} 14:00 ")
    assert "Pacific · Fiji (UTC+12) (Beijing time 10:00)" in note.message
    assert (world.seafarer.phone, "Seafarers' Home: " + note.message) in outbox
    # The clinician (Chinese, Beijing time) is told in Chinese, though the seafarer's
    # language is English: rendered for the recipient, not the sender.
    told = Notification.objects.get(user=world.clinician, kind="consultation.booking")
    assert told.message == f"新的远程咨询预约:{day} 10:00。"

    # The clinician cancels from a page in English: the seafarer still reads English, in Fiji
    # time; and the cancellation links to the booking list.
    clinician = login(Client(), world.clinician)
    clinician.cookies["sh_language"] = "en"
    clinician.post(f"/consultations/appointments/{appointment.pk}/cancel/", {"reason": "病假"})
    cancelled = Notification.objects.filter(user=world.seafarer, kind="appointment.cancelled")
    assert cancelled.exists(), "the clinician's cancel did not notify the seafarer"
    note = cancelled.get()
    assert note.message.startswith(f"Your booking for {day} 14:00 ")
    assert note.url == "/consultations/mine/"
