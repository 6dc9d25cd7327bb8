"""The clinic's pages: the day's green-channel list, publishing slots, attendance; and who
may open them (officers and everyone outside the clinic get 404)."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.actions.appointments import do_book_appointment
from seafarers_home.consultations.actions.green_channel import do_book_green_channel
from seafarers_home.consultations.green_channel import free_general_slots, free_green_slots
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.voyages.dashboard import ZONE
from seafarers_home.voyages.green_referrals import do_refer_to_green_channel
from tests.personas import World, login
from tests.voyages_green.conftest import hospital_today, make_seafarer, publish


def _referred(world: World, n: int):
    seafarer = make_seafarer(world, n)
    return do_refer_to_green_channel(
        seafarer, source="clinician", referred_by=world.clinician, reason=f"转介说明{n}"
    )


def test_it_lists_only_the_days_green_channel_bookings(consented: World) -> None:
    world = consented
    publish(world, days=2)
    day_one, day_two = (hospital_today() + datetime.timedelta(days=d) for d in (1, 2))
    greens = free_green_slots(4)
    assert timezone.localtime(greens[0].starts_at, ZONE).date() == day_one
    assert timezone.localtime(greens[2].starts_at, ZONE).date() == day_two
    do_book_green_channel(_referred(world, 1).seafarer, greens[0], reason="失眠一个月")
    do_book_green_channel(_referred(world, 2).seafarer, greens[2], reason="第二天的人")
    walk_in = make_seafarer(world, 3)
    do_book_appointment(
        walk_in, free_general_slots(1)[0], green_channel=False, reason="普通", screening_summary=""
    )
    response = login(Client(), world.clinician).get(f"/voyages/clinic/day/?date={day_one}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "海员1" in html and "失眠一个月" in html and "转介说明1" in html
    assert "海员2" not in html and "第二天的人" not in html  # another day
    assert "海员3" not in html and "普通" not in html  # the general list
    event = AuditEvent.objects.filter(action="voyages.green_channel.clinic_day").latest("pk")
    assert event.actor == world.clinician


def test_it_answers_404_to_everyone_outside_the_clinic(consented: World) -> None:
    world = consented
    publish(world, days=1)
    appointment = do_book_green_channel(_referred(world, 1).seafarer, free_green_slots(1)[0])
    urls = ["/voyages/clinic/day/", "/voyages/clinic/slots/", "/voyages/dashboard/"]
    for persona in ("officer_a", "officer_b", "seafarer", "counsellor", "outsider"):
        client = login(Client(), world.persona(persona))
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)
        attend = client.post(f"/voyages/clinic/attend/{appointment.pk}/")
        assert attend.status_code in (403, 404), persona
    union = login(Client(), world.union_staff)
    assert union.get("/voyages/clinic/day/").status_code == 404
    assert union.get("/voyages/dashboard/").status_code == 200


def test_it_publishes_slots_from_the_form(consented: World) -> None:
    world = consented
    first = hospital_today() + datetime.timedelta(days=1)
    response = login(Client(), world.clinician).post(
        "/voyages/clinic/slots/",
        {
            "first_day": first.isoformat(),
            "last_day": first.isoformat(),
            "weekdays": [str(d) for d in range(7)],
            "start_hour": "8",
            "end_hour": "12",
            "slot_minutes": "30",
            "department": str(world.clinic.pk),
        },
    )
    assert response.status_code == 302
    slots = list(Slot.objects.order_by("starts_at"))
    assert len(slots) == 8 and sum(s.green_channel for s in slots) == 3
    assert timezone.localtime(slots[0].starts_at, ZONE).hour == 8
    bad = login(Client(), world.clinician).post(
        "/voyages/clinic/slots/",
        {
            "first_day": first.isoformat(),
            "last_day": (first - datetime.timedelta(days=3)).isoformat(),
            "weekdays": ["0"],
            "start_hour": "8",
            "end_hour": "12",
            "slot_minutes": "30",
            "department": str(world.clinic.pk),
        },
    )
    assert "结束日期不能早于开始日期" in bad.content.decode()
    assert Slot.objects.count() == 8


def test_it_records_attendance_once_the_visit_time_has_come(consented: World) -> None:
    world = consented
    publish(world, days=1)
    appointment = do_book_green_channel(_referred(world, 1).seafarer, free_green_slots(1)[0])
    client = login(Client(), world.clinician)
    client.post(f"/voyages/clinic/attend/{appointment.pk}/", {"attended": "1"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED  # not yet time
    Slot.objects.filter(pk=appointment.slot_id).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(minutes=20),
    )
    client.post(f"/voyages/clinic/attend/{appointment.pk}/", {"attended": "1"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ATTENDED
    assert appointment.attended_at is not None
