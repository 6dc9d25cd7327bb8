"""Writes made through the API."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit

ACCOUNT_SETTINGS_FIELDS = ("display_name", "preferred_language", "time_zone")
LANGUAGES = ("zh-hans", "en")


@lru_cache(maxsize=1)
def known_time_zones() -> tuple[str, ...]:
    """IANA zone names this server knows, e.g. "Asia/Shanghai", "Pacific/Auckland"."""
    return tuple(sorted(zoneinfo.available_timezones()))


def is_valid_time_zone(name: str) -> bool:
    return name in set(known_time_zones())


def do_update_account_settings(
    user: User, *, changes: dict[str, str], request: HttpRequest | None = None
) -> User:
    """Change the signed-in person's own display name, language or time zone."""
    unknown = set(changes) - set(ACCOUNT_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not an account setting: {sorted(unknown)}")
    if "time_zone" in changes and not is_valid_time_zone(changes["time_zone"]):
        raise ValidationError(_("未知的时区,请使用 IANA 时区名称,例如 Asia/Shanghai。"))
    if "preferred_language" in changes and changes["preferred_language"] not in LANGUAGES:
        raise ValidationError(_("不支持的界面语言。"))
    changed = [field for field, value in changes.items() if getattr(user, field) != value]
    if not changed:
        return user
    with transaction.atomic():
        for field in changed:
            setattr(user, field, changes[field])
        user.save(update_fields=[*changed, "updated_at"])
        record_audit(
            user,
            "account.profile.update",
            target=user,
            purpose="self-service",
            request=request,
            detail={"fields": changed},
        )
    return user
