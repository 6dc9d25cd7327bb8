"""Time zones as a seafarer reads them (issue 16 item 12): a slot is shown once in the
seafarer's zone, named in Chinese with its offset, and Beijing (hospital) time beside it only
when the two differ; the zone is chosen from a grouped Chinese list, never typed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from seafarers_home.consultations.models import Appointment
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World


@pytest.mark.parametrize(
    ("zone", "local_day_shift", "local_hm", "label"),
    [
        # 10:00 in Shanghai is 02:00 UTC: 14:00 in Fiji, 23:00 the day before in Lima (UTC-5
        # is 21:00; Buenos Aires UTC-3 is 23:00), ship's time UTC+10 is 12:00.
        ("Pacific/Fiji", 0, "14:00–14:30", "太平洋 · 斐济 (UTC+12)"),
        ("America/Argentina/Buenos_Aires", -1, "23:00–23:30", "美洲 · 阿根廷 (UTC-3)"),
        ("Etc/GMT-10", 0, "12:00–12:30", "船时 (UTC+10)"),
        # Set before the list existed (through the API): still shown, by its IANA name.
        ("America/Sao_Paulo", -1, "23:00–23:30", "America/Sao_Paulo (UTC-3)"),
    ],
)
def test_it_shows_local_time_with_beijing_beside_when_it_differs(
    world: World, seafarer_client: Client, zone, local_day_shift, local_hm, label
) -> None:
    world.seafarer.time_zone = zone
    world.seafarer.save(update_fields=["time_zone"])
    day = hospital_day(3)
    slot = make_slot(world, at_hospital(day, 10))
    local_day = (day + timedelta(days=local_day_shift)).isoformat()
    beijing = "10:00" if local_day_shift == 0 else f"{day:%m-%d} 10:00"

    listing = seafarer_client.get("/consultations/book/").content.decode()
    assert f">{local_day} {local_hm}</a>" in listing
    assert label in listing
    assert f'北京时间 <span class="hospital">{beijing}</span>' in listing

    confirm = seafarer_client.get(f"/consultations/book/{slot.pk}/").content.decode()
    assert f"{local_day} {local_hm} <small>{label}</small>" in confirm
    assert f'<dd class="hospital">{day.isoformat()} 10:00–10:30</dd>' in confirm

    seafarer_client.post(
        f"/consultations/book/{slot.pk}/", {"reason": "", "idempotency_key": f"tz-{zone}"}
    )
    assert Appointment.objects.filter(slot=slot).exists()
    mine = seafarer_client.get("/consultations/mine/").content.decode()
    assert f'<strong class="local">{local_day} {local_hm}</strong> <small>{label}</small>' in mine
    assert f'<span class="hospital">{day.isoformat()} 10:00–10:30</span>' in mine


def test_it_shows_beijing_time_once_when_the_seafarer_is_on_beijing_time(
    world: World, seafarer_client: Client
) -> None:
    day = hospital_day(3)
    slot = make_slot(world, at_hospital(day, 10))
    listing = seafarer_client.get("/consultations/book/").content.decode()
    assert f">{day.isoformat()} 10:00–10:30</a>" in listing
    assert "北京时间 (UTC+8)" in listing
    assert 'class="hospital"' not in listing
    confirm = seafarer_client.get(f"/consultations/book/{slot.pk}/").content.decode()
    assert 'class="hospital"' not in confirm


def test_it_lets_the_seafarer_choose_a_zone_by_its_chinese_name(
    world: World, seafarer_client: Client
) -> None:
    day = hospital_day(3)
    make_slot(world, at_hospital(day, 10))
    page = seafarer_client.get("/consultations/book/").content.decode()
    assert '<select name="time_zone"' in page
    assert '<optgroup label="太平洋">' in page
    assert '<option value="Pacific/Fiji">太平洋 · 斐济 (UTC+12)</option>' in page
    assert 'list="time-zones"' not in page  # nothing to type

    response = seafarer_client.post(
        "/consultations/book/time-zone/",
        {"time_zone": "Pacific/Fiji", "next": "/consultations/book/?mode=remote"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/consultations/book/?mode=remote"
    world.seafarer.refresh_from_db()
    assert world.seafarer.time_zone == "Pacific/Fiji"
    page = seafarer_client.get("/consultations/book/").content.decode()
    assert f">{day.isoformat()} 14:00–14:30</a>" in page
    assert "时区已改为 太平洋 · 斐济 (UTC+12)。" in page

    # A real IANA name that is not on the list is refused as well as a made-up one.
    for typed in ("Europe/Paris", "Mars/Olympus"):
        refused = seafarer_client.post(
            "/consultations/book/time-zone/", {"time_zone": typed, "next": "https://evil.example/"}
        )
        assert refused["Location"] == "/consultations/book/"
        world.seafarer.refresh_from_db()
        assert world.seafarer.time_zone == "Pacific/Fiji"
