from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.contrib.auth.middleware import AuthenticationMiddleware, get_user
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from seafarers_home.accounts.two_factor import has_passed_two_factor

# What a staff member who has passed only the password step may reach, by URL name: the factor
# step itself, signing out (or in again), the crisis help page, the public documents and the
# language switch. Everything else — every staff page, the profile, token revocation, the
# admin, the API through the session — waits for the second factor. An allow-list, so that a
# new page is protected without anyone remembering to add it.
HALF_SIGNED_IN_ALLOWED: frozenset[str] = frozenset(
    {
        "accounts:two_factor",
        "accounts:logout",
        "accounts:login",
        "accounts:login_sms",
        "core:help",
        "core:healthz",
        "consent:privacy",
        "consent:document",
        "set_language",
        "api:issue_token",  # asks for the TOTP code itself
        "api:openapi-json",
        "api:openapi-view",
    }
)


def url_name(request: HttpRequest) -> str | None:
    """The namespaced URL name of the request's path, or None if it names no view."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class SignedInUserMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` with ``request.user`` the user itself, not a lazy
    proxy. Every request reads the user anyway (the middlewares after it: the private-page
    header, the time zone, two-factor, consent), so the proxy delays nothing; but each
    attribute read through it is three Python calls and a caught ``AttributeError``, and a
    page reads it a few hundred times (bench/README.md). The session is read as before;
    ``request.auser`` is Django's."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = get_user(request)


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
    """Staff roles reach nothing but ``HALF_SIGNED_IN_ALLOWED`` until they have enrolled TOTP
    and entered a code this session: pages redirect to the factor step, the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            not has_passed_two_factor(user, request.session)
            and url_name(request) not in HALF_SIGNED_IN_ALLOWED
        ):
            if is_api_request(request):
                if request.headers.get("Authorization", "").startswith("Bearer "):
                    # A token client: the API authenticates the token, not this session.
                    return self.get_response(request)
                detail = _("请先在网页上完成两步验证,再使用此接口。")
                return JsonResponse({"detail": detail, "code": "two_factor_required"}, status=401)
            target = reverse("accounts:two_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
