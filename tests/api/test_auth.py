from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import ApiToken
from tests.api.conftest import make_token
from tests.personas import PASSWORD

ME = "/api/v1/me"


def test_it_accepts_a_valid_bearer_token(world, token_for):
    token = token_for("seafarer")
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["id"] == world.seafarer.pk
    row = ApiToken.objects.get(key_hash=ApiToken.hash_key(token))
    assert row.last_used_at is not None


def test_it_updates_last_used_at_at_most_once_a_minute(world, token_for):
    token = token_for("seafarer")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get(ME)
    row = ApiToken.objects.get(key_hash=ApiToken.hash_key(token))
    first = row.last_used_at
    client.get(ME)
    row.refresh_from_db()
    assert row.last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(ME)
    row.refresh_from_db()
    assert row.last_used_at > first - timedelta(minutes=2)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "not_authenticated"),
        ("Bearer not-a-real-token", "token_invalid"),
        ("Bearer ", "token_invalid"),
        ("Basic c2VhZmFyZXI6cHc=", "not_authenticated"),
    ],
)
def test_it_refuses_missing_or_garbage_credentials_with_json_401(world, header, code):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = Client().get(ME, **extra)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["code"] == code
    assert body["detail"]


def test_it_refuses_an_expired_token(world):
    token = make_token(world.seafarer, expires_in=timedelta(seconds=-1))
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_it_refuses_a_revoked_token(world):
    token = make_token(world.seafarer, revoked=True)
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"


def test_it_refuses_the_token_of_a_deactivated_user(world):
    token = make_token(world.seafarer)
    world.seafarer.is_active = False
    world.seafarer.save(update_fields=["is_active"])
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["code"] == "account_inactive"


def test_it_translates_the_401_message(world):
    zh = Client().get(ME, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["detail"]
    en = Client().get(ME, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert "登录" in zh
    assert "sign in" in en.lower()


def test_it_accepts_the_browser_session(client_for, world):
    response = client_for("seafarer").get(ME)
    assert response.status_code == 200
    assert response.json()["id"] == world.seafarer.pk


def test_it_requires_csrf_for_unsafe_session_requests(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.seafarer)
    response = client.patch(ME, {"display_name": "海哥"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    world.seafarer.refresh_from_db()
    assert world.seafarer.display_name == "王海"
    # The same request with the CSRF token goes through.
    client.get("/")
    csrf = client.cookies["csrftoken"].value
    response = client.patch(
        ME, {"display_name": "海哥"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200


def test_it_refuses_a_staff_session_without_two_factor(world):
    client = Client()
    client.force_login(world.clinician)
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "two_factor_required"


def test_it_exchanges_phone_and_password_for_a_working_token(world):
    response = Client().post(
        "/api/v1/auth/token",
        {"phone": world.seafarer.phone, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    me = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["id"] == world.seafarer.pk
    assert ApiToken.objects.filter(user=world.seafarer, expires_at__gt=timezone.now()).exists()


def test_it_answers_malformed_json_with_a_422(world, bearer):
    response = bearer("seafarer").patch(ME, "{not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
