"""Two workers sending reminders at the same moment on PostgreSQL: each task is claimed by one
of them, so one notification goes out (rows are claimed by UPDATE … RETURNING)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from seafarers_home.notifications.models import Notification
from seafarers_home.voyages.care import Plan, RunReport
from seafarers_home.voyages.care_reminders import send_reminders
from tests.voyages_care.conftest import NOW, day, ensure_default_plan, make_voyage, run_at

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_claims_each_reminder_once_under_concurrent_runs(world):
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency needs PostgreSQL (SQLite serialises writers)")
    ensure_default_plan()
    for seafarer, vessel in ((world.seafarer, world.vessel_a), (world.seafarer_b, world.vessel_b)):
        make_voyage(seafarer, vessel, departs=day(20), returns=day(90))
    run_at(0)  # six tasks, none due soon yet
    moment = NOW + datetime.timedelta(days=6)
    barrier = threading.Barrier(4)
    reports = [RunReport() for _ in range(4)]
    errors: list[BaseException] = []

    def worker(report: RunReport) -> None:
        try:
            barrier.wait()
            send_reminders(moment, Plan.load(), report)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(r,)) for r in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r.due_reminders for r in reports) == 4  # screening + training of each seafarer
    assert Notification.objects.filter(kind="care_task.due").count() == 2
    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        world.seafarer.pk,
        world.seafarer_b.pk,
    }
