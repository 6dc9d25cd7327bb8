"""The daily run as a periodic job (voyages/periodic_jobs.py): due at 09:00 hospital time, run
once however often the worker and cron ask, one reminder per task and type; and the minute
job that brings fresh facts onto the task page, which itself only reads."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from seafarers_home.core.models import PeriodicJobState
from seafarers_home.core.periodic import run_periodic
from seafarers_home.notifications.models import Notification
from seafarers_home.voyages.models import CareTask
from seafarers_home.voyages.periodic_jobs import next_run_time
from seafarers_home.voyages.phases import seafarer_today
from tests.voyages_care.conftest import ensure_default_plan, make_voyage

pytestmark = pytest.mark.django_db(transaction=True)
JOB = "voyages.care_pathway"


def test_it_reminds_once_however_often_it_is_asked(world, outbox):
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
    # Never run: the job is first due at the next 09:00 hospital time, not at once.
    assert run_periodic([JOB]) == {}
    due = PeriodicJobState.objects.get(name=JOB).next_due_at
    assert due == next_run_time()
    at_nine = due.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert (at_nine.hour, at_nine.minute) == (9, 0)

    assert run_periodic([JOB], now=due) == {JOB: True}
    assert run_periodic([JOB], now=due + datetime.timedelta(minutes=5)) == {}

    assert CareTask.objects.filter(voyage=voyage).count() == 3
    assert outbox == [(world.seafarer.phone, "海员之家:您有 3 项出海关怀任务待完成。")]
    # The next day's run: nothing twice.
    next_day = PeriodicJobState.objects.get(name=JOB).next_due_at
    assert next_day - due == datetime.timedelta(days=1)
    assert run_periodic([JOB], now=next_day) == {JOB: True}
    assert len(outbox) == 1
    assert Notification.objects.filter(user=world.seafarer, kind="care_task.due").count() == 1


def test_it_runs_from_the_command_when_forced(world, capsys):
    ensure_default_plan()
    today = seafarer_today(world.seafarer)
    voyage = make_voyage(
        world.seafarer,
        world.vessel_a,
        departs=today + datetime.timedelta(days=10),
        returns=today + datetime.timedelta(days=90),
        recorded=timezone.now(),
    )
    CareTask.objects.filter(voyage=voyage).delete()
    call_command("runperiodic", "--job", JOB, "--force")
    assert f"{JOB}: ok" in capsys.readouterr().out
    assert CareTask.objects.filter(voyage=voyage).count() == 3
