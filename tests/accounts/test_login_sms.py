from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import LoginThrottle, SmsCode
from seafarers_home.audit.models import AuditEvent
from tests.accounts.conftest import last_code
from tests.personas import World

SMS = "/accounts/login/sms/"


def request_code(client: Client, phone: str, **extra):
    return client.post(SMS, {"phone": phone}, **extra)


def enter_code(client: Client, phone: str, code: str, query: str = ""):
    return client.post(SMS + query, {"phone": phone, "code": code})


def signed_in_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_it_signs_in_with_a_code_sent_by_sms(world: World, outbox) -> None:
    client = Client()
    response = request_code(client, world.seafarer.phone)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in body and 'autocomplete="one-time-code"' in body
    code = last_code(outbox, world.seafarer.phone)
    assert code not in body
    stored = SmsCode.objects.get(phone=world.seafarer.phone)
    assert code not in stored.code_hash

    response = enter_code(client, world.seafarer.phone, code, "?next=/health/")
    assert response.status_code == 302
    assert response["Location"] == "/health/"
    assert signed_in_id(client) == str(world.seafarer.pk)
    assert AuditEvent.objects.filter(action="auth.login", detail__method="sms").exists()


def test_it_sends_staff_on_to_two_factor(world: World, outbox) -> None:
    client = Client()
    request_code(client, world.counsellor.phone)
    response = enter_code(client, world.counsellor.phone, last_code(outbox, world.counsellor.phone))
    assert response["Location"] == "/accounts/two-factor/"


def test_it_answers_the_same_for_an_unregistered_number_and_sends_nothing(
    world: World, outbox
) -> None:
    def page(phone: str) -> str:
        body = request_code(Client(), phone).content.decode().replace(phone, "N")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert page(world.seafarer.phone) == page("13911112222")
    assert [to for to, _ in outbox] == [world.seafarer.phone]
    # The resend throttle applies to both alike.
    assert request_code(Client(), "13911112222").status_code == 429


def test_it_refuses_a_wrong_code_and_counts_the_attempt(world: World, outbox) -> None:
    client = Client()
    request_code(client, world.seafarer.phone)
    code = last_code(outbox, world.seafarer.phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = enter_code(client, world.seafarer.phone, wrong)
    assert response.status_code == 200
    assert "验证码不正确,还可以再试 4 次" in response.content.decode()
    assert signed_in_id(client) is None
    assert SmsCode.objects.get().attempts == 1
    assert LoginThrottle.objects.get(key=f"phone:{world.seafarer.phone}").failures == 1


def test_it_kills_a_code_after_too_many_wrong_attempts(world: World, outbox, settings) -> None:
    settings.SMS_CODE_MAX_ATTEMPTS = 3
    client = Client()
    request_code(client, world.seafarer.phone)
    code = last_code(outbox, world.seafarer.phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(2):
        enter_code(client, world.seafarer.phone, wrong)
    response = enter_code(client, world.seafarer.phone, wrong)
    assert "错误次数过多,该验证码已失效" in response.content.decode()
    response = enter_code(client, world.seafarer.phone, code)
    assert "错误次数过多,该验证码已失效" in response.content.decode()
    assert signed_in_id(client) is None
    assert SmsCode.objects.get().used_at is None


def test_it_refuses_an_expired_code(world: World, outbox) -> None:
    client = Client()
    request_code(client, world.seafarer.phone)
    SmsCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = enter_code(client, world.seafarer.phone, last_code(outbox, world.seafarer.phone))
    assert "验证码已过期" in response.content.decode()
    assert signed_in_id(client) is None
    assert SmsCode.objects.get().used_at is None


def test_it_refuses_a_replayed_code(world: World, outbox) -> None:
    first = Client()
    request_code(first, world.seafarer.phone)
    code = last_code(outbox, world.seafarer.phone)
    assert enter_code(first, world.seafarer.phone, code).status_code == 302
    used_at = SmsCode.objects.get().used_at

    second = Client()
    response = enter_code(second, world.seafarer.phone, code)
    assert "该验证码已经使用过" in response.content.decode()
    assert signed_in_id(second) is None
    assert SmsCode.objects.get().used_at == used_at


def test_it_only_accepts_the_newest_code(world: World, outbox, settings) -> None:
    settings.SMS_CODE_RESEND_SECONDS = 0
    client = Client()
    request_code(client, world.seafarer.phone)
    old = last_code(outbox, world.seafarer.phone)
    request_code(client, world.seafarer.phone)
    new = last_code(outbox, world.seafarer.phone)
    if old != new:
        response = enter_code(client, world.seafarer.phone, old)
        assert "已被新发送的验证码取代" in response.content.decode()
    assert enter_code(client, world.seafarer.phone, new).status_code == 302


def test_it_refuses_a_code_never_requested(world: World) -> None:
    response = enter_code(Client(), world.seafarer.phone, "123456")
    assert "请先获取验证码" in response.content.decode()


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", ""])
def test_it_refuses_malformed_codes_without_counting_them(world: World, outbox, code) -> None:
    client = Client()
    request_code(client, world.seafarer.phone)
    response = enter_code(client, world.seafarer.phone, code)
    assert "请输入6位数字验证码" in response.content.decode()
    assert SmsCode.objects.get().attempts == 0


def test_it_throttles_resending(world: World, outbox) -> None:
    client = Client()
    request_code(client, world.seafarer.phone)
    response = request_code(client, world.seafarer.phone)
    assert response.status_code == 429
    assert "秒后再获取验证码" in response.content.decode()
    assert len(outbox) == 1
    assert SmsCode.objects.count() == 1


def test_it_limits_codes_per_day(world: World, outbox, settings) -> None:
    settings.SMS_CODES_PER_DAY = 2
    for _ in range(2):
        request_code(Client(), world.seafarer.phone)
        SmsCode.objects.update(created_at=timezone.now() - timedelta(hours=1))
    response = request_code(Client(), world.seafarer.phone)
    assert response.status_code == 429
    assert "今天获取验证码的次数已达上限" in response.content.decode()
    assert len(outbox) == 2


def test_it_locks_the_number_after_repeated_wrong_codes(world: World, outbox, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    client = Client()
    request_code(client, world.seafarer.phone)
    code = last_code(outbox, world.seafarer.phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    enter_code(client, world.seafarer.phone, wrong)
    response = enter_code(client, world.seafarer.phone, wrong)
    assert response.status_code == 429
    response = enter_code(client, world.seafarer.phone, code)
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    assert signed_in_id(client) is None


def test_it_refuses_a_malformed_number_and_sends_nothing(db: None, outbox) -> None:
    response = request_code(Client(), "0571-1234567")
    assert "请输入11位中国大陆手机号码" in response.content.decode()
    assert outbox == []
    assert not SmsCode.objects.exists()
