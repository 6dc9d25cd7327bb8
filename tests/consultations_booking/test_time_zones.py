"""A seafarer at UTC+10 and at UTC-3 sees each slot in their own time and in hospital time
(Asia/Shanghai, UTC+8), on the booking list, the confirm page, their appointments and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from seafarers_home.consultations.models import Appointment
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World


@pytest.mark.parametrize(
    ("zone", "local_day_shift", "local_hm", "offset"),
    [
        # 10:00 in Shanghai is 02:00 UTC: 12:00 in Brisbane, 23:00 the day before in São Paulo.
        ("Australia/Brisbane", 0, "12:00–12:30", "UTC+10:00"),
        ("America/Sao_Paulo", -1, "23:00–23:30", "UTC-03:00"),
        ("Etc/GMT-10", 0, "12:00–12:30", "UTC+10:00"),
        ("Etc/GMT+3", -1, "23:00–23:30", "UTC-03:00"),
    ],
)
def test_it_shows_local_and_hospital_time(
    world: World, seafarer_client: Client, zone, local_day_shift, local_hm, offset
) -> None:
    world.seafarer.time_zone = zone
    world.seafarer.save(update_fields=["time_zone"])
    day = hospital_day(3)
    slot = make_slot(world, at_hospital(day, 10))
    local_day = (day + timedelta(days=local_day_shift)).isoformat()
    hospital = f"{day.isoformat()} 10:00–10:30"

    listing = seafarer_client.get("/consultations/book/").content.decode()
    assert f"<h3>{local_day}</h3>" in listing
    assert f">{local_hm}</a>" in listing
    assert offset in listing
    assert f'<span class="hospital">{hospital}</span>' in listing

    confirm = seafarer_client.get(f"/consultations/book/{slot.pk}/").content.decode()
    assert f"{local_day} {local_hm} ({offset})" in confirm
    assert f'<dd class="hospital">{hospital}</dd>' in confirm

    seafarer_client.post(
        f"/consultations/book/{slot.pk}/", {"reason": "", "idempotency_key": f"tz-{zone}"}
    )
    assert Appointment.objects.filter(slot=slot).exists()
    mine = seafarer_client.get("/consultations/mine/").content.decode()
    assert f'<strong class="local">{local_day} {local_hm}</strong>' in mine
    assert f'<span class="hospital">{hospital}</span>' in mine


def test_it_lets_the_seafarer_change_zone_on_the_page(
    world: World, seafarer_client: Client
) -> None:
    day = hospital_day(3)
    make_slot(world, at_hospital(day, 10))
    response = seafarer_client.post(
        "/consultations/book/time-zone/",
        {"time_zone": "Australia/Brisbane", "next": "/consultations/book/?mode=remote"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/consultations/book/?mode=remote"
    world.seafarer.refresh_from_db()
    assert world.seafarer.time_zone == "Australia/Brisbane"
    assert ">12:00–12:30</a>" in seafarer_client.get("/consultations/book/").content.decode()

    refused = seafarer_client.post(
        "/consultations/book/time-zone/",
        {"time_zone": "Mars/Olympus", "next": "https://evil.example/"},
    )
    assert refused["Location"] == "/consultations/book/"
    world.seafarer.refresh_from_db()
    assert world.seafarer.time_zone == "Australia/Brisbane"
