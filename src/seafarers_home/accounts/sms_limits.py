"""Limits on sending one-time codes by SMS (issue 18 item 7: SMS pumping).

One client made the server send 28 codes to 28 numbers in seconds: every message costs the
union money, and "toll fraud" pumping sends them to number ranges that pay the attacker. The
per-number limits of services.py (resend interval, codes per day) do not stop that, so every
code that would be sent also counts, in the cache (Redis in production, shared by all app
processes; locmem in development), against three fixed windows:

- the client address, per hour (``SMS_CODES_PER_ADDRESS_PER_HOUR``). A ship's crew shares one
  satellite address, so the limit is generous; past ``SMS_CHALLENGE_AFTER_PER_ADDRESS`` codes
  in the hour each further code needs a simple question answered first (below). IPv6 clients
  count per /64, the block one subscriber gets;
- the number prefix, per hour (the first ``SMS_PREFIX_DIGITS`` digits: a block of 10,000
  numbers of one operator and area; pumping walks such blocks);
- everyone, per minute (``SMS_CODES_PER_MINUTE``): the ceiling of what the site sends.

The question is arithmetic asked by the server and answered in a form field: it works without
JavaScript on a 32 kbit/s link and needs no third-party service. Its answer is kept in the
server-side session, so a script that does not keep its session cookie never gets past the
threshold, and one that does is still held by the hard limits. A correct answer allows one
code (within ten minutes). None of this touches the crisis numbers and the help page: they
need no sign-in, and every refusal page shows them in the crisis bar.

Counting reserves first (an atomic increment per window) and gives back what a refused request
took, so concurrent requests cannot overshoot a limit.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.audit.services import client_address

logger = logging.getLogger("seafarers_home.sms")

CHALLENGE_KEY = "sms_challenge"
PASS_KEY = "sms_challenge_pass"  # noqa: S105 - a session key, not a secret
CHALLENGE_SECONDS = 10 * 60
HOUR = 3600
MINUTE = 60


class LimitReached(Exception):
    """A window is full: no code is sent; ``message`` is translated, for the person."""

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_seconds = retry_after_seconds


class ChallengeRequired(Exception):
    """This address has asked for many codes: answer ``question`` first (``wrong``: the
    answer given was not right)."""

    def __init__(self, question: str, wrong: bool) -> None:
        super().__init__(question)
        self.question = question
        self.wrong = wrong

    @property
    def message(self) -> str:
        if self.wrong:
            return _("答案不对,请再算一次。")
        return _("这个网络已经获取过多次验证码。为防止短信被滥发,请先回答下面的问题。")


@dataclass(frozen=True)
class _Window:
    kind: str  # "address", "prefix" or "global"
    key: str
    limit: int
    seconds: int
    ends_at: float


def address_key(request: HttpRequest | None) -> str | None:
    """The client's address as counted: IPv4 as is, IPv6 by its /64."""
    address = client_address(request)
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) + "/64"
    return str(parsed)


def _namespace() -> str:
    # The tests give each test its own namespace rather than flush a Redis that the channel
    # layer shares; production keeps the default.
    return getattr(settings, "SMS_LIMITS_NAMESPACE", "sms-limits")


def _window(kind: str, subject: str, limit: int, seconds: int, now: float) -> _Window:
    slot = int(now // seconds)
    return _Window(
        kind, f"{_namespace()}:{kind}:{subject}:{slot}", limit, seconds, (slot + 1) * seconds
    )


def _windows(phone: str, request: HttpRequest | None, now: float) -> list[_Window]:
    windows = [
        _window(
            "prefix",
            phone[: settings.SMS_PREFIX_DIGITS],
            settings.SMS_CODES_PER_PREFIX_PER_HOUR,
            HOUR,
            now,
        ),
        _window("global", "all", settings.SMS_CODES_PER_MINUTE, MINUTE, now),
    ]
    address = address_key(request)
    if address:
        windows.insert(
            0, _window("address", address, settings.SMS_CODES_PER_ADDRESS_PER_HOUR, HOUR, now)
        )
    return windows


def _message(kind: str, seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if kind == "address":
        return _(
            "这个网络一小时内获取的验证码已达上限,请 %(minutes)d 分钟后再试。"
            "需要紧急帮助请直接拨打页面上方的热线。"
        ) % {"minutes": minutes}
    if kind == "prefix":
        return _(
            "短时间内向相近号码发送的验证码太多,请 %(minutes)d 分钟后再试。"
            "需要紧急帮助请直接拨打页面上方的热线。"
        ) % {"minutes": minutes}
    return _(
        "现在请求验证码的人太多,请 %(seconds)d 秒后再试。需要紧急帮助请直接拨打页面上方的热线。"
    ) % {"seconds": max(1, seconds)}


def _new_question(request: HttpRequest) -> str:
    first, second = 2 + secrets.randbelow(18), 2 + secrets.randbelow(18)
    request.session[CHALLENGE_KEY] = {
        "answer": first + second,
        "expires": time.time() + CHALLENGE_SECONDS,
    }
    return _("为防止短信被滥发,请先计算:%(a)d 加 %(b)d 等于几?") % {"a": first, "b": second}


def _has_pass(request: HttpRequest, answer: str | None, now: float) -> bool:
    """A pass from an earlier correct answer, or a correct answer now (which gives one)."""
    session = request.session
    if session.get(PASS_KEY, 0) > now:
        return True
    asked = session.pop(CHALLENGE_KEY, None)
    if not asked or asked.get("expires", 0) <= now or not answer:
        return False
    if answer.strip() != str(asked.get("answer")):
        return False
    session[PASS_KEY] = now + CHALLENGE_SECONDS
    return True


def check_challenge(request: HttpRequest | None, answer: str | None) -> None:
    """Past the address threshold, ask the question (``ChallengeRequired``) unless answered."""
    address = address_key(request)
    if request is None or not address or not hasattr(request, "session"):
        return
    now = time.time()
    window = _window("address", address, 0, HOUR, now)
    if (cache.get(window.key) or 0) < settings.SMS_CHALLENGE_AFTER_PER_ADDRESS:
        return
    if _has_pass(request, answer, now):
        return
    raise ChallengeRequired(_new_question(request), wrong=bool(answer))


def reserve(phone: str, request: HttpRequest | None) -> None:
    """Count one code against each window, or raise ``LimitReached`` and count nothing."""
    now = time.time()
    taken: list[str] = []
    for window in _windows(phone, request, now):
        cache.add(window.key, 0, timeout=window.seconds + MINUTE)
        try:
            count = cache.incr(window.key)
        except ValueError:  # expired between add and incr
            cache.add(window.key, 1, timeout=window.seconds + MINUTE)
            count = 1
        taken.append(window.key)
        if count > window.limit:
            for key in taken:
                with contextlib.suppress(ValueError):  # the window just expired
                    cache.decr(key)
            retry = max(1, math.ceil(window.ends_at - now))
            logger.warning("SMS code refused: %s limit reached (%s)", window.kind, window.key)
            raise LimitReached(_message(window.kind, retry), retry)


def use_pass(request: HttpRequest | None) -> None:
    """A code was sent: the answered question is used up."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(PASS_KEY, None)
