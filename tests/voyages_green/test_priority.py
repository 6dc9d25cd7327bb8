"""Green-channel priority: reserved earliest slots, offered to referred seafarers only."""

from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.consultations.actions.appointments import do_book_appointment
from seafarers_home.consultations.actions.green_channel import do_book_green_channel
from seafarers_home.consultations.green_channel import free_general_slots, free_green_slots
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.services import BookingRefused
from seafarers_home.consultations.slots import free_slots, green_quota
from seafarers_home.voyages.green_referrals import do_refer_to_green_channel
from seafarers_home.voyages.models import GreenChannelReferral
from tests.personas import World, login
from tests.voyages_green.conftest import make_seafarer, publish, returned_voyage


def test_it_reserves_the_share_rounded_up_on_the_earliest_slots_of_each_day(
    consented: World,
) -> None:
    publish(consented, days=2, start_hour=8, end_hour=11)  # 6 slots a day, 30 % → 2
    publish(consented, days=2, start_hour=8, end_hour=11)  # idempotent
    slots = list(Slot.objects.order_by("starts_at"))
    assert len(slots) == 12
    for day in (slots[:6], slots[6:]):
        assert [s.green_channel for s in day] == [True, True, False, False, False, False]
    assert green_quota(7, 30) == 3
    assert green_quota(1, 30) == 1


def test_it_offers_a_referred_seafarer_a_green_slot_days_before_the_general_list(
    consented: World,
) -> None:
    world = consented
    publish(world, days=3)  # 4 slots a day: the 2 earliest are green
    # Other people (walk-in patients of the general list) took days 1 and 2's general slots.
    others = [make_seafarer(world, n) for n in range(4)]
    general = list(free_slots(green=False))
    for other, slot in zip(others, general[:4], strict=True):
        do_book_appointment(other, slot, green_channel=False, reason="", screening_summary="")
    referral = do_refer_to_green_channel(
        world.seafarer, source="clinician", referred_by=world.clinician
    )
    first_green = free_green_slots(1)[0]
    first_general = free_general_slots(1)[0]
    assert (first_general.starts_at - first_green.starts_at).days >= 2

    page = login(Client(), world.seafarer).get("/voyages/green-channel/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/voyages/green-channel/book/{first_green.pk}/" in html
    # The green offer comes first on the page, before the general list.
    assert html.index(f"book/{first_green.pk}/") < html.index(f"book/{first_general.pk}/")

    response = login(Client(), world.seafarer).post(
        f"/voyages/green-channel/book/{first_green.pk}/", {"key": "k1", "share_summary": ""}
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(slot=first_green)
    assert appointment.seafarer == world.seafarer and appointment.green_channel
    referral.refresh_from_db()
    assert referral.appointment == appointment


def test_it_refuses_a_green_slot_to_a_seafarer_without_referral(consented: World) -> None:
    world = consented
    publish(world, days=1)
    green = free_green_slots(1)[0]
    client = login(Client(), world.seafarer)
    page = client.get("/voyages/green-channel/").content.decode()
    assert f"book/{green.pk}/" not in page  # not offered
    # No returned voyage on record: the way to the self-request is to record it first.
    assert 'href="/voyages/mine/new/"' in page and "先登记这次航次" in page

    response = client.post(f"/voyages/green-channel/book/{green.pk}/", {"key": "x"})
    assert response.status_code == 409
    assert "您目前没有绿色通道资格" in response.content.decode()
    with pytest.raises(BookingRefused) as refused:
        do_book_appointment(
            world.seafarer, green, green_channel=False, reason="", screening_summary=""
        )
    assert refused.value.code == "green_reserved"
    with pytest.raises(BookingRefused) as refused:
        do_book_appointment(
            world.seafarer, green, green_channel=True, reason="", screening_summary=""
        )
    assert refused.value.code == "not_eligible"
    assert not Appointment.objects.exists()


def test_it_lets_a_referred_seafarer_take_a_general_slot(consented: World) -> None:
    world = consented
    publish(world, days=1)
    referral = do_refer_to_green_channel(
        world.seafarer, source="clinician", referred_by=world.clinician
    )
    general = free_general_slots(1)[0]
    appointment = do_book_green_channel(referral.seafarer, general, reason="睡不好")
    assert appointment.slot == general and appointment.green_channel
    assert appointment.reason == "睡不好"
    # The referral is used: a second booking under it is refused.
    with pytest.raises(BookingRefused):
        do_book_green_channel(referral.seafarer, free_general_slots(1)[0])
    assert Appointment.objects.count() == 1


def test_it_reopens_the_referral_when_the_seafarer_cancels(consented: World) -> None:
    world = consented
    publish(world, days=1)
    returned_voyage(world, world.seafarer)
    client = login(Client(), world.seafarer)
    assert client.post("/voyages/green-channel/request/", {"reason": ""}).status_code == 302
    referral = GreenChannelReferral.objects.get(seafarer=world.seafarer)
    assert referral.source == "self"
    green = free_green_slots(1)[0]
    client.post(f"/voyages/green-channel/book/{green.pk}/", {"key": "a"})
    appointment = Appointment.objects.get(slot=green)
    response = client.post(f"/voyages/green-channel/cancel/{appointment.pk}/")
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    # The slot is free again and the referral may book once more.
    assert green in free_green_slots(5)
    client.post(f"/voyages/green-channel/book/{green.pk}/", {"key": "b"})
    assert Appointment.objects.filter(slot=green, status="booked").count() == 1
