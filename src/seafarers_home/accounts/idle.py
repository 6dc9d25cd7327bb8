"""Idle timeout for staff sessions (issue 18 item 10).

A clinician's or counsellor's browser is often a shared ward or duty-room PC: a session left
open shows crisis alerts with names. Staff sessions (``User.needs_two_factor``) end after
``STAFF_IDLE_TIMEOUT_MINUTES`` without a request; the person is signed out (audited, and the
sign-out closes their sockets through the ``user_logged_out`` signal) and sent to sign in with
a notice. Seafarers keep their long sessions (``SESSION_COOKIE_AGE``): at sea a link comes and
goes for days, and signing in again costs them an SMS they may not receive.

The time of the last request is kept in the session and written at most every
``TOUCH_SECONDS`` (or a quarter of the timeout), so that a busy staff page does not save its
session on every request; a session may therefore end up to that much earlier than the limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from seafarers_home.accounts.middleware import is_api_request
from seafarers_home.audit.services import record_audit

LAST_SEEN_KEY = "staff_last_seen"
TOUCH_SECONDS = 60.0


def idle_limit_seconds() -> float:
    """The idle limit in seconds; 0 or less switches the timeout off."""
    return float(settings.STAFF_IDLE_TIMEOUT_MINUTES) * 60


def idle_notice(minutes: float) -> str:
    return _("您已超过 %(minutes)d 分钟没有操作,为保护数据已自动退出,请重新登录。") % {
        "minutes": max(1, round(minutes))
    }


def do_end_idle_session(request: HttpRequest, idle_seconds: float) -> None:
    """Sign a staff member out whose session has been idle too long, and say why."""
    user = request.user
    record_audit(
        user,
        "auth.idle_timeout",
        target=user,  # type: ignore[arg-type]
        purpose="authentication",
        request=request,
        detail={"idle_seconds": int(idle_seconds)},
    )
    logout(request)


class StaffIdleTimeoutMiddleware:
    """Ends staff sessions that were idle longer than STAFF_IDLE_TIMEOUT_MINUTES. Runs after
    MessageMiddleware, so that the notice survives the sign-out (in the messages cookie)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        limit = idle_limit_seconds()
        if user is None or not user.is_authenticated or not user.needs_two_factor or limit <= 0:
            return self.get_response(request)
        now = time.time()
        last_seen = request.session.get(LAST_SEEN_KEY)
        if isinstance(last_seen, int | float) and now - last_seen > limit:
            return self._signed_out(request, now - last_seen, limit)
        if not isinstance(last_seen, int | float) or now - last_seen >= min(
            TOUCH_SECONDS, limit / 4
        ):
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _signed_out(self, request: HttpRequest, idle_seconds: float, limit: float) -> HttpResponse:
        do_end_idle_session(request, idle_seconds)
        notice = idle_notice(limit / 60)
        if is_api_request(request):
            return JsonResponse({"detail": notice, "code": "session_expired"}, status=401)
        messages.info(request, notice)
        target = reverse("accounts:login")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
