"""Raising, delivering, acknowledging and escalating crisis alerts (DOMAIN rule 2).

Routing: an alert goes to the people on duty at its tier (a ``DutyShift`` covering the moment).
If nobody is on duty at that tier — an unstaffed roster, a gap between shifts, a tier above the
roster — it goes to every clinician instead, so an alert is never unrouted.

Durability: the alert row, its audit row and the escalation task row are written in the
caller's transaction (the task backend stores tasks in the same database), so either all of
them exist or none does. Live events and SMS go out only after commit. Should a task row ever
be lost, ``manage.py escalate_alerts`` (run by cron or the worker host every minute) escalates
every overdue open alert anyway: both paths call ``escalate_due_alerts``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.accounts.sms import get_sms_backend
from seafarers_home.alerts import tasks  # a module: the tasks call back into these services
from seafarers_home.alerts.models import AlertNotification, CrisisAlert
from seafarers_home.alerts.reasons import reason_text
from seafarers_home.audit.services import record_audit
from seafarers_home.notifications.consumers import user_group

logger = logging.getLogger("seafarers_home.alerts")

# Tier 1 on-duty clinician, tier 2 on-call psychiatrist, tier 3 the clinic's head. An alert at
# the top tier keeps re-notifying that tier on the same timer until someone acknowledges it.
MAX_TIER = 3
CLINICIANS_GROUP = "alerts.clinicians"

# Deliberately free of health details and of the seafarer's name: SMS is not confidential.
ALERT_SMS_TEXT = "海员之家:有一条新的危机警报待确认,请立即登录处理。"


class NotAClinician(PermissionError):
    """Only clinicians acknowledge alerts."""


def alert_group(user_id: int) -> str:
    return f"alerts.user.{user_id}"


def escalation_delay() -> timedelta:
    return timedelta(seconds=settings.CRISIS_ESCALATION_SECONDS)


def all_clinicians() -> list[User]:
    return list(
        User.objects.filter(role_grants__role=Role.CLINICIAN, is_active=True)
        .distinct()
        .order_by("pk")
    )


def on_duty(tier: int, at: datetime | None = None) -> list[User]:
    """People with a shift covering ``at`` at ``tier``; every clinician if there is nobody."""
    at = at or timezone.now()
    people = list(
        User.objects.filter(
            duty_shifts__tier=tier,
            duty_shifts__starts_at__lte=at,
            duty_shifts__ends_at__gt=at,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    return people or all_clinicians()


def alert_payload(alert: CrisisAlert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "status": alert.status,
        "tier": alert.tier,
        "source": alert.get_source_display(),
        "reason": reason_text(alert),
        "seafarer": str(alert.seafarer),
        "created_at": alert.created_at.isoformat(),
    }


def _send_live(alert: CrisisAlert, recipients: list[User], event: str) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "alert.event", "event": event, "alert": alert_payload(alert)}
    send = async_to_sync(layer.group_send)
    try:
        send(CLINICIANS_GROUP, message)
        for person in recipients:
            send(alert_group(person.pk), {**message, "attention": True})
            # The site-wide notifications socket too, so the bell rings on any page.
            send(user_group(person.pk), {"type": "notify", "payload": {"kind": "crisis_alert"}})
    except Exception:  # SMS and the board still carry the alert
        logger.exception("live delivery of alert %s failed", alert.pk)


def _notify(alert: CrisisAlert, recipients: list[User]) -> None:
    """After commit: the live event and its rows now; the SMS from the task worker
    (``send_alert_sms``), so that a slow gateway never holds up a help-now press or a reply."""
    _send_live(alert, recipients, "new" if alert.tier == 1 else "escalated")
    AlertNotification.objects.bulk_create(
        AlertNotification(alert=alert, recipient=person, tier=alert.tier, channel="websocket")
        for person in recipients
    )
    tasks.send_alert_sms.using(backend=settings.SMS_TASKS_BACKEND).enqueue(
        alert.pk, alert.tier, [person.pk for person in recipients]
    )


def send_alert_sms_now(alert_id: int, tier: int, recipient_ids: list[int]) -> int:
    """The alert's SMS to each recipient, one AlertNotification row per SMS sent. A failed
    SMS is logged and not retried: the next tier's escalation is the alert's retry."""
    backend = get_sms_backend()
    sent = []
    for person in User.objects.filter(pk__in=recipient_ids).order_by("pk"):
        try:
            backend.send(person.phone, ALERT_SMS_TEXT)
        except Exception:  # one failed SMS must not stop the others
            logger.exception("SMS for alert %s to user %s failed", alert_id, person.pk)
            continue
        sent.append(
            AlertNotification(alert_id=alert_id, recipient=person, tier=tier, channel="sms")
        )
    AlertNotification.objects.bulk_create(sent)
    return len(sent)


def _schedule_escalation(alert: CrisisAlert) -> None:
    tasks.escalate_alert.using(run_after=alert.escalate_at).enqueue(alert.pk)


def do_raise_crisis_alert(
    seafarer: User,
    *,
    source: str,
    source_id: str,
    reason: str,
    request: HttpRequest | None = None,
    tier: int = 1,
) -> CrisisAlert:
    """Create an open alert at ``tier`` (1, the on-duty clinician, unless a request pages the
    on-call psychiatrist directly). Call inside the caller's transaction."""
    with transaction.atomic():
        alert = CrisisAlert.objects.create(
            seafarer=seafarer,
            source=source,
            source_id=str(source_id)[:64],
            reason=reason[:80],
            tier=min(max(tier, 1), MAX_TIER),
            escalate_at=timezone.now() + escalation_delay(),
        )
        actor = request.user if request is not None else None
        record_audit(
            actor,
            "alert.raise",
            target=alert,
            purpose="crisis",
            request=request,
            detail={"source": source, "source_id": str(source_id), "reason": reason},
        )
        _schedule_escalation(alert)
        # robust: a failing notification must not turn the seafarer's committed answer into an
        # error page; the alert is stored, on the board, and escalates regardless.
        transaction.on_commit(lambda: _notify(alert, on_duty(alert.tier)), robust=True)
    return alert


