"""The activities' API: the activities open to me with free places, signing up once however
often it is resent (409 past the deadline or twice, nothing stored), my sign-ups with the
check-in code, confirming a place offered from the waiting list, cancelling (twice is once)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.activities.models import SignUp
from tests.api.conftest import make_token
from tests.personas import World

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def _sign_up(client: Client, activity_id: int, key: str, guests: int = 0):
    return client.post(
        f"/api/v1/activities/{activity_id}/sign-ups",
        json.dumps({"guests": guests}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_signing_up_is_idempotent_and_refusals_store_nothing(world: World, publish) -> None:
    activity = publish(capacity=1)
    client = _client(world.seafarer)
    listed = client.get("/api/v1/activities").json()
    assert [(a["id"], a["free_places"], a["open"]) for a in listed] == [(activity.pk, 1, True)]
    first = _sign_up(client, activity.pk, "k1")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert first.json()["check_in_code"] == SignUp.objects.get().code
    assert _sign_up(client, activity.pk, "k1").status_code == 200
    conflict = _sign_up(client, activity.pk, "k1", guests=1)
    assert conflict.status_code == 422 and conflict.json()["code"] == "idempotency_conflict"
    twice = _sign_up(client, activity.pk, "k2")
    assert twice.status_code == 409 and twice.json()["code"] == "already"
    start = timezone.now() + datetime.timedelta(hours=3)
    closed = publish(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        signup_deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    late = _sign_up(client, closed.pk, "k3")
    assert late.status_code == 409 and late.json()["code"] == "deadline"
    assert _sign_up(client, activity.pk, "k4", guests=9).status_code == 422  # over the schema's 5
    assert SignUp.objects.count() == 1
    officer = _client(world.officer_a).get("/api/v1/activities")
    assert officer.status_code == 403


def test_a_waiting_seafarer_confirms_the_offered_place_and_cancelling_twice_is_once(
    world: World, publish
) -> None:
    activity = publish(capacity=1)
    first = _client(world.seafarer)
    second = _client(world.seafarer_b)
    mine = _sign_up(first, activity.pk, "a").json()
    waiting = _sign_up(second, activity.pk, "b").json()
    assert waiting["status"] == "waiting" and waiting["check_in_code"] == ""
    cancel = f"/api/v1/activities/sign-ups/{mine['id']}/cancel"
    assert second.post(cancel).status_code == 404  # not theirs
    assert first.post(cancel).json()["status"] == "cancelled"
    assert first.post(cancel).json()["status"] == "cancelled"
    offered = second.get("/api/v1/activities/sign-ups/mine").json()[0]
    assert offered["status"] == "offered" and offered["offered_until"]
    confirmed = second.post(f"/api/v1/activities/sign-ups/{waiting['id']}/confirm").json()
    assert confirmed["status"] == "confirmed" and confirmed["check_in_code"]
    assert confirmed["activity"]["free_places"] == 0
