"""The audit chain's signed checkpoint every AUDIT_CHECKPOINT_MINUTES (core/periodic.py). A
worker that starts with the job overdue writes one at once. ``manage.py audit_checkpoint``
still writes one by hand (after a restore, before an upgrade)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings

from seafarers_home.audit.chain import ChainBroken
from seafarers_home.audit.chaining import chain_pending
from seafarers_home.audit.checkpoints import write_checkpoint
from seafarers_home.core.periodic import periodic_job

logger = logging.getLogger("seafarers_home.audit")


def _every() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)


@periodic_job("audit.checkpoint", every=_every)
def write_audit_checkpoint() -> dict[str, Any]:
    """Verify the rows since the last checkpoint and append a signed checkpoint."""
    try:
        checkpoint = write_checkpoint()
    except ChainBroken as broken:
        # Loud: a broken chain is evidence of tampering (or a restore that lost rows).
        logger.error("audit chain broken at %s: %s", broken.event_id, broken.reason)
        raise
    return checkpoint.fields()


def _sweep_every() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.AUDIT_CHAIN_SWEEP_SECONDS)


@periodic_job("audit.chain", every=_sweep_every)
def chain_audit_rows() -> int:
    """Link audit rows a process left pending (it stopped between its commit and its own
    chaining step, audit/chaining.py); usually there are none."""
    return chain_pending()
