from __future__ import annotations

import secrets

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.test import override_settings

from tests.ops.conftest import clean_env, manage

# The system checks in this process with settings overridden, and `manage.py check` in
# subprocesses with settings of their own: nothing reads the suite's database or Redis.
pytestmark = pytest.mark.suite_independent

GOOD = {
    "DEBUG": False,
    "FIELD_ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
    "SMS_BACKEND": "seafarers_home.accounts.sms.HttpGatewaySmsBackend",
    "SMS_GATEWAY_URL": "https://sms.example.org/send",
    "TIME_ZONE": "Asia/Shanghai",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": ["seafarers.example.org"],
    "PLATFORM_HOTLINE_NUMBER": "0580-2620120",
    "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
    "PRIVACY_CONTACT_EMAIL": "privacy@seafarers.example.org",
    "PRIVACY_CONTACT_PHONE": "",
}


def our_messages() -> dict[str, object]:
    return {m.id: m for m in run_checks() if m.id and m.id.startswith("seafarers_home.")}


def test_it_is_silent_with_good_settings():
    with override_settings(**GOOD):
        assert our_messages() == {}
    development = {**GOOD, "REDIS_URL": "", "FIELD_ENCRYPTION_KEYS": [], "DEBUG": True}
    with override_settings(**development):
        assert our_messages() == {}


@pytest.mark.parametrize(
    ("bad", "check_id", "words"),
    [
        ({"FIELD_ENCRYPTION_KEYS": ["not-a-key"]}, "seafarers_home.E001", "Fernet"),
        ({"FIELD_ENCRYPTION_KEYS": []}, "seafarers_home.W001", "SECRET_KEY"),
        ({"SMS_BACKEND": "seafarers_home.accounts.sms.Nope"}, "seafarers_home.E002", "imported"),
        (
            {"SMS_BACKEND": "seafarers_home.accounts.sms.ConsoleSmsBackend"},
            "seafarers_home.W002",
            "console",
        ),
        ({"SMS_GATEWAY_URL": ""}, "seafarers_home.E007", "SMS_GATEWAY_URL"),
        ({"TIME_ZONE": "Mars/Olympus_Mons"}, "seafarers_home.E003", "TIME_ZONE"),
        ({"REDIS_URL": "http://127.0.0.1:6379/0"}, "seafarers_home.E004", "REDIS_URL"),
        ({"ALLOWED_HOSTS": []}, "seafarers_home.E005", "ALLOWED_HOSTS"),
        ({"PLATFORM_HOTLINE_NUMBER": " "}, "seafarers_home.E006", "hotline"),
        ({"PRIVACY_CONTACT_EMAIL": " "}, "seafarers_home.W003", "PRIVACY_CONTACT_PHONE"),
    ],
)
def test_it_reports_each_bad_setting(bad, check_id, words):
    with override_settings(**{**GOOD, **bad}):
        messages = our_messages()
    assert set(messages) == {check_id}
    message = messages[check_id]
    assert words in message.msg
    assert message.hint
    assert message.is_serious() == check_id.split(".")[1].startswith("E")


def test_it_warns_about_the_console_sms_backend_only_when_debug_is_off():
    console = {**GOOD, "SMS_BACKEND": "seafarers_home.accounts.sms.ConsoleSmsBackend"}
    with override_settings(**{**console, "DEBUG": True}):
        assert "seafarers_home.W002" not in our_messages()


def test_it_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = manage("check", env=clean_env(tmp_path, DEBUG="0"))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "DEBUG is off" in result.stderr


@pytest.mark.parametrize("value", ["20000,50", "20000,fifty,100", "0,10,10", "-1,10,10"])
def test_it_refuses_to_start_with_bad_gc_thresholds(tmp_path, value):
    result = manage("check", env=clean_env(tmp_path, DEBUG="1", GC_THRESHOLDS=value))
    assert result.returncode != 0
    assert "GC_THRESHOLDS must be three positive integers" in result.stderr
    assert repr(value) in result.stderr


def production_env(tmp_path) -> dict[str, str]:
    return clean_env(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        ALLOWED_HOSTS="seafarers.example.org",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        SMS_BACKEND="seafarers_home.accounts.sms.HttpGatewaySmsBackend",
        SMS_GATEWAY_URL="https://sms.example.org/send",
        SMS_GATEWAY_TOKEN=secrets.token_urlsafe(20),
        REDIS_URL="redis://127.0.0.1:6379/0",
        AUDIT_HMAC_KEY=secrets.token_urlsafe(48),
        PRIVACY_CONTACT_EMAIL="privacy@seafarers.example.org",
    )


def test_it_passes_the_deploy_checks_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_deploy_checks_with_a_console_sms_backend(tmp_path):
    env = {
        **production_env(tmp_path),
        "SMS_BACKEND": "seafarers_home.accounts.sms.ConsoleSmsBackend",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "seafarers_home.W002" in result.stderr


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("Zx8-kQ2_pL5", "fewer than 50"),  # short
        ("0123456789" * 6, "different characters"),  # low entropy
        ("q7Rf!vK2" + "mN4pQ8sT" * 6, "repeats a run"),  # a pattern
        ("the seafarers home union secret key for our server", "spaces"),  # a phrase
        ("django-insecure-" + secrets.token_urlsafe(50), "placeholder"),
    ],
    # Fixed ids: a random key in the id differs between pytest-xdist's workers, which then
    # refuse to run (each worker must collect the same tests).
    ids=["short", "low-entropy", "pattern", "phrase", "placeholder"],
)
def test_it_fails_the_deploy_checks_with_a_weak_secret_key(tmp_path, key, words):
    env = {**production_env(tmp_path), "SECRET_KEY": key}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "seafarers_home.E010" in result.stderr
    assert "SECRET_KEY is too weak for production" in result.stderr
    assert words in result.stderr
    assert "token_urlsafe" in result.stderr  # the hint says how to make a good one


def test_it_fails_the_deploy_checks_with_the_development_key(tmp_path):
    env = {**production_env(tmp_path), "DEBUG": "1"}
    del env["SECRET_KEY"]
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "too weak for production: it is the development default" in result.stderr
