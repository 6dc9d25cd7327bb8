"""Template tags that need neither the database nor context processors, so that the error
pages (500 above all) can still show where to get help."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("core/errors/crisis_bar.html")
def crisis_bar() -> dict[str, Any]:
    return {
        "platform_number": settings.PLATFORM_HOTLINE_NUMBER,
        "national_number": settings.NATIONAL_PSY_HOTLINE_NUMBER,
    }
