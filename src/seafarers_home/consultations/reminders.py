"""Reminders before a remote consultation (clinical or legal: the words and the page follow the
slot's service), sent by the task worker (``manage.py db_worker``).

Booking enqueues one task per reminder (24 hours and 30 minutes before the start, with
``run_after``). The task sends one notification (in-app + SMS, no health details) under a
``dedupe_key``, so a retried task or two workers never send it twice; it does nothing when the
appointment was cancelled or moved, i.e. is no longer booked or its slot no longer starts at
the time the reminder was made for. Tasks do not retry: the periodic job
``consultations.reminders`` sends a reminder whose task was lost or failed, if still timely.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django_tasks import task

from seafarers_home.consultations import wording
from seafarers_home.consultations.models import Appointment, Service
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.notifications.models import Notification

# (name, how long before the start)
REMINDERS: tuple[tuple[str, timedelta], ...] = (
    ("day", timedelta(hours=24)),
    ("soon", timedelta(minutes=30)),
)
KIND = "consultation.reminder"


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


def reminder_message(name: str, service: str = Service.CLINICAL) -> Promise:
    """Lazy: do_send_notification renders it in the seafarer's language, and %(when)s in their
    zone with Beijing time beside only when it differs (lib/zones.py)."""
    return wording.message("reminder_soon" if name == "soon" else "reminder_day", service)


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
    with transaction.atomic():
        sent = do_send_notification(
            seafarer,
            kind=KIND,
            message=reminder_message(name, appointment.slot.service),
            params={"when": appointment.slot.starts_at},
            url=wording.seafarer_page(appointment),
            dedupe_key=f"consultation-reminder-{appointment.pk}-{name}-{starts_at}",
        )
    return sent is not None


@task()
def send_consultation_reminder(appointment_id: int, starts_at: str, name: str) -> bool:
    return send_reminder(appointment_id, starts_at, name)


# A reminder whose task was lost or failed is still sent by the periodic sweep, if it is not
# later than this: "starts in 30 minutes" must not arrive when it starts in five.
SWEEP_LATE = timedelta(minutes=10)


def send_missed_reminders(now: datetime | None = None) -> int:
    """The periodic job ``consultations.reminders``: each reminder due in the last SWEEP_LATE
    and not yet sent (by any key of that appointment and reminder), sent now."""
    now = now or timezone.now()
    sent = 0
    for name, before in REMINDERS:
        due = Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            slot__starts_at__gt=now + before - SWEEP_LATE,
            slot__starts_at__lte=now + before,
        ).select_related("slot")
        for appointment in due:
            prefix = f"consultation-reminder-{appointment.pk}-{name}-"
            if Notification.objects.filter(
                user_id=appointment.seafarer_id, dedupe_key__startswith=prefix
            ).exists():
                continue
            sent += send_reminder(appointment.pk, appointment.slot.starts_at.isoformat(), name)
    return sent
