"""The check-in QR code (inline SVG, drawn on the server: no script, a few KB) and the
activity's calendar file (RFC 5545, written like the consultations' one)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from seafarers_home.activities.models import Activity
from seafarers_home.consultations.ics import escape_text, fold

PRODID = "-//Seafarers' Home//Activities//ZH"


def qr_svg(code: str) -> SafeString:
    """The code as a QR symbol; segno escapes nothing from the user (the code is ours)."""
    return mark_safe(segno.make(code, error="m").svg_inline(border=2, omitsize=True))  # noqa: S308


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def activity_ics(activity: Activity, base_url: str = "") -> str:
    """One VEVENT with a stable UID (importing again updates it), times in UTC; a cancelled
    activity is exported as cancelled."""
    base = (base_url or settings.SITE_BASE_URL).rstrip("/")
    host = urlsplit(settings.SITE_BASE_URL).hostname or "localhost"
    url = base + reverse("activities:detail", args=[activity.pk])
    cancelled = activity.is_cancelled
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@{host}",
        f"DTSTAMP:{_utc(activity.updated_at)}",
        f"DTSTART:{_utc(activity.starts_at)}",
        f"DTEND:{_utc(activity.ends_at)}",
        f"SEQUENCE:{1 if cancelled else 0}",
        f"SUMMARY:{escape_text(activity.title)}",
        f"DESCRIPTION:{escape_text(activity.description[:500] + chr(10) + url)}",
        f"LOCATION:{escape_text(activity.place)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
