from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest

from seafarers_home.notifications.services import unread_count

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = user.role_set if user is not None and user.is_authenticated else frozenset()
    return {
        "PLATFORM_HOTLINE_NUMBER": settings.PLATFORM_HOTLINE_NUMBER,
        "NATIONAL_PSY_HOTLINE_NUMBER": settings.NATIONAL_PSY_HOTLINE_NUMBER,
        "user_roles": roles,
        # A callable: the template evaluates it (one COUNT) only where it is shown.
        "unread_notifications": lambda: _unread(user),
    }


def _unread(user: User | AnonymousUser | None) -> int:
    if user is None or not user.is_authenticated:
        return 0

    return unread_count(user)
