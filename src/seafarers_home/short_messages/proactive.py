"""Item 6: the at-sea check-ins go to a bound terminal when the seafarer has not opened the app.

- **The pulse.** An open at-sea pulse task of the care pathway (PHQ-4 + WHO-5 every 30 days,
  voyages/care.py) whose period began ``SHORT_MESSAGE_PULSE_AFTER_DAYS`` ago or more, while the
  seafarer has not opened the app since it began: one short message asks for ``P4`` and ``W5``
  (their questions are on the printed command card) or ``平安``. The answers complete the pulse
  as the web form's would (handlers.py), ``平安`` completes the check-in.
- **How to reach help.** The pathway's help reminder (sent in the app and by SMS at departure,
  voyages/care_reminders.py), when the app was not opened in the days after it: once more by
  short message, with the numbers.

Once per task (the outgoing message's ``dedupe_key``), to one terminal (the first bound with the
check-ins on: a seafarer switches them off per terminal on the terminals page). Run hourly by
the periodic job ``short_messages.at_sea_check_ins``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from seafarers_home.short_messages import replies
from seafarers_home.short_messages.models import OutboundMessage, Terminal
from seafarers_home.short_messages.senders import store_outbound
from seafarers_home.voyages.models import CarePlanStep, CareTask, Phase

BATCH = 500
HELP_WITHIN = timedelta(days=30)


@dataclass
class CheckInReport:
    pulses: int = 0
    help_reminders: int = 0


def _not_opened_since(field: str) -> Q:
    """A bound terminal with the check-ins on, of a seafarer who has not opened the app since
    the task's ``field`` — in one filter() call, so the conditions hold for the same terminal."""
    return Q(
        seafarer__terminals__status=Terminal.Status.BOUND,
        seafarer__terminals__proactive=True,
    ) & (
        Q(seafarer__terminals__app_opened_at__isnull=True)
        | Q(seafarer__terminals__app_opened_at__lt=F(field))
    )


def _send(tasks: list[CareTask], prefix: str, text: object, params: dict) -> int:
    keys = {f"{prefix}:{task.pk}:1" for task in tasks}
    done = set(
        OutboundMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    sent = 0
    for task in tasks:
        if f"{prefix}:{task.pk}:1" in done:
            continue
        terminal = (
            Terminal.objects.select_related("seafarer")
            .filter(seafarer_id=task.seafarer_id, status=Terminal.Status.BOUND, proactive=True)
            .order_by("pk")
            .first()
        )
        if terminal is None:
            continue
        with transaction.atomic():
            stored = store_outbound(
                terminal.gateway,
                terminal.address,
                replies.render(terminal.seafarer.preferred_language, (text, params)),
                kind=prefix,
                dedupe_key=f"{prefix}:{task.pk}",
                seafarer=terminal.seafarer,
            )
        sent += bool(stored)
    return sent


def send_at_sea_check_ins(now: datetime | None = None) -> CheckInReport:
    now = now or timezone.now()
    report = CheckInReport()
    after = timedelta(days=settings.SHORT_MESSAGE_PULSE_AFTER_DAYS)
    pulses = list(
        CareTask.objects.filter(
            _not_opened_since("created_at"),
            status=CareTask.Status.OPEN,
            phase=Phase.AT_SEA,
            step__kind=CarePlanStep.Kind.PULSE,
            created_at__lte=now - after,
        )
        .distinct()
        .order_by("pk")[:BATCH]
    )
    report.pulses = _send(pulses, "pulse", replies.PULSE, {})
    helps = list(
        CareTask.objects.filter(
            _not_opened_since("reminded_at"),
            step__kind=CarePlanStep.Kind.HELP_REMINDER,
            reminded_at__lte=now - after,
            reminded_at__gte=now - HELP_WITHIN,
        )
        .distinct()
        .order_by("pk")[:BATCH]
    )
    numbers = replies.numbers()
    report.help_reminders = _send(
        helps,
        "help",
        replies.HELP_REMINDER,
        {"hotline": numbers["hotline"], "national": numbers["national"]},
    )
    return report
