from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import LoginThrottle, RoleGrant, User
from seafarers_home.audit.models import AuditEvent
from tests.personas import PASSWORD, World

LOGIN = "/accounts/login/"


def post_login(client: Client, phone: str, password: str = PASSWORD, query: str = "", **extra):
    return client.post(LOGIN + query, {"phone": phone, "password": password}, **extra)


def signed_in_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("seafarer", "/"),
        ("outsider", "/"),
        ("officer_a", "/workspace/"),
        ("clinician", "/accounts/two-factor/"),
        ("counsellor", "/accounts/two-factor/"),
        ("union_staff", "/accounts/two-factor/"),
        ("admin", "/accounts/two-factor/"),
    ],
)
def test_it_lands_each_role_in_its_place(world: World, persona: str, landing: str) -> None:
    client = Client()
    user = world.persona(persona)
    response = post_login(client, user.phone)
    assert response.status_code == 302
    assert response["Location"] == landing
    assert signed_in_id(client) == str(user.pk)
    assert AuditEvent.objects.filter(action="auth.login", actor=user).exists()


def test_it_shows_the_login_form_with_links_to_sms_and_registration(db: None) -> None:
    response = Client().get(LOGIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="phone"' in body and 'inputmode="numeric"' in body
    assert 'autocomplete="current-password"' in body
    assert 'href="/accounts/login/sms/"' in body
    assert 'href="/accounts/register/"' in body


def test_it_follows_a_safe_next_and_ignores_an_unsafe_one(world: World) -> None:
    response = post_login(Client(), world.seafarer.phone, query="?next=/health/")
    assert response["Location"] == "/health/"
    response = post_login(Client(), world.seafarer.phone, query="?next=https://evil.example/")
    assert response["Location"] == "/"


def test_it_carries_next_through_two_factor_for_staff(world: World) -> None:
    response = post_login(Client(), world.clinician.phone, query="?next=/workspace/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Fworkspace%2F"


def test_it_switches_to_the_preferred_language(world: World) -> None:
    world.seafarer.preferred_language = "en"
    world.seafarer.save()
    client = Client()
    response = post_login(client, world.seafarer.phone)
    assert response.cookies["sh_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_it_refuses_a_wrong_password_with_a_message(world: World) -> None:
    client = Client()
    response = post_login(client, world.seafarer.phone, "wrong-password")
    assert response.status_code == 200
    assert "手机号码或密码不正确" in response.content.decode()
    assert 'class="error-box"' in response.content.decode()
    assert signed_in_id(client) is None
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.target_id == str(world.seafarer.pk)
    assert "wrong-password" not in str(event.detail)


def test_it_answers_an_unknown_number_like_a_wrong_password(world: World) -> None:
    unknown = post_login(Client(), "13912345678", "whatever-1")
    known = post_login(Client(), world.seafarer.phone, "whatever-1")
    assert unknown.status_code == known.status_code == 200
    assert "手机号码或密码不正确" in unknown.content.decode()


def test_it_locks_after_repeated_failures_and_refuses_even_the_right_password(
    world: World, settings
) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCKOUT_SECONDS = 600
    client = Client()
    for _ in range(2):
        assert post_login(client, world.seafarer.phone, "wrong-password").status_code == 200
    response = post_login(client, world.seafarer.phone, "wrong-password")
    assert response.status_code == 429
    row = LoginThrottle.objects.get(key=f"phone:{world.seafarer.phone}")
    retry_at = timezone.localtime(row.locked_until)
    body = response.content.decode()
    assert "已暂时锁定" in body
    assert retry_at.strftime("%H:%M") in body
    assert "约 10 分钟后" in body
    assert AuditEvent.objects.filter(action="auth.locked").count() == 1

    response = post_login(client, world.seafarer.phone, PASSWORD)
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    assert signed_in_id(client) is None


def test_it_tells_the_retry_time_in_english(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 1
    client = Client()
    client.cookies["sh_language"] = "en"
    response = post_login(client, world.seafarer.phone, "wrong-password")
    body = response.content.decode()
    assert "Too many attempts" in body
    assert "minutes" in body


def test_it_lets_people_in_again_when_the_lockout_has_passed(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        post_login(Client(), world.seafarer.phone, "wrong-password")
    LoginThrottle.objects.filter(key=f"phone:{world.seafarer.phone}").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    client = Client()
    response = post_login(client, world.seafarer.phone)
    assert response.status_code == 302
    assert signed_in_id(client) == str(world.seafarer.pk)
    # A completed sign-in forgets the number's failures.
    assert not LoginThrottle.objects.filter(key=f"phone:{world.seafarer.phone}").exists()


def test_it_forgets_failures_outside_the_window(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    post_login(Client(), world.seafarer.phone, "wrong-password")
    LoginThrottle.objects.filter(key=f"phone:{world.seafarer.phone}").update(
        window_started_at=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    )
    response = post_login(Client(), world.seafarer.phone, "wrong-password")
    assert response.status_code == 200
    assert "已暂时锁定" not in response.content.decode()


def test_it_locks_an_address_that_tries_many_numbers(world: World, settings) -> None:
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for phone in ("13900000001", "13900000002", "13900000003"):
        post_login(Client(), phone, "guess-1234", **attacker)
    # A number that failed from the locked address is refused, even with the right password.
    RoleGrant.objects.create(
        user=User.objects.create_user("13900000002", PASSWORD), role="seafarer"
    )
    response = post_login(Client(), "13900000002", **attacker)
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    # A fresh guess from that address is refused after its first failure.
    assert post_login(Client(), "13900000009", "guess-1234", **attacker).status_code == 429
    assert post_login(Client(), "13900000009", "guess-5678", **attacker).status_code == 429


def test_it_lets_shipmates_on_a_locked_address_sign_in(world: World, settings) -> None:
    """A ship's crew shares one satellite address: one person's lock keeps no one else out."""
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    ship = {"REMOTE_ADDR": "203.0.113.9"}
    for phone in ("13900000001", "13900000002", "13900000003"):
        post_login(Client(), phone, "guess-1234", **ship)
    assert LoginThrottle.objects.get(key="addr:203.0.113.9").locked_until is not None
    client = Client()
    response = post_login(client, world.seafarer.phone, **ship)
    assert response.status_code == 302
    assert signed_in_id(client) == str(world.seafarer.pk)


@pytest.mark.parametrize("phone", ["12345", "23800000001", "1380000000a", "138000000011", ""])
def test_it_refuses_malformed_numbers_and_changes_nothing(world: World, phone: str) -> None:
    response = post_login(Client(), phone)
    body = response.content.decode()
    assert response.status_code == 200
    assert "请输入11位中国大陆手机号码" in body or "请输入手机号码" in body
    assert 'class="errorlist' in body
    assert not LoginThrottle.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()


def test_it_explains_a_malformed_number_in_english(db: None) -> None:
    client = Client()
    client.cookies["sh_language"] = "en"
    body = post_login(client, "12345").content.decode()
    assert "11-digit mainland China mobile number" in body


@pytest.mark.parametrize("typed", ["138 0000 0001", "+86 138-0000-0001", "１３８００００００01"])
def test_it_accepts_numbers_as_people_type_them(world: World, typed: str) -> None:
    client = Client()
    assert post_login(client, typed).status_code == 302
    assert signed_in_id(client) == str(world.seafarer.pk)


def test_it_refuses_an_oversized_password_without_hashing_it(world: World) -> None:
    response = post_login(Client(), world.seafarer.phone, "x" * 5000)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not LoginThrottle.objects.exists()


def test_it_signs_out_only_by_post(client_for) -> None:
    client = client_for("seafarer")
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in_id(client) is not None
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert signed_in_id(client) is None
    assert AuditEvent.objects.filter(action="auth.logout").exists()
