"""RFC 5545 calendar files of one event ("add to my calendar"), for every app that offers one
(consultations, activities).

Times are UTC ('Z'): every calendar shows them in its own zone. The UID must be stable, so that
importing the file again updates the event instead of adding a second one; a cancelled event
is exported with STATUS:CANCELLED and a higher SEQUENCE. Lines end in CRLF and are folded at
75 octets without splitting a UTF-8 character; text is escaped (§3.3.11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

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


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class CalendarEvent:
    prodid: str  # e.g. "-//Seafarers' Home//Activities//ZH"
    uid: str  # stable: "<kind>-<pk>@<host>"
    updated_at: datetime
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    location: str = ""
    url: str = ""
    cancelled: bool = False
    alarm_minutes_before: int | None = None  # a reminder the calendar shows, if any


def calendar_file(event: CalendarEvent) -> str:
    """The whole file: one VCALENDAR with one VEVENT (and its alarm while not cancelled)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{event.prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(event.updated_at)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SEQUENCE:{1 if event.cancelled else 0}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"LOCATION:{escape_text(event.location)}",
    ]
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    if event.alarm_minutes_before is not None and not event.cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.summary)}",
            f"TRIGGER:-PT{event.alarm_minutes_before}M",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
