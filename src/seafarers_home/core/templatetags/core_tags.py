"""Template tags that need neither the database nor context processors, so that the error
pages (500 above all) can still show where to get help."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from seafarers_home.core.csp import ERROR_PAGE_CSS

register = template.Library()


@register.inclusion_tag("core/errors/crisis_bar.html")
def crisis_bar() -> dict[str, Any]:
    return {
        "platform_number": settings.PLATFORM_HOTLINE_NUMBER,
        "national_number": settings.NATIONAL_PSY_HOTLINE_NUMBER,
    }


@register.simple_tag
def error_page_style() -> str:
    """The error pages' inline styles, allowed by their hash in the CSP (core/csp.py)."""
    return mark_safe(f"<style>{ERROR_PAGE_CSS}</style>")  # noqa: S308 - a constant
