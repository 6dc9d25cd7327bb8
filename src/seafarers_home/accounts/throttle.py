"""Failed sign-in counting and temporary lockout, kept in the database (LoginThrottle) so that
every app process on every server sees the same counts.

Two keys per attempt: the phone number (protects one account) and the client address (slows
one client trying many numbers). A ship's crew may share one satellite address, so the address
limit (LOGIN_MAX_FAILURES_PER_ADDRESS) is set well above the per-number one, and a locked
address refuses only the numbers that failed recently (see ``locked_until``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import ngettext

from seafarers_home.accounts.models import LoginThrottle
from seafarers_home.audit.services import client_address


class LoginLocked(Exception):
    """Too many failed attempts: no sign-in for this number or address before ``retry_at``."""

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(f"locked until {retry_at.isoformat()}")
        self.retry_at = retry_at

    @property
    def retry_after_seconds(self) -> int:
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))

    @property
    def message(self) -> str:
        return lockout_message(self.retry_at)


def lockout_message(retry_at: datetime) -> str:
    """Tell the person when they may retry, in their (active) time zone and in minutes."""
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    local = timezone.localtime(retry_at)
    return ngettext(
        "尝试次数过多,已暂时锁定。请在 %(time)s(%(zone)s)之后再试,约 %(minutes)d 分钟后。",
        "尝试次数过多,已暂时锁定。请在 %(time)s(%(zone)s)之后再试,约 %(minutes)d 分钟后。",
        minutes,
    ) % {
        "time": formats.time_format(local, "H:i"),
        "zone": timezone.get_current_timezone_name(),
        "minutes": minutes,
    }


@dataclass(frozen=True)
class FailureOutcome:
    retry_at: datetime | None  # set when sign-in is now locked
    newly_locked: tuple[str, ...]  # "phone" / "address": keys this failure locked


def phone_key(phone: str) -> str:
    return f"phone:{phone}"


def _keys(phone: str, request: HttpRequest | None) -> list[tuple[str, str, int]]:
    keys = [("phone", phone_key(phone), settings.LOGIN_MAX_FAILURES)]
    address = client_address(request)
    if address:
        keys.append(("address", f"addr:{address}", settings.LOGIN_MAX_FAILURES_PER_ADDRESS))
    return keys


def locked_until(phone: str, request: HttpRequest | None) -> datetime | None:
    """When this number may try again, or None.

    A locked address refuses only numbers that have recent failures of their own. A ship's
    crew shares one satellite address: if the address lock refused everyone, one person's
    typos (or one guesser) would keep the whole crew out at sea, where there is no other line.
    A guesser is still stopped: every number they try fails once, and from then on that number
    is refused for the rest of the address lock, so the address's budget of failures holds.
    We chose this over merely slowing the address down (a delay) because a delay still
    punishes the crew and ties up server workers, while refusing costs nothing."""
    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    rows = {
        row.key: row
        for row in LoginThrottle.objects.filter(
            key__in=[key for _kind, key, _limit in _keys(phone, request)]
        )
    }
    number = rows.get(phone_key(phone))
    if number is not None and number.locked_until is not None and number.locked_until > now:
        return number.locked_until
    number_failed_recently = number is not None and (
        number.failures > 0 and number.window_started_at + window > now
    )
    if not number_failed_recently:
        return None
    address_locks = [
        row.locked_until
        for key, row in rows.items()
        if key != phone_key(phone) and row.locked_until is not None and row.locked_until > now
    ]
    return max(address_locks, default=None)


def record_failure(phone: str, request: HttpRequest | None) -> FailureOutcome:
    """Count one failed attempt against the number and the address; lock a key that reaches its
    limit within the window. Runs in the caller's transaction if there is one."""
    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    lockout = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    retry_at: datetime | None = None
    newly_locked: list[str] = []
    with transaction.atomic():
        for kind, key, limit in _keys(phone, request):
            row, _created = LoginThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"window_started_at": now}
            )
            if row.locked_until is not None and row.locked_until > now:
                retry_at = max(retry_at or row.locked_until, row.locked_until)
                continue
            if row.locked_until is not None or row.window_started_at + window <= now:
                # A lock that ran out, or an old window: start counting afresh.
                row.failures = 0
                row.window_started_at = now
                row.locked_until = None
            row.failures += 1
            if row.failures >= limit:
                row.locked_until = now + lockout
                retry_at = max(retry_at or row.locked_until, row.locked_until)
                newly_locked.append(kind)
            row.save(update_fields=["failures", "window_started_at", "locked_until", "updated_at"])
    return FailureOutcome(retry_at, tuple(newly_locked))


def clear_failures(phone: str) -> None:
    """A completed sign-in forgets the number's failures. The address count stays: signing in
    to one's own account must not reset a client's budget for guessing other numbers."""
    LoginThrottle.objects.filter(key=phone_key(phone)).delete()


def retry_message_seconds(seconds: int) -> str:
    return ngettext(
        "请 %(seconds)d 秒后再获取验证码。", "请 %(seconds)d 秒后再获取验证码。", seconds
    ) % {"seconds": seconds}
