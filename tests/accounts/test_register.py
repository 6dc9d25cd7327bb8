from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.accounts.models import Role, SmsCode, User
from seafarers_home.consent.models import ConsentRecord
from tests.accounts.conftest import last_code
from tests.personas import PASSWORD, World

REGISTER = "/accounts/register/"
NEW_PHONE = "13712345678"


def start(client: Client, phone: str = NEW_PHONE):
    return client.post(REGISTER, {"phone": phone})


def finish(client: Client, code: str, phone: str = NEW_PHONE, **overrides):
    data = {
        "phone": phone,
        "code": code,
        "display_name": "小张",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "accept_terms": "on",
        "accept_privacy": "on",
    }
    data.update(overrides)
    return client.post(REGISTER, {k: v for k, v in data.items() if v is not None})


def test_it_registers_a_seafarer_with_consent_records(
    db: None, outbox, consent_documents, settings
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    client = Client()
    response = start(client)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    response = finish(client, last_code(outbox, NEW_PHONE))
    assert response.status_code == 302
    # Onboarding: the seafarer profile first, then the health services (issue 16 item 5).
    assert response["Location"] == "/organisations/me/?next=%2Fhealth%2F"

    user = User.objects.get(phone=NEW_PHONE)
    assert user.display_name == "小张"
    assert user.password.startswith("argon2")
    assert user.role_set == {Role.SEAFARER}
    accepted = set(
        ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).values_list(
            "document_id", flat=True
        )
    )
    assert accepted == {d.pk for d in consent_documents.values()}
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"accept_terms": None}, "请阅读并同意服务条款"),
        ({"accept_privacy": None}, "请阅读并同意隐私政策"),
        ({"password_again": "Another-2026!"}, "两次输入的密码不一致"),
        ({"password": "12345678", "password_again": "12345678"}, "这个密码"),
        # In Chinese, as every other refusal (Django 5.2's own catalogue lacks this one).
        ({"password": "Ab3!x", "password_again": "Ab3!x"}, "密码太短:至少需要 8 个字符"),
        ({"display_name": ""}, "请填写称呼"),
        ({"display_name": "名" * 61}, "61"),
    ],
)
def test_it_refuses_bad_input_and_keeps_the_code(
    db: None, outbox, consent_documents, overrides, message
) -> None:
    client = Client()
    start(client)
    code = last_code(outbox, NEW_PHONE)
    response = finish(client, code, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(phone=NEW_PHONE).exists()
    assert SmsCode.objects.get().used_at is None
    # The same code still works once the form is right.
    assert finish(client, code).status_code == 302


def test_it_refuses_a_wrong_code(db: None, outbox, consent_documents) -> None:
    client = Client()
    start(client)
    code = last_code(outbox, NEW_PHONE)
    response = finish(client, f"{(int(code) + 1) % 1_000_000:06d}")
    assert "验证码不正确" in response.content.decode()
    assert not User.objects.filter(phone=NEW_PHONE).exists()


def test_it_does_not_send_a_code_to_a_registered_number(
    world: World, outbox, consent_documents
) -> None:
    response = start(Client(), world.seafarer.phone)
    assert response.status_code == 200
    assert outbox and "已注册" in outbox[-1][1]
    assert not any(ch.isdigit() for ch in outbox[-1][1].replace("海员之家", ""))


def test_it_refuses_a_login_code_for_registration(world: World, outbox) -> None:
    client = Client()
    client.post("/accounts/login/sms/", {"phone": world.seafarer.phone})
    code = last_code(outbox, world.seafarer.phone)
    response = finish(client, code, phone=world.seafarer.phone)
    assert response.status_code == 200
    assert User.objects.filter(phone=world.seafarer.phone).count() == 1


def test_it_refuses_a_malformed_number(db: None, outbox) -> None:
    response = start(Client(), "1381234567")
    assert "请输入11位中国大陆手机号码" in response.content.decode()
    assert outbox == []


def test_the_password_rules_are_shown_before_the_first_try(db: None, outbox) -> None:
    client = Client()
    page = start(client).content.decode()
    assert "你的密码必须包含至少 8 个字符" in page and "不能全都是数字" in page
