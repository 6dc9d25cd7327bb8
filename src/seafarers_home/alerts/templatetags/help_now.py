"""``{% help_now_key %}``: a fresh idempotency key for each rendered "I need help now" form, so
that a resend of the same form (a dropped link, a double tap) raises nothing new."""

from __future__ import annotations

import uuid

from django import template

register = template.Library()


@register.simple_tag
def help_now_key() -> str:
    return uuid.uuid4().hex
