"""System checks of the audit chain's key (ids seafarers_home.E061/E062, see core/checks.py
for the others). Outside DEBUG the key must be set explicitly: a key derived from SECRET_KEY
would change with SECRET_KEY and make the whole trail fail verification."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MIN_KEY_LENGTH = 32
HINT = (
    "Set AUDIT_HMAC_KEY to a long random value kept outside the database, e.g. "
    "python -c 'import secrets; print(secrets.token_urlsafe(48))'; keep a copy with the "
    "person who verifies the trail (README, 'Audit trail')."
)


@register()
def check_audit_hmac_key(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    key = settings.AUDIT_HMAC_KEY
    if not key:
        if settings.DEBUG:
            return []
        return [
            Error(
                "AUDIT_HMAC_KEY is not set: the audit chain would be keyed with a key derived "
                "from SECRET_KEY.",
                hint=HINT,
                id="seafarers_home.E061",
            )
        ]
    if len(key) < MIN_KEY_LENGTH:
        return [
            Error(
                f"AUDIT_HMAC_KEY is shorter than {MIN_KEY_LENGTH} characters.",
                hint=HINT,
                id="seafarers_home.E062",
            )
        ]
    return []
