from __future__ import annotations

import json
from datetime import datetime

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import ApiToken, TotpDevice
from seafarers_home.audit.models import AuditEvent
from tests.personas import PASSWORD, World

TOKEN = "/api/v1/auth/token"


def post(body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return Client().post(TOKEN, data, content_type="application/json", **extra)


def test_it_issues_a_token_for_a_seafarer(world: World) -> None:
    response = post({"phone": world.seafarer.phone, "password": PASSWORD, "name": "手机"})
    assert response.status_code == 200
    data = response.json()
    assert data["token_type"] == "Bearer"
    assert data["user"] == {
        "id": world.seafarer.pk,
        "display_name": "王海",
        "roles": ["seafarer"],
    }
    token = ApiToken.objects.get(user=world.seafarer)
    assert token.name == "手机"
    assert token.key_hash == ApiToken.hash_key(data["token"])
    assert data["token"] not in (token.key_hash, token.prefix)
    assert data["token"].startswith(token.prefix)
    assert abs(datetime.fromisoformat(data["expires_at"]) - token.expires_at).total_seconds() < 1
    assert token.expires_at > timezone.now()
    assert AuditEvent.objects.filter(action="api_token.issued", actor=world.seafarer).exists()
    # The token endpoint never starts a browser session.
    assert "sessionid" not in response.cookies


def test_the_token_authenticates_api_requests(world: World) -> None:
    token = post({"phone": world.seafarer.phone, "password": PASSWORD}).json()["token"]
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["id"] == world.seafarer.pk


def test_it_refuses_a_wrong_password(world: World) -> None:
    response = post({"phone": world.seafarer.phone, "password": "nope-nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_staff_need_a_totp_code(world: World) -> None:
    response = post({"phone": world.clinician.phone, "password": PASSWORD})
    assert response.status_code == 401
    assert response.json()["code"] == "totp_required"
    assert not ApiToken.objects.exists()


def test_staff_with_a_wrong_totp_code_are_refused(world: World) -> None:
    secret = TotpDevice.objects.get(user=world.clinician).secret
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 500_000) % 1_000_000:06d}"
    response = post({"phone": world.clinician.phone, "password": PASSWORD, "totp_code": wrong})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_totp"
    assert not ApiToken.objects.exists()


def test_staff_with_a_valid_totp_code_get_a_token_once(world: World) -> None:
    code = pyotp.TOTP(TotpDevice.objects.get(user=world.clinician).secret).now()
    body = {"phone": world.clinician.phone, "password": PASSWORD, "totp_code": code}
    response = post(body)
    assert response.status_code == 200
    assert response.json()["user"]["roles"] == ["clinician"]
    replay = post(body)
    assert replay.status_code == 401
    assert replay.json()["code"] == "invalid_totp"


def test_a_locked_number_gets_429_with_retry_after(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_SECONDS = 300
    post({"phone": world.seafarer.phone, "password": "nope-nope"})
    response = post({"phone": world.seafarer.phone, "password": "nope-nope"})
    assert response.status_code == 429
    response = post({"phone": world.seafarer.phone, "password": PASSWORD})
    assert response.status_code == 429
    data = response.json()
    assert data["code"] == "locked"
    assert 290 <= data["retry_after"] <= 300
    assert response["Retry-After"] == str(data["retry_after"])
    assert not ApiToken.objects.exists()


def test_the_api_and_the_web_share_the_lockout(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        Client().post("/accounts/login/", {"phone": world.seafarer.phone, "password": "x-x-x-x"})
    assert post({"phone": world.seafarer.phone, "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        {"password": PASSWORD},
        {"phone": "12345", "password": PASSWORD},
        {"phone": "13800000001\n", "password": PASSWORD},
        {"phone": "13800000001", "password": ""},
        {"phone": "13800000001", "password": "x" * 129},
        {"phone": "13800000001", "password": PASSWORD, "totp_code": "12ab56"},
        {"phone": "13800000001", "password": PASSWORD, "name": "n" * 81},
    ],
)
def test_it_answers_malformed_bodies_with_422(world: World, body) -> None:
    response = post(body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    assert all({"loc", "msg", "type"} <= set(error) for error in detail)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "chinese", "english"),
    [
        (
            {"phone": "12345", "password": PASSWORD},
            "phone",
            "请输入11位中国大陆手机号码",
            "11-digit mainland China mobile number",
        ),
        ({"password": PASSWORD}, "phone", "此项为必填项。", "This field is required."),
        ({"phone": 13800000001, "password": PASSWORD}, "phone", "格式不正确。", "malformed"),
        (
            {"phone": "13800000001", "password": "x" * 129},
            "password",
            "内容过长,最多 128 个字符。",
            "too long: at most 128 characters",
        ),
        (
            {"phone": "13800000001", "password": PASSWORD, "totp_code": "12ab56"},
            "totp_code",
            "格式不正确。",
            "malformed",
        ),
    ],
)
def test_it_explains_field_errors_in_the_users_language(
    world: World, body, field: str, chinese: str, english: str
) -> None:
    for headers, words in (({}, chinese), ({"HTTP_ACCEPT_LANGUAGE": "en"}, english)):
        response = post(body, **headers)
        assert response.status_code == 422
        errors = response.json()["detail"]
        messages = [e["msg"] for e in errors if e["loc"][-1] == field]
        assert messages and words.lower() in messages[0].lower(), errors
        assert "should" not in response.content.decode()  # no pydantic English


def test_the_openapi_document_describes_the_endpoint(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"][TOKEN]["post"]
    assert set(operation["responses"]) >= {"200", "401", "422", "429"}
    assert "security" not in operation or operation["security"] in ([], [{}])
