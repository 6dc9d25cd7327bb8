"""System checks for configuration that loads but would misbehave (healthchecks style).

They run with every ``manage.py check`` / ``migrate`` / ``serve`` start; ``check --deploy
--fail-level WARNING`` turns the warnings into a failed deployment. The ids are stable:
scripts and SILENCED_SYSTEM_CHECKS may refer to them.
"""

from __future__ import annotations

import math
import zoneinfo
from collections import Counter
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
    errors: list[CheckMessage] = []
    for setting in ("TIME_ZONE", "HOSPITAL_TIME_ZONE"):
        name = getattr(settings, setting)
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            errors.append(
                Error(
                    f"{setting} {name!r} is not a known time zone.",
                    hint="Use an IANA zone name, e.g. the one of Beijing time.",
                    id="seafarers_home.E003",
                )
            )
    return errors


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
def check_privacy_contact(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    contacts = (settings.PRIVACY_CONTACT_EMAIL, settings.PRIVACY_CONTACT_PHONE)
    if not settings.DEBUG and not any(str(contact).strip() for contact in contacts):
        return [
            Warning(
                "Neither PRIVACY_CONTACT_EMAIL nor PRIVACY_CONTACT_PHONE is set: the privacy page "
                "names no way to reach the person responsible for personal information.",
                hint="Set one or both to the union's personal-information officer's contact.",
                id="seafarers_home.W003",
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


# A key from `secrets.token_urlsafe(50)` or Django's get_random_secret_key() has 50+ characters
# and ~260-360 bits by the estimate below; `secrets.token_hex(32)` (256 random bits) estimates
# ~250 (50 hex characters ~190). A key of few characters used over and over stays under 160, a
# phrase has spaces, and a key repeating a run of 6 characters is a pattern (in a random key of
# this length that happens about once in 10,000 keys).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 12
SECRET_KEY_MIN_BITS = 160
SECRET_KEY_REPEAT_RUN = 6
WEAK_SECRET_KEY_PREFIXES = ("django-insecure-", "changeme", "secret")


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is too weak to sign sessions and derive keys, or None if it is not.

    The estimate (length x Shannon entropy of the key's own characters) cannot prove a key
    random, but it catches what people actually deploy: the development default, short keys,
    repeated characters and words."""
    if key.startswith(settings.DEV_SECRET_KEY_MARKER):
        return "it is the development default"
    if key.lower().startswith(WEAK_SECRET_KEY_PREFIXES):
        return "it starts like a placeholder"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    unique = len(set(key))
    if unique < SECRET_KEY_MIN_UNIQUE:
        return f"it uses only {unique} different characters"
    if any(char.isspace() for char in key):
        return "it contains spaces, like a phrase"
    runs = [key[i : i + SECRET_KEY_REPEAT_RUN] for i in range(len(key) - SECRET_KEY_REPEAT_RUN + 1)]
    if len(set(runs)) < len(runs):
        return f"it repeats a run of {SECRET_KEY_REPEAT_RUN} characters (a pattern, not random)"
    counts = Counter(key)
    bits_per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    bits = bits_per_char * len(key)
    if bits < SECRET_KEY_MIN_BITS:
        return (
            f"it looks like about {bits:.0f} bits of randomness, fewer than {SECRET_KEY_MIN_BITS}"
        )
    return None


@register(deploy=True)
def check_secret_key(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    """Sessions, password-reset tokens, the TOTP step and (without FIELD_ENCRYPTION_KEYS) the
    encryption of clinical notes all rest on SECRET_KEY: an Error, not Django's W009 warning,
    so that `check --deploy` fails whatever --fail-level says."""
    reason = secret_key_weakness(str(settings.SECRET_KEY))
    if reason is None:
        return []
    return [
        Error(
            f"SECRET_KEY is too weak for production: {reason}.",
            hint="Generate a new key with python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))' and keep it out of the repository.",
            id="seafarers_home.E010",
        )
    ]
