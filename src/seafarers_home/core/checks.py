"""System checks for configuration that loads but would misbehave (healthchecks style).

They run with every ``manage.py check`` / ``migrate`` / ``serve`` start; ``check --deploy
--fail-level WARNING`` turns the warnings into a failed deployment. The ids are stable:
scripts and SILENCED_SYSTEM_CHECKS may refer to them.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.utils.module_loading import import_string

CONSOLE_SMS_BACKEND = "seafarers_home.accounts.sms.ConsoleSmsBackend"
HTTP_SMS_BACKEND = "seafarers_home.accounts.sms.HttpGatewaySmsBackend"
REDIS_SCHEMES = ("redis", "rediss", "unix")


@register()
def check_field_encryption_keys(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    errors: list[CheckMessage] = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode() if isinstance(key, str) else key)
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS entry {position} is not a valid Fernet key.",
                    hint="Each key is 32 url-safe base64-encoded bytes; generate one with "
                    "python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'.",
                    id="seafarers_home.E001",
                )
            )
    if not keys and not settings.DEBUG:
        errors.append(
            Warning(
                "FIELD_ENCRYPTION_KEYS is not set: sensitive fields are encrypted with a key "
                "derived from SECRET_KEY, so rotating SECRET_KEY makes them unreadable.",
                hint="Set FIELD_ENCRYPTION_KEYS to one or more comma-separated Fernet keys "
                "(the first encrypts, all decrypt).",
                id="seafarers_home.W001",
            )
        )
    return errors


@register()
def check_sms_backend(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    try:
        backend = import_string(settings.SMS_BACKEND)
    except ImportError as exc:
        return [
            Error(
                f"SMS_BACKEND {settings.SMS_BACKEND!r} cannot be imported: {exc}",
                hint=f"Use a dotted path to a backend class, e.g. {HTTP_SMS_BACKEND!r}.",
                id="seafarers_home.E002",
            )
        ]
    messages: list[CheckMessage] = []
    if settings.SMS_BACKEND == CONSOLE_SMS_BACKEND and not settings.DEBUG:
        messages.append(
            Warning(
                "SMS_BACKEND is the console backend: sign-in codes are written to the log "
                "instead of being sent.",
                hint=f"Set SMS_BACKEND={HTTP_SMS_BACKEND} and SMS_GATEWAY_URL in production.",
                id="seafarers_home.W002",
            )
        )
    gateway = _http_gateway_class()
    is_gateway = gateway is not None and isinstance(backend, type) and issubclass(backend, gateway)
    if is_gateway and urlsplit(settings.SMS_GATEWAY_URL).scheme not in ("http", "https"):
        messages.append(
            Error(
                "SMS_BACKEND is the HTTP gateway but SMS_GATEWAY_URL is not an http(s) URL.",
                hint="Set SMS_GATEWAY_URL to the relay's URL, e.g. https://sms.example.org/send.",
                id="seafarers_home.E007",
            )
        )
    return messages


def _http_gateway_class() -> type | None:
    try:
        return import_string(HTTP_SMS_BACKEND)
    except ImportError:
        return None


@register()
def check_time_zone(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    name = settings.TIME_ZONE
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return [
            Error(
                f"TIME_ZONE {name!r} is not a known time zone.",
                hint="Use an IANA zone name; the hospital's zone is Asia/Shanghai.",
                id="seafarers_home.E003",
            )
        ]
    return []


@register()
def check_redis_url(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    url = getattr(settings, "REDIS_URL", "")
    if url and urlsplit(url).scheme not in REDIS_SCHEMES:
        return [
            Error(
                "REDIS_URL must start with redis://, rediss:// or unix:// "
                f"(got {url.split(':')[0]!r}).",
                hint="For example REDIS_URL=redis://127.0.0.1:6379/0, or leave it empty to use "
                "the in-process cache and channel layer (one process only).",
                id="seafarers_home.E004",
            )
        ]
    return []


@register()
def check_allowed_hosts(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [
            Error(
                "ALLOWED_HOSTS is empty while DEBUG is off: every request would get a 400.",
                hint="Set ALLOWED_HOSTS to the site's host names, comma-separated.",
                id="seafarers_home.E005",
            )
        ]
    return []


@register()
def check_hotline_number(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not str(settings.PLATFORM_HOTLINE_NUMBER).strip():
        return [
            Error(
                "PLATFORM_HOTLINE_NUMBER is empty: crisis resources on every seafarer page must "
                "show the platform hotline.",
                hint="Set PLATFORM_HOTLINE_NUMBER to the hotline's phone number.",
                id="seafarers_home.E006",
            )
        ]
    return []


@register()
def check_call_servers(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    """WebRTC call rooms (远程咨询): TURN needs the shared secret of coturn's REST scheme."""
    messages: list[CheckMessage] = []
    if settings.TURN_URLS and not settings.TURN_SECRET:
        messages.append(
            Error(
                "TURN_URLS is set but TURN_SECRET is empty: call rooms cannot issue TURN "
                "credentials, so calls behind strict NAT (most ships) would fail.",
                hint="Set TURN_SECRET to coturn's static-auth-secret (use-auth-secret).",
                id="seafarers_home.E051",
            )
        )
    for name, schemes in (("STUN_URLS", ("stun:", "stuns:")), ("TURN_URLS", ("turn:", "turns:"))):
        for url in getattr(settings, name):
            if not url.startswith(schemes):
                messages.append(
                    Error(
                        f"{name} entry {url!r} does not start with {' or '.join(schemes)}",
                        hint="e.g. turn:turn.example.cn:3478?transport=udp",
                        id="seafarers_home.E052",
                    )
                )
    if settings.TURN_CREDENTIAL_TTL <= 0:
        messages.append(
            Error(
                "TURN_CREDENTIAL_TTL must be a positive number of seconds.",
                id="seafarers_home.E053",
            )
        )
    return messages
