"""Raising, delivering, acknowledging and escalating crisis alerts (DOMAIN rule 2); routing
and the live event are in ``alerts/services.py``.

Durability: the alert row, its audit row and the escalation task row are written in the
caller's transaction (the task backend stores tasks in the same database), so either all of
them exist or none does. Live events and SMS go out only after commit. Should a task row ever
be lost, the periodic job ``alerts.escalate`` (alerts/periodic_jobs.py) escalates every overdue
open alert anyway: both paths call ``escalate_due_alerts``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.accounts.sms import get_sms_backend
from seafarers_home.alerts import tasks  # a module: the tasks call back into these actions
from seafarers_home.alerts.models import AlertNotification, CrisisAlert
from seafarers_home.alerts.services import (
    ALERT_SMS_TEXT,
    MAX_TIER,
    _send_live,
    escalation_delay,
    on_duty,
)
from seafarers_home.audit.services import record_audit
from seafarers_home.permissions.roles import require_clinician

logger = logging.getLogger("seafarers_home.alerts")


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
    require_clinician(clinician)
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
