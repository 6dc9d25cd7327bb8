"""Staff sessions (issue 18 item 10): nothing but the factor step, sign-out and the help pages
before the second factor, on every URL of the project; staff signed out after an idle time
that seafarers' sessions survive."""

from __future__ import annotations

import time
from functools import cached_property
from typing import Any

import pyotp
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.accounts.models import ApiToken, TotpDevice
from seafarers_home.audit.models import AuditEvent
from tests.personas import PASSWORD, World, login
from tests.test_permissions import RULES, _request, _routes, build_path

# What a half-signed-in staff member may reach (accounts/middleware.py, HALF_SIGNED_IN_ALLOWED).
# Written out here so that widening the allow-list is a visible change to this test.
ALLOWED_BEFORE_FACTOR = {
    "accounts:two_factor",
    "accounts:logout",
    "accounts:login",
    "accounts:login_sms",
    "core:help",
    "core:healthz",
    "consent:privacy",
    "consent:document",
    "set_language",
    "api:issue_token",
    "api:openapi-json",
    "api:openapi-view",
}


def _held_at_the_factor(client: Client, response: Any) -> bool:
    """Sent to the factor step and shown its form there (after the factor the step itself
    sends one on), or refused by the API for want of it."""
    if response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/"):
        return client.get(response["Location"]).status_code == 200
    return response.status_code == 401 and b"two_factor_required" in response.content


def _password_step(client: Client, phone: str) -> None:
    response = client.post("/accounts/login/", {"phone": phone, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"


def _held_routes(client: Client, world: World) -> set[str]:
    """The URL names (every route of the permission matrix but sign-out) this client is held
    at the factor step on. Each route's objects are made and its request answered in a
    savepoint that is rolled back, so that the rules' fixtures (one open episode per seafarer
    …) do not clash. Sign-out is tried last, by the caller: it would end the session."""
    # The personas built on first use (cached properties of World) are built here, outside the
    # savepoints: one built inside a rolled-back savepoint would stay cached without its rows.
    for attribute, value in vars(type(world)).items():
        if isinstance(value, cached_property):
            getattr(world, attribute)
    held = set()
    for route, name in _routes():
        if name == "accounts:logout":
            continue
        with transaction.atomic():
            rule = RULES[name]
            response = _request(client, rule, build_path(route, rule.kwargs(world)))
            if _held_at_the_factor(client, response):
                held.add(name)
            transaction.set_rollback(True)
    return held


def test_every_url_waits_for_the_second_factor_then_opens(world: World) -> None:
    client = Client()
    _password_step(client, world.clinician.phone)
    names = {name for _route, name in _routes()}
    assert len(names) > 100  # the whole matrix, not a sample

    # The sign-in page is open, but sends a signed-in staff member on to the factor step.
    expected_open = ALLOWED_BEFORE_FACTOR - {"accounts:logout", "accounts:login"}
    assert names - _held_routes(client, world) - {"accounts:logout"} == expected_open
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" in client.session  # still half signed in

    code = pyotp.TOTP(TotpDevice.objects.get(user=world.clinician).secret).now()
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
    assert _held_routes(client, world) == set()
    assert client.get("/workspace/").status_code == 200


def test_the_password_step_alone_cannot_change_the_profile_or_revoke_tokens(
    world: World,
) -> None:
    token, _plaintext = do_issue_api_token(world.union_staff, name="laptop")
    client = Client()
    _password_step(client, world.union_staff.phone)

    response = client.post(
        "/accounts/profile/",
        {"display_name": "改过的名字", "preferred_language": "en", "time_zone": "UTC"},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "two_factor_required"

    world.union_staff.refresh_from_db()
    assert world.union_staff.display_name != "改过的名字"
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    # The help page and sign-out stay open.
    assert client.get("/help/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def _idle(settings: Any, seconds: float = 3.0) -> float:
    """A short idle limit for the test (the setting is in minutes); returns a longer pause.
    Long enough that a slow request on a busy machine is not taken for idleness."""
    settings.STAFF_IDLE_TIMEOUT_MINUTES = seconds / 60
    return seconds + 0.5


def test_an_idle_clinician_is_signed_out_with_a_notice(world: World, settings: Any) -> None:
    pause = _idle(settings)
    client = login(Client(), world.clinician)
    assert client.get("/alerts/").status_code == 200

    time.sleep(pause)
    response = client.get("/alerts/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Falerts%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "没有操作,为保护数据已自动退出" in page
    assert AuditEvent.objects.filter(action="auth.idle_timeout", actor=world.clinician).exists()
    # Signed out for good: the next page asks for a sign-in again, without the notice.
    again = client.get("/alerts/")
    assert again.status_code == 302 and again["Location"].startswith("/accounts/login/")


def test_the_notice_is_translated(world: World, settings: Any) -> None:
    pause = _idle(settings)
    client = login(Client(), world.counsellor)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/workspace/").status_code == 200
    time.sleep(pause)
    page = client.get("/workspace/", follow=True).content.decode()
    assert "signed out" in page and "没有操作" not in page


def test_activity_keeps_a_staff_session_open(world: World, settings: Any) -> None:
    _idle(settings)
    client = login(Client(), world.clinician)
    deadline = time.monotonic() + 5.0  # longer than the idle limit, never idle that long
    while time.monotonic() < deadline:
        assert client.get("/alerts/").status_code == 200
        time.sleep(0.2)


def test_a_seafarer_session_survives_the_same_idle_time(world: World, settings: Any) -> None:
    pause = _idle(settings)
    client = login(Client(), world.seafarer)
    assert client.get("/accounts/profile/").status_code == 200
    time.sleep(pause)
    assert client.get("/accounts/profile/").status_code == 200
    assert client.session["_auth_user_id"] == str(world.seafarer.pk)


def test_an_idle_session_on_the_api_answers_401(world: World, settings: Any) -> None:
    pause = _idle(settings)
    client = login(Client(), world.clinician)
    assert client.get("/api/v1/me").status_code == 200
    time.sleep(pause)
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "session_expired"
    assert "_auth_user_id" not in client.session
