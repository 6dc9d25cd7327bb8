from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from seafarers_home.accounts.models import LoginThrottle, TotpDevice
from seafarers_home.accounts.services import verify_totp
from seafarers_home.audit.models import AuditEvent
from tests.personas import PASSWORD, World

TWO_FACTOR = "/accounts/two-factor/"


def password_login(client: Client, phone: str, query: str = "") -> None:
    response = client.post("/accounts/login/" + query, {"phone": phone, "password": PASSWORD})
    assert response.status_code == 302


def current_code(user) -> str:
    return pyotp.TOTP(TotpDevice.objects.get(user=user).secret).now()


@pytest.mark.parametrize("persona", ["clinician", "counsellor", "union_staff", "admin"])
def test_it_keeps_staff_out_until_a_valid_code(world: World, persona: str) -> None:
    user = world.persona(persona)
    client = Client()
    password_login(client, user.phone)
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fworkspace%2F"

    response = client.post(response["Location"], {"code": current_code(user)})
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"
    assert client.get("/workspace/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor", actor=user).exists()


def test_it_rotates_the_session_key_on_success(world: World) -> None:
    client = Client()
    password_login(client, world.clinician.phone)
    before = client.session.session_key
    client.post(TWO_FACTOR, {"code": current_code(world.clinician)})
    assert client.session.session_key != before
    assert client.session["otp_verified"] is True


def test_it_ignores_an_unsafe_next(world: World) -> None:
    client = Client()
    password_login(client, world.clinician.phone)
    response = client.post(
        TWO_FACTOR + "?next=//evil.example/", {"code": current_code(world.clinician)}
    )
    assert response["Location"] == "/workspace/"


def test_it_refuses_a_wrong_code(world: World) -> None:
    client = Client()
    password_login(client, world.clinician.phone)
    code = current_code(world.clinician)
    wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"
    response = client.post(TWO_FACTOR, {"code": wrong})
    assert response.status_code == 200
    assert "动态码不正确" in response.content.decode()
    assert not client.session.get("otp_verified")
    assert client.get("/workspace/").status_code == 302


def test_it_refuses_a_replayed_code(world: World) -> None:
    code = current_code(world.clinician)
    first = Client()
    password_login(first, world.clinician.phone)
    assert first.post(TWO_FACTOR, {"code": code}).status_code == 302

    second = Client()
    password_login(second, world.clinician.phone)
    response = second.post(TWO_FACTOR, {"code": code})
    assert response.status_code == 200
    assert "刚刚已经用过" in response.content.decode()
    assert not second.session.get("otp_verified")


def test_verify_totp_accepts_a_code_once(world: World) -> None:
    code = current_code(world.union_staff)
    assert verify_totp(world.union_staff, code) is True
    assert verify_totp(world.union_staff, code) is False


def test_it_counts_wrong_codes_toward_the_lockout(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    password_login(client, world.clinician.phone)
    code = current_code(world.clinician)
    wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"
    for _ in range(2):
        client.post(TWO_FACTOR, {"code": wrong})
    # Signing in with the password again does not reset the count for staff.
    password_login(client, world.clinician.phone)
    response = client.post(TWO_FACTOR, {"code": wrong})
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    response = client.post(TWO_FACTOR, {"code": code})
    assert response.status_code == 429
    assert not client.session.get("otp_verified")


def test_it_clears_failures_after_a_completed_sign_in(world: World) -> None:
    client = Client()
    password_login(client, world.clinician.phone)
    client.post(TWO_FACTOR, {"code": "000000"})
    assert LoginThrottle.objects.filter(key=f"phone:{world.clinician.phone}").exists()
    client.post(TWO_FACTOR, {"code": current_code(world.clinician)})
    assert not LoginThrottle.objects.filter(key=f"phone:{world.clinician.phone}").exists()


def test_it_enrols_a_new_staff_member(world: World) -> None:
    TotpDevice.objects.filter(user=world.counsellor).delete()
    client = Client()
    password_login(client, world.counsellor.phone)
    response = client.get(TWO_FACTOR)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    device = TotpDevice.objects.get(user=world.counsellor)
    assert device.confirmed_at is None
    assert device.secret[:4] + " " + device.secret[4:8] in body
    # Reloading keeps the same secret.
    client.get(TWO_FACTOR)
    assert TotpDevice.objects.get(user=world.counsellor).secret == device.secret

    response = client.post(TWO_FACTOR, {"code": "000000"})
    assert "动态码不正确" in response.content.decode()
    assert TotpDevice.objects.get(user=world.counsellor).confirmed_at is None

    response = client.post(TWO_FACTOR, {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302
    assert TotpDevice.objects.get(user=world.counsellor).confirmed_at is not None
    assert client.get("/workspace/").status_code == 200
    assert AuditEvent.objects.filter(action="totp.enrolled", actor=world.counsellor).exists()


def test_it_stores_the_secret_encrypted(world: World) -> None:
    from django.db import connection

    device = TotpDevice.objects.get(user=world.clinician)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        (stored,) = cursor.fetchone()
    assert device.secret not in stored


def test_it_sends_people_without_a_staff_role_home(client_for) -> None:
    response = client_for("seafarer").get(TWO_FACTOR)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_asks_anonymous_visitors_to_sign_in(db: None) -> None:
    response = Client().get(TWO_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
