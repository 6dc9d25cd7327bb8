"""A rate limit per client on the public knowledge search and the ask page's suggestions
(issue 20 item 4): both run the index search, both are reachable without signing in, so one
client must not be able to keep the database busy with them.

A fixed one-minute window per client address in the cache (Redis in production, shared by
every process; ``cache.add`` + ``cache.incr`` are atomic there), as ``accounts.sms_limits``
counts codes — nothing is written to the database, so a GET stays a read. The limit
(``KNOWLEDGE_SEARCH_PER_MINUTE``, default 60) is well above what a person types: a ship's
crew shares one satellite address. Over the limit the answer is 429 with ``Retry-After`` and
a translated message; the signed-in person is counted by account instead of address.
"""

from __future__ import annotations

import contextlib
import functools
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from seafarers_home.audit.services import client_address

WINDOW_SECONDS = 60
DEFAULT_PER_MINUTE = 60


def _limit() -> int:
    return int(getattr(settings, "KNOWLEDGE_SEARCH_PER_MINUTE", DEFAULT_PER_MINUTE))


def _client(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request) or 'unknown'}"


def retry_after(request: HttpRequest) -> int | None:
    """Count one search for the client; the seconds to wait when over the limit, else None."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"kb-search:{_client(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    if count <= _limit():
        return None
    with contextlib.suppress(ValueError):
        cache.decr(key)  # a refused search does not count towards the next one
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


def too_many_message(seconds: int) -> str:
    return gettext("搜索太频繁了,请 %(seconds)d 秒后再试。") % {"seconds": seconds}


def too_many(request: HttpRequest, seconds: int) -> HttpResponse:
    response = render(
        request,
        "inquiries/search_limited.html",
        {"message": too_many_message(seconds)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def limit_search(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Count a GET that searches (a non-empty ``q``) against the client's limit; 429 past it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET" and request.GET.get("q", "").strip():
            seconds = retry_after(request)
            if seconds is not None:
                return too_many(request, seconds)
        return view(request, *args, **kwargs)

    return wrapped
