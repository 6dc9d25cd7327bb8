"""An RFC 5545 calendar file for one appointment ("add to my calendar").

The UID is stable (the appointment's number and the site's host), so importing the file again
updates the event instead of adding a second one; a cancelled appointment is exported with
STATUS:CANCELLED. Times are UTC ('Z'): every calendar shows them in its own zone. The summary
and description carry no health details (no reason, no screening summary). Lines end in CRLF
and are folded at 75 octets without splitting a UTF-8 character; text is escaped (§3.3.11).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from seafarers_home.consultations.models import Appointment, Mode, Service

PRODID = "-//Seafarers' Home//Consultations//ZH"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line: at most 75 octets per physical line, continuation lines start
    with one space (which counts towards their 75)."""
    parts: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_BASE_URL).hostname or "localhost"


def appointment_ics(appointment: Appointment, base_url: str = "") -> str:
    """The calendar entry. ``base_url`` is where the reader reached the site (the request's
    scheme and host); links in the entry must open the same site, whatever port or host
    the demo or a deployment uses. ``SITE_BASE_URL`` is the fallback outside a request."""
    slot = appointment.slot
    base = (base_url or settings.SITE_BASE_URL).rstrip("/")
    if slot.service == Service.LEGAL:
        summary = _("法律咨询 · 海员之家")
        where = base + reverse("consultations:room", args=[appointment.pk])
        description = _("到时间请打开海员之家进入咨询室:%(url)s") % {"url": where}
    elif slot.mode == Mode.REMOTE:
        summary = _("远程咨询 · 海员之家")
        where = base + reverse("consultations:room", args=[appointment.pk])
        description = _("到时间请打开海员之家进入咨询室:%(url)s") % {"url": where}
    else:
        summary = _("到院面诊 · 海员之家")
        where = str(slot.department) if slot.department_id else ""
        description = _("请按时到医院就诊。我的预约:%(url)s") % {
            "url": base + reverse("consultations:mine")
        }
    cancelled = appointment.status == Appointment.Status.CANCELLED
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:appointment-{appointment.pk}@{_host()}",
        f"DTSTAMP:{_utc(appointment.updated_at)}",
        f"DTSTART:{_utc(slot.starts_at)}",
        f"DTEND:{_utc(slot.ends_at)}",
        f"SEQUENCE:{1 if cancelled else 0}",
        f"SUMMARY:{escape_text(str(summary))}",
        f"DESCRIPTION:{escape_text(str(description))}",
        f"LOCATION:{escape_text(where)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if not cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(str(summary))}",
            "TRIGGER:-PT30M",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
