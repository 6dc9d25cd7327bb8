"""Booking a slot on the page: reason and (only if allowed) the screening summary reach the
clinician; taken, past, out-of-hours, withdrawn and green slots are refused with a translated
message and nothing written; a resubmitted form books once."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.actions.slot_sync import sync_slots
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.models_availability import AvailabilityException
from seafarers_home.screening.models import Response, Screening
from tests.consultations_booking.conftest import (
    at_hospital,
    hospital_day,
    make_slot,
    weekly_hours,
)
from tests.personas import World, login


def completed_screening(world: World) -> Screening:
    screening = Screening.objects.create(
        seafarer=world.seafarer,
        instrument_codes=["phq9"],
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now() - timedelta(days=3),
        risk_level="follow_up",
    )
    Response.objects.create(
        seafarer=world.seafarer,
        screening=screening,
        instrument_code="phq9",
        instrument_version="1.0",
        answers='{"phq9_1": 2, "phq9_9": 0}',
        total_score=11,
        band="moderate",
        risk_level="follow_up",
    )
    return screening


def post_booking(client: Client, slot: Slot, key: str = "k-1", **data: object):
    return client.post(
        f"/consultations/book/{slot.pk}/",
        {"reason": "睡不着,想家", "idempotency_key": key, **data},
    )


def test_it_books_with_the_screening_summary_only_when_allowed(
    world: World, seafarer_client: Client
) -> None:
    completed_screening(world)
    day = hospital_day(3)
    shared_slot = make_slot(world, at_hospital(day, 10))
    private_slot = make_slot(world, at_hospital(day, 11))

    response = post_booking(seafarer_client, shared_slot, share_screening="on")
    assert response.status_code == 302
    shared = Appointment.objects.get(slot=shared_slot)
    assert (shared.seafarer, shared.status, shared.reason) == (
        world.seafarer,
        "booked",
        "睡不着,想家",
    )
    assert "中度抑郁症状" in shared.screening_summary
    assert "需随访" in shared.screening_summary
    assert "phq9_1" not in shared.screening_summary  # never answers

    post_booking(seafarer_client, private_slot, key="k-2")
    assert Appointment.objects.get(slot=private_slot).screening_summary == ""

    clinician = login(Client(), world.clinician)
    page = clinician.get("/consultations/availability/").content.decode()
    assert "睡不着,想家" in page and "中度抑郁症状" in page
    assert "海员未分享心理CT摘要。" in page
    read = AuditEvent.objects.get(action="consultations.bookings_read")
    assert read.actor == world.clinician
    assert sorted(read.detail["appointments"]) == sorted(
        [shared.pk, private_slot.appointments.get().pk]
    )


def test_it_books_once_when_the_form_is_sent_twice(world: World, seafarer_client: Client) -> None:
    slot = make_slot(world, at_hospital(hospital_day(2), 9))
    first = post_booking(seafarer_client, slot, key="same")
    second = post_booking(seafarer_client, slot, key="same")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Appointment.objects.filter(slot=slot).count() == 1


def assert_refused(client: Client, slot: Slot, message: str) -> None:
    appointments, audits = Appointment.objects.count(), AuditEvent.objects.count()
    response = post_booking(client, slot, key=f"refused-{slot.pk}")
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Appointment.objects.count() == appointments
    assert AuditEvent.objects.count() == audits


def test_it_refuses_a_taken_slot(world: World, seafarer_client, seafarer_b_client) -> None:
    slot = make_slot(world, at_hospital(hospital_day(2), 9))
    assert post_booking(seafarer_b_client, slot).status_code == 302
    assert_refused(seafarer_client, slot, "这个号源已被预约,请选择其他时间。")
    # Its holder, trying again from a stale page (another key), is told it is already theirs.
    assert_refused(seafarer_b_client, slot, "您已经预约了这个时间")


def test_it_refuses_a_past_slot(world: World, seafarer_client: Client) -> None:
    slot = make_slot(world, timezone.now() - timedelta(minutes=5))
    assert_refused(seafarer_client, slot, "这个时间已经过去,请选择其他时间。")


def test_it_refuses_an_out_of_hours_slot(world: World, seafarer_client: Client) -> None:
    day = hospital_day(3)
    weekly_hours(world.clinician, day.weekday(), "09:00", "10:00")
    sync_slots(world.clinician)
    slot = Slot.objects.filter(clinician=world.clinician, from_availability=True).first()
    assert slot.starts_at.astimezone(at_hospital(day, 9).tzinfo).date() == day
    # The clinician takes the day off; the slot is out of hours even before the next sync.
    AvailabilityException.objects.create(clinician=world.clinician, date=day, kind="off")
    assert_refused(seafarer_client, slot, "这个时间不在医生的出诊时间内")


def test_it_refuses_withdrawn_and_green_channel_slots(
    world: World, seafarer_client: Client
) -> None:
    day = hospital_day(4)
    withdrawn = make_slot(world, at_hospital(day, 9), is_withdrawn=True)
    green = make_slot(world, at_hospital(day, 10), mode="in_clinic", green_channel=True)
    assert_refused(seafarer_client, withdrawn, "这个号源已撤回,请选择其他时间。")
    assert_refused(seafarer_client, green, "这个号源为绿色通道预留")


def test_it_lists_only_free_published_slots(world: World, seafarer_client, seafarer_b_client):
    day = hospital_day(2)
    free = make_slot(world, at_hospital(day, 8))
    taken = make_slot(world, at_hospital(day, 9))
    make_slot(world, at_hospital(day, 10), is_withdrawn=True)
    make_slot(world, at_hospital(day, 11), mode="in_clinic", green_channel=True)
    make_slot(world, at_hospital(hospital_day(20), 12))  # beyond the 14 days
    post_booking(seafarer_b_client, taken)

    page = seafarer_client.get("/consultations/book/").content.decode()
    booking_links = [f"/consultations/book/{s.pk}/" for s in Slot.objects.all()]
    assert [link for link in booking_links if link in page] == [f"/consultations/book/{free.pk}/"]


def test_it_needs_the_health_consent(world: World, health_consent_document) -> None:
    client = login(Client(), world.seafarer)
    slot = make_slot(world, at_hospital(hospital_day(2), 9))
    assert client.get("/consultations/book/").status_code == 403
    assert post_booking(client, slot).status_code == 403
    assert not Appointment.objects.exists()


def test_it_shows_the_next_free_times_then_one_day_at_a_time(
    world: World, seafarer_client: Client
) -> None:
    """Issue 16 item 13: two weeks of slots are not two hundred links on a phone."""
    import gzip
    import re

    for days_ahead in range(1, 14):
        for hour in range(8, 16):
            for minute in (0, 30):
                make_slot(world, at_hospital(hospital_day(days_ahead), hour, minute))
    first = hospital_day(1).isoformat()
    response = seafarer_client.get("/consultations/book/")
    html = response.content.decode()
    slot_links = re.findall(r'href="/consultations/book/(\d+)/"', html)
    assert len(slot_links) == 6  # the next free times, soonest first
    assert f">{first} 08:00–08:30</a>" in html and f">{first} 10:30–11:00</a>" in html
    day_links = re.findall(r'href="\?[^"]*day=(\d{4}-\d{2}-\d{2})[^"]*#days"', html)
    assert day_links == [hospital_day(n).isoformat() for n in range(1, 14)]
    assert len(gzip.compress(response.content)) <= 8 * 1024

    # A day from the picker (the filters kept): that day's times only, and no "next" list.
    third = hospital_day(3).isoformat()
    html = seafarer_client.get(f"/consultations/book/?mode=remote&day={third}").content.decode()
    assert f'day={third}#days" aria-current="true"' in html
    assert f"<h3>{third}</h3>" in html and f"<h3>{first}</h3>" not in html
    assert len(re.findall(r'href="/consultations/book/(\d+)/"', html)) == 16
    assert 'id="next-free"' not in html
    assert "mode=remote&amp;day=" in html


def test_it_starts_from_the_health_page(seafarer_client: Client) -> None:
    html = seafarer_client.get("/health/consultations/").content.decode()
    assert 'href="/consultations/mine/"' in html
    assert "即将上线" not in html
    mine = seafarer_client.get("/consultations/mine/").content.decode()
    assert 'href="/consultations/book/"' in mine
