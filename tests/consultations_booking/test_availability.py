"""Weekly hours and exceptions become slots (UTC) idempotently; removing hours withdraws
only free slots; the clinician edits hours on the availability page."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.test import Client

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.actions.availability import do_remove_hours
from seafarers_home.consultations.actions.slot_sync import sync_slots
from seafarers_home.consultations.availability import free_slots
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.models_availability import AvailabilityException
from tests.consultations_booking.conftest import SHANGHAI, hospital_day, weekly_hours
from tests.personas import World, login

# Sunday 6 January 2030, noon in Shanghai; Mondays 7 and 14 January follow.
NOW = datetime(2030, 1, 6, 12, 0, tzinfo=SHANGHAI)


def starts(world: World) -> list[datetime]:
    slots = Slot.objects.filter(clinician=world.clinician, is_withdrawn=False)
    return [s.starts_at.astimezone(UTC).replace(tzinfo=None) for s in slots.order_by("starts_at")]


def test_it_cuts_weekly_hours_into_utc_slots_with_exceptions(world: World) -> None:
    weekly_hours(world.clinician, 0, "09:00", "11:00")  # Mondays 09–11 Shanghai = 01–03 UTC
    AvailabilityException.objects.create(
        clinician=world.clinician, date=date(2030, 1, 14), kind="off"
    )
    AvailabilityException.objects.create(
        clinician=world.clinician,
        date=date(2030, 1, 7),
        kind="off",
        start_time=time(10, 0),
        end_time=time(11, 0),
    )
    AvailabilityException.objects.create(
        clinician=world.clinician,
        date=date(2030, 1, 9),
        kind="extra",
        start_time=time(14, 0),
        end_time=time(15, 0),
        slot_minutes=60,
        mode="in_clinic",
    )

    result = sync_slots(world.clinician, weeks=2, now=NOW)

    assert result.created == 3
    assert starts(world) == [
        datetime(2030, 1, 7, 1, 0),
        datetime(2030, 1, 7, 1, 30),
        datetime(2030, 1, 9, 6, 0),
    ]
    extra = Slot.objects.get(starts_at=datetime(2030, 1, 9, 6, 0, tzinfo=UTC))
    assert (extra.mode, extra.department, extra.from_availability) == (
        "in_clinic",
        world.clinic,
        True,
    )
    assert (extra.ends_at - extra.starts_at).total_seconds() == 3600


def test_it_creates_no_duplicates_when_run_again(world: World) -> None:
    weekly_hours(world.clinician, 0, "09:00", "11:00")
    assert sync_slots(world.clinician, weeks=2, now=NOW).created == 8
    again = sync_slots(world.clinician, weeks=2, now=NOW)
    assert (again.created, again.withdrawn, again.restored) == (0, 0, 0)
    assert Slot.objects.filter(clinician=world.clinician).count() == 8


def test_it_withdraws_free_slots_but_never_a_booked_one(world: World, health_consent_document):
    hours = weekly_hours(world.clinician, 0, "09:00", "10:00")
    sync_slots(world.clinician, weeks=2, now=NOW)
    booked_slot = Slot.objects.filter(clinician=world.clinician).order_by("starts_at").first()
    Appointment.objects.create(slot=booked_slot, seafarer=world.seafarer)

    do_remove_hours(hours, world.clinician)
    result = sync_slots(world.clinician, weeks=2, now=NOW)  # as the daily command runs it

    booked_slot.refresh_from_db()
    assert booked_slot.is_withdrawn is False
    others = Slot.objects.filter(clinician=world.clinician).exclude(pk=booked_slot.pk)
    assert others.count() == 3 and all(s.is_withdrawn for s in others)
    assert result.withdrawn == 0  # already withdrawn by do_remove_hours

    weekly_hours(world.clinician, 0, "09:00", "10:00")
    restored = sync_slots(world.clinician, weeks=2, now=NOW)
    assert (restored.restored, restored.created) == (3, 0)


def test_it_publishes_hours_from_the_clinicians_page(world: World) -> None:
    client = login(Client(), world.clinician)
    day = hospital_day(2)
    response = client.post(
        "/consultations/availability/",
        {
            "action": "add_hours",
            "h-weekday": day.weekday(),
            "h-start_time": "09:00",
            "h-end_time": "10:00",
            "h-slot_minutes": "20",
            "h-mode": "remote",
            "h-valid_from": day.isoformat(),
        },
    )
    assert response.status_code == 302
    free = list(free_slots(world.clinician, mode="remote"))
    assert free, "the hours published slots"
    first = free[0].starts_at.astimezone(SHANGHAI)
    assert (first.date(), first.hour, first.minute) == (day, 9, 0)
    assert len([s for s in free if s.starts_at.astimezone(SHANGHAI).date() == day]) == 3
    assert AuditEvent.objects.filter(action="consultations.hours_add").exists()

    page = client.get("/consultations/availability/").content.decode()
    assert "09:00–10:00" in page


def test_it_refuses_overlapping_hours(world: World) -> None:
    client = login(Client(), world.clinician)
    data = {
        "action": "add_hours",
        "h-weekday": "2",
        "h-start_time": "09:00",
        "h-end_time": "12:00",
        "h-slot_minutes": "30",
        "h-mode": "remote",
        "h-valid_from": "2030-01-01",
    }
    client.post("/consultations/availability/", data)
    response = client.post("/consultations/availability/", {**data, "h-start_time": "11:00"})
    assert response.status_code == 200
    assert "这段时间与已有的出诊时间重叠。" in response.content.decode()
    assert world.clinician.consultation_hours.count() == 1


def test_it_keeps_the_page_from_other_roles(client_for) -> None:
    for persona in ("seafarer", "union_staff", "officer_a"):
        assert client_for(persona).get("/consultations/availability/").status_code == 404


def test_it_keeps_the_horizon_rolling_with_the_periodic_job(world: World) -> None:
    from seafarers_home.consultations.periodic_jobs import sync_consultation_slots

    weekly_hours(world.clinician, hospital_day(1).weekday(), "09:00", "10:00")
    assert sync_consultation_slots().startswith("created 8,")  # 2 slots a week, 4 weeks ahead
    assert sync_consultation_slots() == "created 0, withdrawn 0, restored 0"
    assert Slot.objects.filter(clinician=world.clinician).count() == 8
