from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

OTP_SESSION_KEY = "otp_verified"

# Paths a staff member may reach before completing two-factor sign-in.
TWO_FACTOR_EXEMPT_PREFIXES = ("/help/", "/accounts/", "/static/", "/i18n/", "/healthz", "/api/")


class UserTimezoneMiddleware:
    """Show times in the user's own zone (ships cross zones); store UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        tzname = getattr(user, "time_zone", None) if user is not None else None
        if user is not None and user.is_authenticated and tzname:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tzname))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Staff roles see nothing until they have enrolled TOTP and entered a code this session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_two_factor
            and not request.session.get(OTP_SESSION_KEY)
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            target = reverse("accounts:two_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
