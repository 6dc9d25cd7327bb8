"""The check-in QR code (inline SVG, drawn on the server: no script, a few KB) and the
activity's calendar file (RFC 5545, by the one calendar writer in lib/icalendar.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from seafarers_home.activities.models import Activity
from seafarers_home.lib.icalendar import CalendarEvent, calendar_file

PRODID = "-//Seafarers' Home//Activities//ZH"


def qr_svg(code: str) -> SafeString:
    """The code as a QR symbol; segno escapes nothing from the user (the code is ours)."""
    return mark_safe(segno.make(code, error="m").svg_inline(border=2, omitsize=True))  # noqa: S308


def activity_ics(activity: Activity, base_url: str = "") -> str:
    """One VEVENT with a stable UID (importing again updates it), times in UTC; a cancelled
    activity is exported as cancelled."""
    base = (base_url or settings.SITE_BASE_URL).rstrip("/")
    host = urlsplit(settings.SITE_BASE_URL).hostname or "localhost"
    url = base + reverse("activities:detail", args=[activity.pk])
    return calendar_file(
        CalendarEvent(
            prodid=PRODID,
            uid=f"activity-{activity.pk}@{host}",
            updated_at=activity.updated_at,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            summary=activity.title,
            description=activity.description[:500] + "\n" + url,
            location=activity.place,
            url=url,
            cancelled=activity.is_cancelled,
        )
    )
