"""Voyage care's periodic jobs (core/periodic.py).

- ``voyages.care_pathway``: the daily run at RUN_AT hospital time (phases, tasks, reminders);
  replaces the self-renewing task chain and the ``run_care_pathway`` cron command.
- ``voyages.sync_recent``: every minute, the voyages of seafarers with a fresh fact (a screening
  completed, a lesson done, a clearance or a follow-up recorded in the last LOOKBACK) and the
  voyages that change phase around today, so that the seafarer's task page (which only reads)
  shows a screening taken a minute ago as done without waiting for tomorrow's run.
- ``voyages.dashboard_snapshot``: every REFRESH (30 minutes), the programme dashboard's stored
  figures rebuilt (the page reads the snapshot; the daily run also rebuilds it after it ends).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from seafarers_home.core.periodic import periodic_job
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.screening.models import Clearance, LessonCompletion, Screening
from seafarers_home.voyages.care import (
    ACTIVE_PHASES,
    Plan,
    RunReport,
    VoyageRow,
    process_voyages,
    voyage_rows,
)
from seafarers_home.voyages.care import run_care_pathway as run_pathway
from seafarers_home.voyages.dashboard_snapshot import REFRESH, refresh_dashboard_snapshot
from seafarers_home.voyages.models import FollowUpOutcome, Voyage

# Reminders arrive in the morning (hospital time), not at midnight.
RUN_AT = datetime.time(9, 0)
# Longer than the job's interval, so that a late or failed run still sees every fact.
LOOKBACK = datetime.timedelta(minutes=15)


def next_run_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next RUN_AT in the hospital's zone, strictly after ``now``."""
    zone = hospital_zone()
    local = timezone.localtime(now or timezone.now(), zone)
    candidate = datetime.datetime.combine(local.date(), RUN_AT, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), RUN_AT, tzinfo=zone
        )
    return candidate


@periodic_job("voyages.care_pathway", next_due=next_run_time)
def run_daily_care_pathway() -> dict[str, object]:
    """The daily care run: every active voyage's phase and tasks, then due reminders."""
    return run_pathway().as_dict()


def seafarers_with_new_facts(since: datetime.datetime) -> set[int]:
    ids: set[int] = set()
    ids.update(
        Screening.objects.filter(
            status=Screening.Status.COMPLETED, completed_at__gte=since
        ).values_list("seafarer_id", flat=True)
    )
    ids.update(
        LessonCompletion.objects.filter(created_at__gte=since).values_list("user_id", flat=True)
    )
    ids.update(
        Clearance.objects.filter(created_at__gte=since).values_list("seafarer_id", flat=True)
    )
    ids.update(
        FollowUpOutcome.objects.filter(created_at__gte=since).values_list(
            "task__seafarer_id", flat=True
        )
    )
    return ids


def voyages_to_sync(now: datetime.datetime) -> list[VoyageRow]:
    """Active voyages of seafarers with fresh facts, and those whose dates fall around today
    (a phase begins at the seafarer's midnight, which is not the hospital's)."""
    today = timezone.localdate(now, hospital_zone())
    around = (today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    near = (
        Q(planned_departure__range=around)
        | Q(actual_departure__range=around)
        | Q(expected_return__range=around)
        | Q(actual_return__range=around)
    )
    fresh = seafarers_with_new_facts(now - LOOKBACK)
    return voyage_rows(
        Voyage.objects.filter(cancelled_at__isnull=True, phase__in=ACTIVE_PHASES)
        .filter(near | Q(seafarer_id__in=fresh))
        .order_by("pk")
    )


@periodic_job("voyages.sync_recent", every=datetime.timedelta(minutes=1))
def sync_recent_voyages() -> int:
    """Care tasks of voyages with fresh facts or a phase change around today, brought up to
    date (no reminders: those wait for the daily run)."""
    now = timezone.now()
    voyages = voyages_to_sync(now)
    if voyages:
        process_voyages(voyages, now, Plan.load(), RunReport())
    return len(voyages)


@periodic_job("voyages.dashboard_snapshot", every=REFRESH)
def rebuild_dashboard_snapshot() -> str:
    """The programme dashboard's figures rebuilt from the rows and stored as the snapshot the
    page reads, so that it is never older than REFRESH (plus one run)."""
    return refresh_dashboard_snapshot().built_at.isoformat()
