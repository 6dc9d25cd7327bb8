"""The Django admin, behind our own sign-in.

Django's admin has its own login form that calls ``authenticate()`` directly: no throttle, no
lockout, no audit row and no TOTP step. Our site sends every sign-in to ``accounts:login`` and
lets in only administrators who passed two-factor this session (``is_staff`` alone is not
enough: it is a flag anyone with admin rights can tick)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from seafarers_home.permissions.roles import has_passed_two_factor, is_admin


class SeafarersAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # An administrator always needs the second factor (``User.needs_two_factor``), so
        # passing it means a TOTP code was entered this session.
        return bool(
            user.is_active and is_admin(user) and has_passed_two_factor(user, request.session)
        )

    @method_decorator(never_cache)
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from django.contrib.auth.views import redirect_to_login  # imports models

        target = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target, reverse("accounts:login"))
        if not has_passed_two_factor(user, request.session):
            return redirect_to_login(target, reverse("accounts:two_factor"))
        if self.has_permission(request):
            return HttpResponseRedirect(target)
        # Signed in but not an administrator: sending them to a login page would loop.
        raise PermissionDenied