def do_acknowledge_alert(
    alert: CrisisAlert, clinician: User, request: HttpRequest | None = None
) -> CrisisAlert:
    """Take the alert; stops escalation. Acknowledging twice changes nothing."""
    if not clinician.has_role(Role.CLINICIAN):
        raise NotAClinician
    with transaction.atomic():
        locked = CrisisAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != CrisisAlert.Status.OPEN:
            return locked
        locked.status = CrisisAlert.Status.ACKNOWLEDGED
        locked.acknowledged_by = clinician
        locked.acknowledged_at = timezone.now()
        locked.escalate_at = None
        locked.save(
            update_fields=[
                "status",
                "acknowledged_by",
                "acknowledged_at",
                "escalate_at",
                "updated_at",
            ]
        )
        record_audit(
            clinician, "alert.acknowledge", target=locked, purpose="crisis", request=request
        )
        transaction.on_commit(lambda: _send_live(locked, [], "acknowledged"), robust=True)
    return locked


def _due_alerts(now: datetime, alert_id: int | None):
    qs = CrisisAlert.objects.filter(status=CrisisAlert.Status.OPEN, escalate_at__lte=now)
    if alert_id is not None:
        qs = qs.filter(pk=alert_id)
    if connection.features.has_select_for_update_skip_locked:
        # Several workers claim disjoint rows; SQLite's IMMEDIATE transactions serialise instead.
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return qs.select_related("seafarer").order_by("escalate_at", "pk")


def escalate_due_alerts(alert_id: int | None = None) -> int:
    """Move every overdue open alert one tier up and notify that tier. Returns how many.

    Claiming and rescheduling happen in one transaction, so a second run at the same instant
    (or a second worker) finds nothing due: each overdue step escalates exactly once.
    """
    now = timezone.now()
    escalated: list[CrisisAlert] = []
    with transaction.atomic():
        for alert in _due_alerts(now, alert_id):
            previous = alert.tier
            alert.tier = min(alert.tier + 1, MAX_TIER)
            alert.escalate_at = now + escalation_delay()
            alert.save(update_fields=["tier", "escalate_at", "updated_at"])
            record_audit(
                None,
                "alert.escalate",
                target=alert,
                purpose="crisis",
                detail={"from_tier": previous, "to_tier": alert.tier},
            )
            _schedule_escalation(alert)
            escalated.append(alert)
        for alert in escalated:
            transaction.on_commit(
                lambda alert=alert: _notify(alert, on_duty(alert.tier, now)), robust=True
            )
    return len(escalated)
