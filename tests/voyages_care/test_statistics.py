"""After a run that filled the task table, PostgreSQL's planner statistics of it are current:
with the statistics of the empty table the next run's reads scanned every task of the city
for each batch (issue 20 item 5, bench/README.md "The same-day rerun from rows")."""

from __future__ import annotations

import pytest
from django.db import connection

from seafarers_home.voyages import care
from seafarers_home.voyages.models import CareTask
from tests.voyages_care.conftest import day, make_voyage, run_at

pytestmark = pytest.mark.django_db


def _estimated_rows(model: type) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


def test_it_updates_the_planner_statistics_of_the_tables_a_big_run_filled(
    world, care_plan, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    monkeypatch.setattr(care, "ANALYZE_AFTER", 3)  # "big": a city's run writes 100,000 rows
    for n in range(3):
        make_voyage(world.seafarer, world.vessel_a, departs=day(10 + n), returns=day(100))

    report = run_at(0)

    assert report.tasks_created >= 3
    # ANALYZE counts the rows this (test) transaction inserted; autovacuum cannot see them.
    assert _estimated_rows(CareTask) == CareTask.objects.count()
