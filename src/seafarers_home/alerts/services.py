"""Who an alert goes to and what its live event says (DOMAIN rule 2); the writes — raising,
acknowledging, escalating, the SMS — are in ``alerts/actions/raising.py``.

Routing: an alert goes to the people on duty at its tier (a ``DutyShift`` covering the moment).
If nobody is on duty at that tier — an unstaffed roster, a gap between shifts, a tier above the
roster — it goes to every clinician instead, so an alert is never unrouted.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import timezone, translation

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.reasons import reason_text
from seafarers_home.notifications.consumers import user_group

logger = logging.getLogger("seafarers_home.alerts")

# Tier 1 on-duty clinician, tier 2 on-call psychiatrist, tier 3 the clinic's head. An alert at
# the top tier keeps re-notifying that tier on the same timer until someone acknowledges it.
MAX_TIER = 3
CLINICIANS_GROUP = "alerts.clinicians"

# Deliberately free of health details and of the seafarer's name: SMS is not confidential.
ALERT_SMS_TEXT = "海员之家:有一条新的危机警报待确认,请立即登录处理。"


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
    """The alert as the board's live row shows it. Its words in every language of the site
    (``labels``): the event is raised in the language of whoever raised it (a seafarer reading
    in English), and each clinician's socket shows it in the clinician's own."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = {
                "status_label": str(alert.get_status_display()),
                "source": str(alert.get_source_display()),
                "reason": reason_text(alert),
            }
    # The words of the language active here, as before: read once above, not again.
    here = labels.get(translation.get_language() or "", labels[settings.LANGUAGE_CODE])
    return {
        "id": alert.pk,
        "status": alert.status,
        "tier": alert.tier,
        **here,
        "labels": labels,
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
