"""The courses' API: sessions with free seats, one session with my prerequisites against my
wallet, applying (idempotent; prerequisites refused with the reason, 409, nothing stored), my
applications with their status, confirming a seat offered from the waiting list, withdrawing."""

from __future__ import annotations

import json

from django.test import Client

from seafarers_home.courses.actions.applying import do_apply, do_withdraw_application
from seafarers_home.courses.actions.deciding import do_decide_application
from seafarers_home.courses.models import Application
from tests.api.conftest import make_token
from tests.courses.conftest import hold, publish
from tests.personas import World


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def _apply(client: Client, session_id: int, key: str, note: str = ""):
    return client.post(
        f"/api/v1/courses/sessions/{session_id}/applications",
        json.dumps({"note": note}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_applying_checks_the_wallet_and_is_idempotent(world: World) -> None:
    session = publish(world, seats=1, prerequisites=("basic_safety",))
    client = _client(world.seafarer)
    listed = client.get("/api/v1/courses/sessions").json()
    assert [(s["id"], s["free_seats"], s["prerequisites"]) for s in listed] == [
        (session.pk, 1, ["basic_safety"])
    ]
    detail = client.get(f"/api/v1/courses/sessions/{session.pk}").json()
    assert detail["requirements"][0]["met"] is False
    refused = _apply(client, session.pk, "a1")
    assert refused.status_code == 409 and "基本安全培训合格证" in refused.json()["detail"]
    assert not Application.objects.exists()
    hold(world.seafarer, "basic_safety", expires_in=700)
    created = _apply(client, session.pk, "a2", note="大副")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    assert _apply(client, session.pk, "a2", note="大副").status_code == 200
    for key, note in (("a2", "船长"), ("a3", "")):  # applying again answers the live one
        again = _apply(client, session.pk, key, note=note)
        assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    assert Application.objects.count() == 1
    mine = client.get("/api/v1/courses/applications").json()
    assert [(a["status"], a["session"]["id"]) for a in mine] == [("pending", session.pk)]


def test_a_seat_offered_from_the_waiting_list_is_confirmed_through_the_api(
    world: World,
) -> None:
    session = publish(world, seats=1)
    first = do_apply(world.seafarer, session)
    second = do_apply(world.seafarer_b, session)
    for application in (first, second):
        do_decide_application(application, world.training_officer, approve=True)
    client = _client(world.seafarer_b)
    url = f"/api/v1/courses/applications/{second.pk}/confirm"
    early = client.post(url)
    assert early.status_code == 409 and early.json()["code"] == "refused"
    do_withdraw_application(first, world.seafarer)
    offered = client.get("/api/v1/courses/applications").json()[0]
    assert offered["status"] == "offered" and offered["offered_until"]
    assert client.post(url).json()["status"] == "approved"
    assert _client(world.seafarer).post(url).status_code == 404
    withdrawn = client.post(f"/api/v1/courses/applications/{second.pk}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = client.post(f"/api/v1/courses/applications/{second.pk}/withdraw")
    assert again.status_code == 409
