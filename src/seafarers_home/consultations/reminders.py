"""Reminders before a remote consultation, sent by the task worker (``manage.py db_worker``).

Booking enqueues one task per reminder (24 hours and 30 minutes before the start, with
``run_after``). The task sends one notification (in-app + SMS, no health details) under a
``dedupe_key``, so a retried task or two workers never send it twice; it does nothing when the
appointment was cancelled or moved, i.e. is no longer booked or its slot no longer starts at
the time the reminder was made for.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from seafarers_home.consultations.models import Appointment
from seafarers_home.notifications.services import do_send_notification

# (name, how long before the start)
REMINDERS: tuple[tuple[str, timedelta], ...] = (
    ("day", timedelta(hours=24)),
    ("soon", timedelta(minutes=30)),
)
KIND = "consultation.reminder"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.CONSULTATION_HOSPITAL_TIME_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(settings.CONSULTATION_HOSPITAL_TIME_ZONE)


def schedule_reminders(appointment: Appointment, now: datetime | None = None) -> list[str]:
    """Enqueue the reminders still ahead; call inside the booking's transaction."""
    now = now or timezone.now()
    starts_at = appointment.slot.starts_at
    scheduled = []
    for name, before in REMINDERS:
        due = starts_at - before
        if due <= now:
            continue
        send_consultation_reminder.using(run_after=due).enqueue(
            appointment.pk, starts_at.isoformat(), name
        )
        scheduled.append(name)
    return scheduled


def reminder_message(appointment: Appointment, name: str) -> str:
    starts_at = appointment.slot.starts_at
    local = starts_at.astimezone(_zone(appointment.seafarer.time_zone))
    hospital = starts_at.astimezone(_zone(settings.CONSULTATION_HOSPITAL_TIME_ZONE))
    values = {
        "local": local.strftime("%m-%d %H:%M"),
        "zone": appointment.seafarer.time_zone,
        "hospital": hospital.strftime("%m-%d %H:%M"),
    }
    if name == "soon":
        return (
            _("您预约的远程咨询将在30分钟后开始(%(local)s,%(zone)s),请打开海员之家进入咨询室。")
            % values
        )
    return _("提醒:您预约的远程咨询将于 %(local)s(%(zone)s)开始,即北京时间 %(hospital)s。") % values


def send_reminder(appointment_id: int, starts_at: str, name: str) -> bool:
    """Send one reminder if the appointment still stands at that time. True when sent."""
    appointment = (
        Appointment.objects.select_related("slot", "seafarer").filter(pk=appointment_id).first()
    )
    if appointment is None or appointment.status != Appointment.Status.BOOKED:
        return False
    if appointment.slot.starts_at != datetime.fromisoformat(starts_at):
        return False  # the slot moved: a reminder for the new time was scheduled with it
    if appointment.slot.starts_at <= timezone.now() or appointment.slot.is_withdrawn:
        return False
    seafarer = appointment.seafarer
    with translation.override(seafarer.preferred_language or settings.LANGUAGE_CODE):
        message = reminder_message(appointment, name)
    with transaction.atomic():
        sent = do_send_notification(
            seafarer,
            kind=KIND,
            message=message,
            url=reverse("consultations:mine"),
            dedupe_key=f"consultation-reminder-{appointment.pk}-{name}-{starts_at}",
        )
    return sent is not None


@task()
def send_consultation_reminder(appointment_id: int, starts_at: str, name: str) -> bool:
    return send_reminder(appointment_id, starts_at, name)
