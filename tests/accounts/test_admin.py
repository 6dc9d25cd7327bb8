from __future__ import annotations

from seafarers_home.accounts.models import ApiToken, TotpDevice, User
from seafarers_home.accounts.services import do_issue_api_token
from tests.personas import World


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
