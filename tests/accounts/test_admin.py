from __future__ import annotations

from django.test import Client

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.accounts.models import ApiToken, TotpDevice, User
from seafarers_home.core.session_keys import OTP_SESSION_KEY
from tests.personas import PASSWORD, World, login


def test_the_admin_shows_people_without_secrets(world: World, client_for) -> None:
    token, key = do_issue_api_token(world.clinician, name="laptop")
    device = TotpDevice.objects.get(user=world.clinician)
    client = client_for("admin")
    body = client.get(f"/admin/accounts/user/{world.clinician.pk}/change/").content.decode()
    assert "手机号码" in body and "角色" in body
    assert world.clinician.password not in body
    assert "argon2" not in body and "md5$" not in body
    assert device.secret not in body
    assert key not in body and token.key_hash not in body
    assert token.prefix in body
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/rolegrant/").status_code == 200


def test_the_admin_creates_users_without_a_password(world: World, client_for) -> None:
    client = client_for("admin")
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "phone": "139 0000 1234",
            "display_name": "新医生",
            "preferred_language": "zh-hans",
            "time_zone": "Asia/Shanghai",
            "is_active": "on",
            "role_grants-TOTAL_FORMS": "1",
            "role_grants-INITIAL_FORMS": "0",
            "role_grants-0-role": "clinician",
            "role_grants-0-organisation": str(world.clinic.pk),
            "totp_device-TOTAL_FORMS": "0",
            "totp_device-INITIAL_FORMS": "0",
            "api_tokens-TOTAL_FORMS": "0",
            "api_tokens-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(phone="13900001234")
    assert not user.has_usable_password()
    assert user.role_set == {"clinician"}
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_admin_is_closed_to_other_roles(client_for) -> None:
    response = client_for("clinician").get("/admin/accounts/user/")
    assert response.status_code == 302


def _with_otp(client: Client) -> Client:
    session = client.session
    session[OTP_SESSION_KEY] = True
    session.save()
    return client


def test_it_sends_admin_sign_in_to_the_throttled_login(world: World) -> None:
    client = Client()
    for password in ("wrong-1", "wrong-2", PASSWORD):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": world.admin.phone, "password": password, "next": "/admin/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/admin/"
        # The admin's form no longer checks passwords: nothing can be guessed through it.
        assert "_auth_user_id" not in client.session


def test_it_keeps_staff_flag_holders_without_the_role_out(world: World) -> None:
    user = world.outsider  # has accepted the terms, holds no role
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client = _with_otp(login(Client(), user))
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 403
    assert client.get("/admin/").status_code == 302


def test_it_asks_admin_flag_holders_for_two_factor(world: World) -> None:
    user = User.objects.create_user("13900004322", PASSWORD, is_staff=True)
    assert user.needs_two_factor
    response = login(Client(), user, two_factor=False).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_it_asks_administrators_for_two_factor_before_the_admin(world: World) -> None:
    client = login(Client(), world.admin, two_factor=False)
    for path in ("/admin/", "/admin/login/?next=/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/?next=%2Fadmin%2F"), path
    assert _with_otp(client).get("/admin/").status_code == 200
