"""The wallet's API: a seafarer records a certificate once however often it is resent, lists
the wallet with validity on their own day, corrects one; fields that contradict each other are
refused (409, nothing stored); a provider's record stays as issued; others get 403 or 404."""

from __future__ import annotations

import datetime
import json

from django.test import Client

from seafarers_home.certificates.actions import do_issue_certificate
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.validity import today_for
from tests.api.conftest import make_token
from tests.personas import World


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def _body(world: World, **changes) -> dict:
    today = today_for(world.seafarer)
    body = {
        "kind": "basic_safety",
        "number": "BST-9",
        "issuer": "舟山海事局",
        "issued_on": (today - datetime.timedelta(days=100)).isoformat(),
        "expires_on": (today + datetime.timedelta(days=30)).isoformat(),
    }
    body.update(changes)
    return body


def _post(client: Client, body: dict, key: str = "k-1"):
    return client.post(
        "/api/v1/certificates",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_certificate_is_recorded_once_and_listed_with_its_validity(world: World) -> None:
    client = _client(world.seafarer)
    first = _post(client, _body(world))
    assert first.status_code == 201
    again = _post(client, _body(world))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = _post(client, _body(world, number="BST-10"))
    assert other.status_code == 422 and other.json()["code"] == "idempotency_conflict"
    assert Certificate.objects.filter(seafarer=world.seafarer).count() == 1
    listed = client.get("/api/v1/certificates").json()
    assert [(c["number"], c["status"], c["days_left"]) for c in listed] == [("BST-9", "soon", 30)]
    kinds = {k["code"]: k for k in client.get("/api/v1/certificates/kinds").json()}
    assert kinds["seafarers_book"]["expires"] is False


def test_contradicting_or_malformed_fields_store_nothing(world: World) -> None:
    client = _client(world.seafarer)
    today = today_for(world.seafarer)
    early = (today - datetime.timedelta(days=200)).isoformat()
    refused = _post(client, _body(world, expires_on=early), key="a")
    assert refused.status_code == 409 and refused.json()["code"] == "invalid"
    assert "到期日期不能早于签发日期" in refused.json()["errors"]["expires_on"]
    no_expiry = _post(client, _body(world, expires_on=None), key="b")
    assert no_expiry.status_code == 409 and "expires_on" in no_expiry.json()["errors"]
    for key, change in enumerate(
        [
            {"kind": "pirate_licence"},
            {"number": "   "},
            {"issued_on": "1899-12-31"},
            {"issued_on": "2023-02-29"},
            {"issued_on": 0},
        ]
    ):
        response = _post(client, _body(world, **change), key=f"c{key}")
        assert response.status_code == 422, change
    assert not Certificate.objects.exists()


def test_a_certificate_is_corrected_and_a_providers_record_is_not(world: World) -> None:
    client = _client(world.seafarer)
    mine = _post(client, _body(world)).json()["id"]
    renewed = (today_for(world.seafarer) + datetime.timedelta(days=1800)).isoformat()
    url = f"/api/v1/certificates/{mine}"
    response = client.patch(url, json.dumps({"expires_on": renewed}), "application/json")
    assert response.status_code == 200 and response.json()["status"] == "valid"
    assert Certificate.objects.get(pk=mine).number == "BST-9"  # unchanged fields stay
    issued = do_issue_certificate(
        world.seafarer,
        provider=world.training_provider,
        by=world.training_officer,
        kind="crewmate_in_crisis",
        number="CIC-1",
        issued_on=today_for(world.seafarer),
        expires_on=today_for(world.seafarer) + datetime.timedelta(days=1000),
    )
    response = client.patch(
        f"/api/v1/certificates/{issued.pk}", json.dumps({"number": "X"}), "application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "provider_record"
    assert Certificate.objects.get(pk=issued.pk).number == "CIC-1"
    other = _client(world.seafarer_b).patch(url, json.dumps({"number": "Y"}), "application/json")
    assert other.status_code == 404
    officer = _client(world.training_officer).get("/api/v1/certificates")
    assert officer.status_code == 403
