"""The hotline's timers as one periodic job (core/periodic.py), every HOTLINE_TIMER_SECONDS in
the worker: offers that timed out, callers nobody answered, calls whose counsellor vanished,
callbacks whose time has come, then dispatching. The event-driven tasks (hotline/tasks.py)
fire at the exact moment; this job is what keeps the queue moving should one be late or lost.
Pages only read: neither the console nor the caller's page runs a timer."""

from __future__ import annotations

import datetime

from django.conf import settings

from seafarers_home.core.periodic import periodic_job
from seafarers_home.hotline.actions.timers import run_due


def _every() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.HOTLINE_TIMER_SECONDS)


@periodic_job("hotline.timers", every=_every)
def run_hotline_timers() -> None:
    """Offer time-outs, no-answer callbacks, dropped calls, due callbacks; then dispatch."""
    run_due()
