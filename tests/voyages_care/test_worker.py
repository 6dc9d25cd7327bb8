"""The daily run through the real task worker: the chain runs the pathway, schedules itself for
tomorrow (one chain only), and two worker runs send one reminder per task and type."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.notifications.models import Notification
from seafarers_home.voyages.models import CareTask
from seafarers_home.voyages.phases import seafarer_today
from seafarers_home.voyages.tasks import (
    TASK_PATH,
    next_run_time,
    run_daily_care_pathway,
    schedule_next_run,
)
from tests.voyages_care.conftest import ensure_default_plan, make_voyage

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_it_reminds_once_through_the_worker_run_twice(world, outbox):
    ensure_default_plan()
    today = seafarer_today(world.seafarer)
    # Departs the day after tomorrow: its three pre-departure tasks are due tomorrow.
    voyage = make_voyage(
        world.seafarer,
        world.vessel_a,
        departs=today + datetime.timedelta(days=2),
        returns=today + datetime.timedelta(days=90),
        recorded=timezone.now(),
    )
    run_daily_care_pathway.enqueue()

    run_worker()

    assert CareTask.objects.filter(voyage=voyage).count() == 3
    assert outbox == [(world.seafarer.phone, "海员之家:您有 3 项出海关怀任务待完成。")]
    runs = DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at")
    assert [r.status for r in runs] == ["SUCCESSFUL", "READY"]
    assert runs[1].run_after == next_run_time()
    assert runs[0].return_value["due_reminders"] == 3

    # The next day's run comes (moved to now) and the worker runs again: nothing twice.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()

    assert len(outbox) == 1
    assert Notification.objects.filter(user=world.seafarer, kind="care_task.due").count() == 1
    statuses = list(
        DBTaskResult.objects.filter(task_path=TASK_PATH)
        .order_by("enqueued_at")
        .values_list("status", flat=True)
    )
    assert statuses == ["SUCCESSFUL", "SUCCESSFUL", "READY"]


def test_it_keeps_one_daily_chain(db):
    assert schedule_next_run() is True
    assert schedule_next_run() is False
    call_command("run_care_pathway", "--schedule-only")
    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert waiting.count() == 1
    run_at = waiting.get().run_after.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert (run_at.hour, run_at.minute) == (9, 0)
    assert run_at > timezone.now()


def test_it_runs_from_the_command(world, capsys):
    ensure_default_plan()
    today = seafarer_today(world.seafarer)
    make_voyage(
        world.seafarer,
        world.vessel_a,
        departs=today + datetime.timedelta(days=10),
        returns=today + datetime.timedelta(days=90),
        recorded=timezone.now(),
    )
    call_command("run_care_pathway")
    out = capsys.readouterr().out
    assert "1 voyages" in out
    assert "3 tasks created" in out
    assert "daily run scheduled" in out
