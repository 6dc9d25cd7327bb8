"""An RFC 5545 calendar file for one appointment ("add to my calendar"), written by the one
calendar writer (lib/icalendar.py). The summary and description carry no health details (no
reason, no screening summary); the calendar reminds 30 minutes before."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from seafarers_home.consultations.models import Appointment, Mode, Service
from seafarers_home.lib.icalendar import CalendarEvent, calendar_file

PRODID = "-//Seafarers' Home//Consultations//ZH"


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
    return calendar_file(
        CalendarEvent(
            prodid=PRODID,
            uid=f"appointment-{appointment.pk}@{_host()}",
            updated_at=appointment.updated_at,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            summary=str(summary),
            description=str(description),
            location=where,
            cancelled=cancelled,
            alarm_minutes_before=30,
        )
    )
