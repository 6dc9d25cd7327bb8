"""The booking API: free slots with UTC, local and hospital times; booking and cancelling
with Idempotency-Key (201, 200 replay, 422 conflict, 409 refusals); one's own appointments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.consultations.models import Appointment
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World

SLOTS = "/api/v1/consultations/slots"
APPOINTMENTS = "/api/v1/consultations/appointments"


def post(client: Client, url: str, body: dict | None = None, key: str = "key-1"):
    return client.post(url, body or {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def api(world: World, seafarer_client: Client) -> Client:
    world.seafarer.time_zone = "America/Sao_Paulo"
    world.seafarer.save(update_fields=["time_zone"])
    return seafarer_client


def test_it_lists_free_slots_in_utc_local_and_hospital_time(world: World, api: Client) -> None:
    day = hospital_day(3)
    slot = make_slot(world, at_hospital(day, 10))
    make_slot(world, at_hospital(day, 11), is_withdrawn=True)
    response = api.get(SLOTS, {"clinician_id": world.clinician.pk})
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == slot.pk
    assert row["starts_at"] == f"{day.isoformat()}T02:00:00Z"
    assert row["time_zone"] == "America/Sao_Paulo"
    previous = (day - timedelta(days=1)).isoformat()
    assert row["starts_at_local"] == f"{previous}T23:00:00-03:00"
    assert row["starts_at_hospital"] == f"{day.isoformat()}T10:00:00+08:00"
    assert api.get(SLOTS, {"mode": "in_clinic"}).json() == []
    assert api.get(SLOTS, {"days": 99}).status_code == 422


def test_it_books_idempotently(world: World, api: Client) -> None:
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    other = make_slot(world, at_hospital(hospital_day(3), 11))
    body = {"slot_id": slot.pk, "reason": "想聊聊", "share_screening": False}
    created = post(api, APPOINTMENTS, body)
    assert created.status_code == 201
    data = created.json()
    assert (data["status"], data["slot"]["id"], data["reason"]) == ("booked", slot.pk, "想聊聊")
    assert data["calendar_url"] == f"/consultations/appointments/{data['id']}/calendar.ics"
    assert data["room_url"] == f"/consultations/room/{data['id']}/"

    replay = post(api, APPOINTMENTS, body)
    assert replay.status_code == 200
    assert replay.json()["id"] == data["id"]
    assert Appointment.objects.filter(seafarer=world.seafarer).count() == 1

    conflict = post(api, APPOINTMENTS, {**body, "slot_id": other.pk})
    assert conflict.status_code == 422
    assert conflict.json()["code"] == "idempotency_conflict"
    assert not Appointment.objects.filter(slot=other).exists()

    assert post(api, APPOINTMENTS, body, key="").status_code == 422
    listed = api.get(APPOINTMENTS).json()
    assert [a["id"] for a in listed] == [data["id"]]


def test_it_refuses_taken_and_past_slots(
    world: World, api: Client, seafarer_b_client: Client
) -> None:
    taken = make_slot(world, at_hospital(hospital_day(3), 10))
    assert post(seafarer_b_client, APPOINTMENTS, {"slot_id": taken.pk}).status_code == 201
    refused = post(api, APPOINTMENTS, {"slot_id": taken.pk}, key="k-taken")
    assert refused.status_code == 409
    assert refused.json() == {"detail": "这个号源已被预约,请选择其他时间。", "code": "taken"}
    past = make_slot(world, timezone.now() - timedelta(hours=1))
    assert post(api, APPOINTMENTS, {"slot_id": past.pk}, key="k-past").json()["code"] == "past"
    assert post(api, APPOINTMENTS, {"slot_id": 999999}, key="k-none").status_code == 404
    assert Appointment.objects.filter(seafarer=world.seafarer).count() == 0


def test_it_cancels_idempotently_and_within_the_rule(world: World, api: Client) -> None:
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    appointment_id = post(api, APPOINTMENTS, {"slot_id": slot.pk}).json()["id"]
    url = f"{APPOINTMENTS}/{appointment_id}/cancel"
    first = post(api, url, key="c-1")
    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    again = post(api, url, key="c-1")
    assert again.status_code == 200 and again.json()["status"] == "cancelled"

    soon = make_slot(world, timezone.now() + timedelta(minutes=60))
    soon_id = post(api, APPOINTMENTS, {"slot_id": soon.pk}, key="k-soon").json()["id"]
    late = post(api, f"{APPOINTMENTS}/{soon_id}/cancel", key="c-2")
    assert late.status_code == 409 and late.json()["code"] == "too_late"
    assert Appointment.objects.get(pk=soon_id).status == "booked"


def test_it_hides_other_peoples_appointments(
    world: World, api: Client, seafarer_b_client: Client, client_for
) -> None:
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    appointment_id = post(api, APPOINTMENTS, {"slot_id": slot.pk}).json()["id"]
    url = f"{APPOINTMENTS}/{appointment_id}/cancel"
    assert post(seafarer_b_client, url, key="x").status_code == 404
    assert seafarer_b_client.get(APPOINTMENTS).json() == []
    assert post(client_for("officer_a"), url, key="x").status_code == 403
    assert Appointment.objects.get(pk=appointment_id).status == "booked"
