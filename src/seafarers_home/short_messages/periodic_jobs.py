"""The short-message channel's periodic work (core/periodic.py): the one retry of outgoing
messages, the at-sea check-ins (proactive.py) and the pruning of old message records."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django.utils import timezone

from seafarers_home.core.periodic import periodic_job
from seafarers_home.short_messages.models import InboundMessage, OutboundMessage
from seafarers_home.short_messages.proactive import send_at_sea_check_ins
from seafarers_home.short_messages.senders import retry_unsent

KEEP = datetime.timedelta(days=365)
KEEP_UNBOUND = datetime.timedelta(days=30)


@periodic_job("short_messages.retry", every=datetime.timedelta(minutes=2))
def retry_short_messages() -> int:
    """Send what a task did not: lost, failed at the gateway, or stuck mid-send."""
    return retry_unsent()


@periodic_job("short_messages.at_sea_check_ins", every=datetime.timedelta(hours=1))
def at_sea_check_ins() -> dict[str, int]:
    """The pulse and the help reminder to bound terminals of seafarers who did not open the app."""
    return asdict(send_at_sea_check_ins())


@periodic_job("short_messages.prune", every=datetime.timedelta(days=1))
def prune_short_messages() -> int:
    """Message records after a year; those of terminals nobody bound after 30 days."""
    now = timezone.now()
    deleted = InboundMessage.objects.filter(created_at__lt=now - KEEP).delete()[0]
    deleted += InboundMessage.objects.filter(
        seafarer__isnull=True, created_at__lt=now - KEEP_UNBOUND
    ).delete()[0]
    deleted += OutboundMessage.objects.filter(created_at__lt=now - KEEP).delete()[0]
    deleted += OutboundMessage.objects.filter(
        seafarer__isnull=True, created_at__lt=now - KEEP_UNBOUND
    ).delete()[0]
    return deleted
