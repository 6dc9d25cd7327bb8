"""Issue 18 item 9: the same Idempotency-Key with the same payload answers the stored row
(200), with another payload 422 ``idempotency_conflict`` in the published shape, and of many
copies racing exactly one answers 201 (core/idempotency.py)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from jsonschema_rs import validator_for

from seafarers_home.consultations.models import Appointment
from seafarers_home.hotline.models import CallbackRequest, HotlineCall
from tests.api.conftest import make_token
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World, give_health_consent


def _api(world: World) -> Client:
    give_health_consent(world.seafarer)
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.seafarer)}")


def _post(client: Client, path: str, body: dict[str, Any], key: str) -> Any:
    return client.post(path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def _callback(number: str = "+870 773 123 456", **extra: Any) -> dict[str, Any]:
    start = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    return {
        "target": "satellite",
        "number": number,
        "window_start": start.isoformat(),
        "window_end": (start + timedelta(hours=2)).isoformat(),
        **extra,
    }


def assert_published_422(response: Any, path: str) -> None:
    """The body validates against the 422 response schema of the OpenAPI document."""
    doc = Client().get("/api/openapi.json").json()
    published = doc["paths"][path]["post"]["responses"]["422"]["content"]["application/json"]
    schema = {**published["schema"], "components": doc["components"]}
    validator = validator_for(schema)
    assert validator.is_valid(response.json()), response.json()


def assert_conflict(response: Any, path: str) -> None:
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "idempotency_conflict"
    assert_published_422(response, path)


def test_a_resent_callback_with_another_number_is_a_conflict(world: World) -> None:
    client = _api(world)
    path = "/api/v1/hotline/callbacks"
    body = _callback()
    first = _post(client, path, body, "cb-1")
    assert first.status_code == 201
    again = _post(client, path, body, "cb-1")
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    assert_conflict(_post(client, path, {**body, "number": "+870 773 999 999"}, "cb-1"), path)
    assert_conflict(_post(client, path, {**body, "anonymous": True}, "cb-1"), path)
    stored = CallbackRequest.objects.get()
    assert (stored.number, stored.anonymous) == ("+870 773 123 456", False)


def test_flipping_anonymous_on_a_resent_call_is_a_conflict(world: World) -> None:
    client = _api(world)
    path = "/api/v1/hotline/calls"
    first = _post(client, path, {"anonymous": False}, "call-1")
    assert first.status_code == 201
    assert _post(client, path, {"anonymous": False}, "call-1").status_code == 200
    assert_conflict(_post(client, path, {"anonymous": True}, "call-1"), path)
    assert not HotlineCall.objects.get().anonymous
    # Another key while the call is live: the live call, not a second one.
    other = _post(client, path, {"anonymous": True}, "call-2")
    assert (other.status_code, other.json()["id"]) == (200, first.json()["id"])


def test_a_resent_booking_with_another_reason_is_a_conflict(world: World) -> None:
    client = _api(world)
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    path = "/api/v1/consultations/appointments"
    body = {"slot_id": slot.pk, "reason": "睡不好", "share_screening": False}
    assert _post(client, path, body, "book-1").status_code == 201
    assert _post(client, path, body, "book-1").status_code == 200
    assert_conflict(_post(client, path, {**body, "reason": "想换个时间聊"}, "book-1"), path)
    assert_conflict(_post(client, path, {**body, "share_screening": True}, "book-1"), path)
    assert Appointment.objects.get().reason == "睡不好"


def test_the_web_callback_form_refuses_a_changed_resend(world: World) -> None:
    from tests.personas import login

    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    start = timezone.localtime(timezone.now() + timedelta(hours=1))
    form = {
        "target": "satellite",
        "number": "+870 773 123 456",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "key": "form-1",
    }
    assert client.post("/hotline/callbacks/new/", form).status_code == 302
    changed = client.post(
        "/hotline/callbacks/new/", {**form, "number": "+870 773 000 000"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert changed.status_code == 400
    assert "already sent with different content" in changed.content.decode()
    assert CallbackRequest.objects.get().number == "+870 773 123 456"


def _race(client_factory: Any, path: str, body: dict[str, Any], key: str, copies: int) -> list:
    barrier = threading.Barrier(copies)
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            client = client_factory()
            barrier.wait(timeout=20)
            response = _post(client, path, body, key)
            with lock:
                statuses.append(response.status_code)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises them",
)
@pytest.mark.parametrize(
    ("path", "body", "model"),
    [
        ("/api/v1/hotline/callbacks", _callback(), CallbackRequest),
        ("/api/v1/hotline/calls", {"anonymous": True}, HotlineCall),
    ],
)
def test_ten_parallel_resends_store_one_row_and_answer_one_201(
    health_consent_document: object, path: str, body: dict[str, Any], model: Any
) -> None:
    from tests.personas import build_world

    world = build_world()
    give_health_consent(world.seafarer)
    token = make_token(world.seafarer)
    statuses = _race(
        lambda: Client(HTTP_AUTHORIZATION=f"Bearer {token}"), path, body, "race-1", copies=10
    )
    assert statuses == [200] * 9 + [201], statuses
    assert model.objects.filter(seafarer=world.seafarer).count() == 1
