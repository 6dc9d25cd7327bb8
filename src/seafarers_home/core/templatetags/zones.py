"""``{% load zones %}{{ moment|zoned }}``: a time in the reader's zone, Beijing beside only when
it differs (see lib/zones.py). Replaces ``|date:"… T"``, which printed "CST"."""

from __future__ import annotations

from datetime import datetime

from django import template

from seafarers_home.lib.zones import SHORT, format_time

register = template.Library()


@register.filter
def zoned(moment: datetime | None, fmt: str = "") -> str:
    return format_time(moment, fmt=fmt or SHORT)
