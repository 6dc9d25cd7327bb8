"""Cancelling and rescheduling: the seafarer until CONSULTATION_CANCEL_HOURS before the start,
the clinician always with a reason the seafarer sees; rescheduling is all or nothing; other
people get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.consultations.actions.booking import do_book_consultation
from seafarers_home.consultations.models import Appointment
from seafarers_home.notifications.models import Notification
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World, login


def book(world: World, starts_at=None, seafarer=None) -> Appointment:
    slot = make_slot(world, starts_at or at_hospital(hospital_day(3), 10))
    return do_book_consultation(
        seafarer or world.seafarer, slot, reason="想聊聊", share_screening=False
    )


def test_it_lets_the_seafarer_cancel_before_the_deadline(
    world: World, seafarer_client: Client, outbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(world)
        response = seafarer_client.post(f"/consultations/appointments/{appointment.pk}/cancel/")
    assert response["Location"] == "/consultations/mine/"
    appointment.refresh_from_db()
    assert appointment.status == "cancelled" and appointment.cancelled_at is not None
    mine = Notification.objects.get(user=world.seafarer, kind="consultation.cancelled")
    assert "已取消" in mine.message
    assert (
        Notification.objects.filter(user=world.clinician, kind="consultation.booking").count() == 2
    )
    # The slot is free again.
    assert (
        f"/consultations/book/{appointment.slot_id}/"
        in seafarer_client.get("/consultations/book/").content.decode()
    )
    # The list no longer shows it as coming: it moved below, with what is over.
    page = seafarer_client.get("/consultations/mine/").content.decode()
    assert "您还没有预约" in page
    assert page.index("以往和已取消") < page.index(f'id="a{appointment.pk}"')


def test_cancelling_asks_once_more_before_it_is_done(world: World, seafarer_client) -> None:
    """The cancel button opens a confirmation (no script: a details element) whose own button
    sends the form; a stray tap on the list cancels nothing."""
    appointment = book(world)
    page = seafarer_client.get("/consultations/mine/").content.decode()
    form = f'action="/consultations/appointments/{appointment.pk}/cancel/"'
    confirm = page.index('<details class="confirm"><summary class="button secondary">取消预约')
    assert (
        confirm < page.index(form) < page.index("确定取消预约") < page.index("</details>", confirm)
    )


def test_it_refuses_the_seafarer_after_the_deadline(
    world: World, seafarer_client: Client, settings
) -> None:
    settings.CONSULTATION_CANCEL_HOURS = 2
    appointment = book(world, starts_at=timezone.now() + timedelta(minutes=90))
    response = seafarer_client.post(
        f"/consultations/appointments/{appointment.pk}/cancel/", follow=True
    )
    assert "距开始已不足 2 小时,不能再取消或改约。" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    page = seafarer_client.get("/consultations/mine/").content.decode()
    assert f"/consultations/appointments/{appointment.pk}/cancel/" not in page


def test_it_lets_the_clinician_cancel_with_a_reason(
    world: World, seafarer_client: Client, outbox, django_capture_on_commit_callbacks
) -> None:
    appointment = book(world, starts_at=timezone.now() + timedelta(minutes=40))
    clinician = login(Client(), world.clinician)
    url = f"/consultations/appointments/{appointment.pk}/cancel/"
    refused = clinician.post(url, {"reason": ""}, follow=True)
    assert "请填写取消原因,海员会看到它。" in refused.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "booked"

    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = clinician.post(url, {"reason": "临时手术,请改约"})
    assert response["Location"] == "/consultations/availability/"
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == ("cancelled", "临时手术,请改约")
    assert [phone for phone, _text in outbox] == [world.seafarer.phone]
    assert "临时手术,请改约" in seafarer_client.get("/consultations/mine/").content.decode()


def test_it_reschedules_in_one_step(world: World, seafarer_client: Client) -> None:
    appointment = book(world)
    new_slot = make_slot(world, at_hospital(hospital_day(4), 15))
    form = seafarer_client.get(f"/consultations/appointments/{appointment.pk}/reschedule/")
    assert f'name="slot" value="{new_slot.pk}"' in form.content.decode()

    data = {"slot": new_slot.pk, "idempotency_key": "move-1"}
    url = f"/consultations/appointments/{appointment.pk}/reschedule/"
    assert seafarer_client.post(url, data).status_code == 302
    assert seafarer_client.post(url, data).status_code == 302  # resent: nothing more happens
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    moved = Appointment.objects.get(slot=new_slot)
    assert (moved.status, moved.reason) == ("booked", "想聊聊")
    assert Appointment.objects.filter(seafarer=world.seafarer, status="booked").count() == 1


def test_it_keeps_the_old_booking_when_the_new_slot_is_taken(
    world: World, seafarer_client: Client, seafarer_b_client: Client
) -> None:
    appointment = book(world)
    taken = book(world, starts_at=at_hospital(hospital_day(5), 9), seafarer=world.seafarer_b)
    response = seafarer_client.post(
        f"/consultations/appointments/{appointment.pk}/reschedule/",
        {"slot": taken.slot_id, "idempotency_key": "move-2"},
    )
    assert "这个号源已被预约" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "booked"


@pytest.mark.parametrize("action", ["cancel/", "reschedule/", "calendar.ics"])
def test_it_hides_other_peoples_appointments(
    world: World, seafarer_client: Client, seafarer_b_client: Client, client_for, action: str
) -> None:
    appointment = book(world)
    url = f"/consultations/appointments/{appointment.pk}/{action}"
    method = "post" if action == "cancel/" else "get"
    assert getattr(seafarer_b_client, method)(url).status_code == 404
    for persona in ("counsellor", "union_staff", "officer_a"):
        # 404, or 403 where the page asks for the health consent first (they have none)
        assert getattr(client_for(persona), method)(url).status_code in (403, 404)
    appointment.refresh_from_db()
    assert appointment.status == "booked"
