from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = user.role_set if user is not None and user.is_authenticated else frozenset()
    return {
        "PLATFORM_HOTLINE_NUMBER": settings.PLATFORM_HOTLINE_NUMBER,
        "NATIONAL_PSY_HOTLINE_NUMBER": settings.NATIONAL_PSY_HOTLINE_NUMBER,
        "user_roles": roles,
    }
