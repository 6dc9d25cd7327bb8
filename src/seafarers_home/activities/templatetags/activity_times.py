"""``{% load activity_times %}{{ activity|time_range }}``: when an activity runs, start to end in
the reader's zone, and in Beijing time beside it only when the two differ (lib/zones.py) —
"2026-12-11 18:00–20:00 太平洋 · 斐济 (UTC+12)(北京时间 14:00–16:00)"."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from seafarers_home.activities.models import Activity
from seafarers_home.lib.zones import zone_label, zoned

register = template.Library()


@register.filter
def time_range(activity: Activity) -> str:
    start, end = zoned(activity.starts_at), zoned(activity.ends_at)
    end_format = "%H:%M" if start.local.date() == end.local.date() else "%Y-%m-%d %H:%M"
    local = f"{start.local:%Y-%m-%d %H:%M}–{end.local.strftime(end_format)}"
    if not start.differs:
        return local
    start_format = "%H:%M" if start.beijing.date() == start.local.date() else "%m-%d %H:%M"
    end_format = "%H:%M" if start.beijing.date() == end.beijing.date() else "%m-%d %H:%M"
    beijing = f"{start.beijing.strftime(start_format)}–{end.beijing.strftime(end_format)}"
    return gettext("%(time)s %(zone)s(北京时间 %(beijing)s)") % {
        "time": local,
        "zone": zone_label(str(start.local.tzinfo), start.local),
        "beijing": beijing,
    }
