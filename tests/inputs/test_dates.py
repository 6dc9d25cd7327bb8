"""Issue 18 item 5: every date and time from outside lies in one window (core/inputs.py), and
the counsellors' pages survive a row stored before the window existed."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from seafarers_home.hotline.models import CallbackRequest, CallRecord
from seafarers_home.hotline.records import webhook_signature
from seafarers_home.voyages.models import Voyage
from tests.api.conftest import make_token
from tests.personas import World, give_health_consent, login

SECRET = "test-webhook-secret"
OUT_OF_WINDOW = [
    "9999-12-31T23:59:59-14:00",  # year 10000 in UTC: stored by PostgreSQL, unreadable after
    "0001-01-01T00:00:00+14:00",  # year 0 in UTC
    "2101-01-01T00:00:00+00:00",
    "1899-12-31T23:59:59+00:00",
]


def _webhook(body: dict, *, nonce: str | None = None):
    raw = json.dumps(body).encode()
    ts = str(int(time.time()))
    nonce = nonce or uuid.uuid4().hex
    return Client().post(
        "/hotline/webhook/cdr/",
        raw,
        content_type="application/json",
        HTTP_X_HOTLINE_TIMESTAMP=ts,
        HTTP_X_HOTLINE_NONCE=nonce,
        HTTP_X_HOTLINE_SIGNATURE=webhook_signature(SECRET, ts, nonce, raw),
    )


@pytest.mark.parametrize("started_at", OUT_OF_WINDOW)
def test_the_webhook_refuses_a_time_outside_the_window(world: World, settings, started_at) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = SECRET
    body = {"call_id": "PBX-9", "started_at": started_at, "duration_seconds": 60}
    response = _webhook(body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert not CallRecord.objects.exists()
    # The edges of the window are fine.
    ok = {**body, "started_at": "2100-12-31T23:59:59+00:00"}
    assert _webhook(ok).status_code == 201


def test_the_webhook_refuses_a_nul_in_the_call_id(world: World, settings) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = SECRET
    body = {
        "call_id": "PBX\x00-1",
        "started_at": "2026-11-29T02:00:00+00:00",
        "duration_seconds": 5,
    }
    response = _webhook(body)
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"].startswith("application/json")
    assert not CallRecord.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL stores a year-10000 time (SQLite stores text, Django refuses it)",
)
def test_the_record_pages_survive_a_year_10000_row_already_stored(world: World, settings) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = SECRET
    assert (
        _webhook(
            {"call_id": "PBX-1", "started_at": "2026-11-29T02:00:00+00:00", "duration_seconds": 60}
        ).status_code
        == 201
    )
    assert (
        _webhook(
            {"call_id": "PBX-2", "started_at": "2026-11-29T03:00:00+00:00", "duration_seconds": 60}
        ).status_code
        == 201
    )
    # What the webhook stored before it was bounded.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hotline_callrecord SET started_at = %s WHERE external_id = %s",
            ["10000-01-01 13:59:59+00", "PBX-2"],
        )
    counsellor = login(Client(), world.counsellor)
    for path in ("/hotline/console/", "/hotline/records/"):
        response = counsellor.get(path)
        assert response.status_code == 200, path


def test_a_callback_far_in_the_future_is_a_field_error(world: World) -> None:
    give_health_consent(world.seafarer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.seafarer)}")
    start = timezone.now() + timedelta(hours=1)
    body = {
        "target": "satellite",
        "number": "+870 773 123 456",
        "window_start": start.isoformat(),
        "window_end": "9999-12-31T23:59:59-14:00",
    }
    response = client.post(
        "/api/v1/hotline/callbacks",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="far-1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "window_end"
    assert error["type"] == "date_out_of_range"
    assert "1900-01-01" in error["msg"] and "2100-12-31" in error["msg"]
    assert not CallbackRequest.objects.exists()


def test_a_voyage_in_year_1_is_a_form_error(world: World) -> None:
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    response = client.post(
        "/voyages/mine/new/",
        {
            "vessel": world.vessel_a.registration_number,
            "planned_departure": "0001-01-01",
            "expected_return": "0001-02-01",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code < 500
    assert "日期超出允许范围" in response.content.decode()
    assert not Voyage.objects.exists()


def test_a_crew_list_dated_year_1_names_the_row(world: World) -> None:
    client = login(Client(), world.officer_a)
    rows = (
        "phone,registration_number,planned_departure,expected_return\n"
        f"{world.seafarer.phone},{world.vessel_a.registration_number},0001-01-01,0001-03-01\n"
    )
    response = client.post(
        "/voyages/crew/import/", {"crew_list": _upload(rows)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 422
    assert "日期超出允许范围" in response.content.decode()
    assert not Voyage.objects.exists()


def _upload(text: str, name: str = "crew.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL stores a year-10000 time (SQLite stores text, Django refuses it)",
)
def test_a_year_10000_callback_window_already_stored_stops_nothing(world: World) -> None:
    from seafarers_home.hotline.actions.callbacks import do_request_callback, queue_due_callbacks

    give_health_consent(world.seafarer)
    start = timezone.now() - timedelta(minutes=1)
    for number in ("+870 773 000 001", "+870 773 000 002"):
        do_request_callback(
            world.seafarer,
            target="satellite",
            number=number,
            window_start=start,
            window_end=start + timedelta(hours=2),
        )
    # What the API stored before window_end was bounded.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hotline_callbackrequest SET window_end = %s WHERE number = %s",
            ["10000-01-01 13:59:59+00", "+870 773 000 002"],
        )
    assert queue_due_callbacks() == 1  # the good one is queued; the bad one stops nothing
    assert login(Client(), world.seafarer).get("/hotline/").status_code == 200
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.seafarer)}")
    listed = api.get("/api/v1/hotline/callbacks")
    assert listed.status_code == 200
    assert [row["number"] for row in listed.json()] == ["+870 773 000 001"]
