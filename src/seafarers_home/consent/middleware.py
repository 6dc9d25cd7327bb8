"""Signed-in people use the service only while they accept the current terms and privacy
policy: withdrawing either stops the service, and a new version is asked again."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from seafarers_home.consent.services import (
    CONSENT_REQUIRED_MESSAGE,
    enable_consent_cache,
    missing_required_documents,
)

# Reading and accepting the documents, crisis help, signing out and two-factor sign-in must
# stay reachable, or the person could never get back in (nor reach help).
CONSENT_EXEMPT_PREFIXES = (
    "/consent/",
    "/help/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/static/",
    "/i18n/",
    "/healthz",
    "/admin/login",
)
API_EXEMPT_PREFIXES = ("/api/v1/auth/token", "/api/openapi.json", "/api/docs")


class ConsentRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # This request's checks read the person's consent state once (consent/services.py).
            enable_consent_cache(user)
        if (
            user is None
            or not user.is_authenticated
            or path.startswith(CONSENT_EXEMPT_PREFIXES)
            or path.startswith(API_EXEMPT_PREFIXES)
            or not missing_required_documents(user)
        ):
            return self.get_response(request)
        if path.startswith("/api/"):
            # Token clients are checked in api.auth, once the token names the user.
            body = {"detail": str(CONSENT_REQUIRED_MESSAGE), "code": "consent_required"}
            return JsonResponse(body, status=403)
        target = reverse("consent:required")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
