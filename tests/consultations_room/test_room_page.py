"""The room page, its ICE endpoint, the API operation and the TURN settings check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from datetime import timedelta

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from seafarers_home.accounts.actions import do_issue_api_token
from tests.personas import give_health_consent

TURN = {
    "STUN_URLS": ["stun:stun.example.cn:3478"],
    "TURN_URLS": ["turn:turn.example.cn:3478?transport=udp", "turns:turn.example.cn:5349"],
    "TURN_SECRET": "coturn-shared-secret",
    "TURN_CREDENTIAL_TTL": 600,
}


def config_of(response) -> dict:
    match = re.search(
        r'<script id="call-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert match, "the page carries no call configuration"
    return json.loads(match.group(1))


def test_it_shows_the_room_to_the_clinician_with_the_call_script(
    world, client_for, appointment_factory
):
    appointment = appointment_factory()
    response = client_for("clinician").get(reverse("consultations:room", args=[appointment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="mode" value="audio" checked' in html and 'value="video"' in html
    assert re.search(r'<script type="module" src="/static/callroom/call\.[0-9a-f]+\.js">', html)
    config = config_of(response)
    assert config["ws"] == f"/ws/consultations/{appointment.pk}/"
    assert config["peer"] == str(world.seafarer)
    assert config["strings"]["connected"] == "已接通"
    assert config["iceServers"] == []


def test_it_shows_the_room_to_the_booked_seafarer_with_consent_only(
    world, client_for, appointment_factory
):
    appointment = appointment_factory()
    url = reverse("consultations:room", args=[appointment.pk])
    client = client_for("seafarer")
    assert client.get(url).status_code == 403
    give_health_consent(world.seafarer)
    response = client.get(url)
    assert response.status_code == 200
    assert config_of(response)["peer"] == str(world.clinician)


@pytest.mark.parametrize("persona", ["outsider", "counsellor", "union_staff", "officer_a", "admin"])
def test_it_answers_404_to_everyone_else(client_for, appointment_factory, persona):
    appointment = appointment_factory()
    response = client_for(persona).get(reverse("consultations:room", args=[appointment.pk]))
    assert response.status_code == 404


def test_it_answers_404_to_another_seafarer_with_consent(world, appointment_factory):
    from tests.personas import login

    give_health_consent(world.seafarer_b)
    appointment = appointment_factory()
    client = login(Client(), world.seafarer_b)
    assert client.get(reverse("consultations:room", args=[appointment.pk])).status_code == 404


def test_it_says_when_the_room_opens_outside_its_window(world, client_for, appointment_factory):
    appointment = appointment_factory(starts_in=timedelta(hours=2))
    response = client_for("clinician").get(reverse("consultations:room", args=[appointment.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="room-closed"' in html
    assert "call-config" not in html and "call." not in html.split("room-closed")[1]
    assert '<a href="/workspace/">' in html.split("room-back")[1]  # a way back
    ice = client_for("clinician").get(reverse("consultations:ice", args=[appointment.pk]))
    assert ice.status_code == 409
    give_health_consent(world.seafarer)  # the appointment's own seafarer: back to their list
    page = client_for("seafarer").get(reverse("consultations:room", args=[appointment.pk]))
    assert page.status_code == 409
    assert '<a href="/consultations/mine/">' in page.content.decode().split("room-back")[1]


def test_it_issues_time_limited_turn_credentials_coturn_accepts(
    settings, client_for, appointment_factory
):
    for name, value in TURN.items():
        setattr(settings, name, value)
    appointment = appointment_factory()
    before = int(time.time())
    body = client_for("clinician").get(reverse("consultations:ice", args=[appointment.pk])).json()
    stun, turn = body["iceServers"]
    assert stun == {"urls": TURN["STUN_URLS"]}
    assert turn["urls"] == TURN["TURN_URLS"]
    expiry, user = turn["username"].split(":")
    assert before + 600 <= int(expiry) <= int(time.time()) + 600
    assert user == f"sh{appointment.slot.clinician_id}"
    expected = hmac.new(b"coturn-shared-secret", turn["username"].encode(), hashlib.sha1)
    assert turn["credential"] == base64.b64encode(expected.digest()).decode()
    page = client_for("clinician").get(reverse("consultations:room", args=[appointment.pk]))
    assert config_of(page)["iceServers"][1]["username"].endswith(user)


def test_it_answers_the_ice_api_to_participants_only(world, client_for, appointment_factory):
    give_health_consent(world.seafarer)
    appointment = appointment_factory()
    url = f"/api/v1/consultations/appointments/{appointment.pk}/ice"
    _, token = do_issue_api_token(world.seafarer, name="phone")
    response = client_for("outsider").get(url)
    assert response.status_code == 404
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["websocket"] == f"/ws/consultations/{appointment.pk}/"
    assert body["ice_servers"] == [] and body["expires_at"] is None
    later = appointment_factory(starts_in=timedelta(days=1))
    response = client_for("clinician").get(f"/api/v1/consultations/appointments/{later.pk}/ice")
    assert response.status_code == 409 and response.json()["code"] == "room_not_open"
    schema = client_for("clinician").get("/api/openapi.json").json()
    assert "/api/v1/consultations/appointments/{appointment_id}/ice" in schema["paths"]


def test_it_refuses_turn_urls_without_a_secret(settings):
    settings.TURN_URLS = ["turn:turn.example.cn:3478"]
    settings.TURN_SECRET = ""
    ids = {message.id for message in run_checks()}
    assert "seafarers_home.E051" in ids
    settings.TURN_SECRET = "s"
    settings.STUN_URLS = ["http://stun.example.cn"]
    ids = {message.id for message in run_checks()}
    assert "seafarers_home.E051" not in ids and "seafarers_home.E052" in ids


def test_it_lets_a_seafarer_without_consent_into_an_urgent_room(
    world, client_for, appointment_factory
):
    from seafarers_home.consultations.models_clinical import UrgentRequest

    appointment = appointment_factory()
    url = reverse("consultations:room", args=[appointment.pk])
    assert client_for("seafarer").get(url).status_code == 403
    UrgentRequest.objects.create(
        seafarer=world.seafarer,
        opened_by=world.union_staff,
        reason="在船上情绪崩溃",
        appointment=appointment,
        status=UrgentRequest.Status.IN_CALL,
    )
    # PIPL art. 13(4): a seafarer in distress is called in without a prior consent.
    assert client_for("seafarer").get(url).status_code == 200
