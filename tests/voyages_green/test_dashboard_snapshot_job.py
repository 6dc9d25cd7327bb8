"""The periodic job ``voyages.dashboard_snapshot`` (voyages/periodic_jobs.py): the worker
rebuilds the programme dashboard's snapshot every 30 minutes, so new voyages reach the page
without waiting for the next daily care run."""

from __future__ import annotations

import datetime

from django.utils import timezone

from seafarers_home.core.periodic import registry, run_periodic
from seafarers_home.voyages.dashboard import build_dashboard
from seafarers_home.voyages.dashboard_snapshot import current_dashboard, refresh_dashboard_snapshot
from seafarers_home.voyages.models import DashboardSnapshot
from tests.personas import World
from tests.voyages_green.test_dashboard_snapshot import _voyages

JOB = "voyages.dashboard_snapshot"


def test_the_job_is_registered_every_30_minutes() -> None:
    assert registry()[JOB].interval() == datetime.timedelta(minutes=30)


def test_the_job_rebuilds_the_snapshot_with_the_new_voyages(world: World) -> None:
    _voyages(world, 20)
    refresh_dashboard_snapshot()
    old, _built = current_dashboard()
    _voyages(world, 40, start=20)
    assert current_dashboard()[0] == old != build_dashboard()

    now = timezone.now()
    assert run_periodic([JOB], now=now) == {JOB: True}
    stored, built_at = current_dashboard()
    assert stored == build_dashboard()
    assert built_at is not None and built_at >= now - datetime.timedelta(seconds=1)
    assert DashboardSnapshot.objects.count() == 1


def test_the_job_runs_at_most_once_per_30_minutes(world: World) -> None:
    _voyages(world, 10)
    now = timezone.now()
    assert run_periodic([JOB], now=now) == {JOB: True}
    built = DashboardSnapshot.objects.get().built_at
    assert run_periodic([JOB], now=now + datetime.timedelta(minutes=29)) == {}
    assert DashboardSnapshot.objects.get().built_at == built
    assert run_periodic([JOB], now=now + datetime.timedelta(minutes=31)) == {JOB: True}
