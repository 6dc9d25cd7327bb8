"""Noting that a seafarer opened the app with a link (issue 14 item 6): the at-sea pulse goes by
short message only to those who have not. The session remembers the day it was noted, so a
seafarer costs one UPDATE a day (and their session one save); staff and visitors none."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from seafarers_home.permissions.roles import is_seafarer
from seafarers_home.short_messages.models import Terminal

SESSION_KEY = "sm_app_opened"


class AppOpenedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        # The roles are read once a request.
        if session is not None and user is not None and is_seafarer(user):
            now = timezone.now()
            day = f"{now:%Y-%m-%d}"
            if session.get(SESSION_KEY) != day:
                session[SESSION_KEY] = day
                Terminal.objects.filter(seafarer_id=user.pk).update(app_opened_at=now)
        return self.get_response(request)
