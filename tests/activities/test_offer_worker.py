"""The waiting list's confirmation deadline, through the real task worker: the offer's task
runs at its deadline, lets the unconfirmed offer lapse and offers the place to the next."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.activities.actions.signups import do_cancel_sign_up, do_sign_up
from seafarers_home.activities.models import SignUp
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "seafarers_home.activities.actions.signups.lapse_offer_task"


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_an_unconfirmed_offer_lapses_at_its_deadline_and_passes_on(world: World, publish) -> None:
    activity = publish(capacity=1)
    first, _ = do_sign_up(world.seafarer, activity)
    second, _ = do_sign_up(world.seafarer_b, activity)
    third, _ = do_sign_up(world.consented_seafarer, activity)
    do_cancel_sign_up(world.seafarer, first)
    second.refresh_from_db()
    assert second.status == "offered"
    task = DBTaskResult.objects.get(task_path=TASK)
    assert task.run_after == second.offered_until  # due at the deadline, not before

    run_worker()  # not due yet: nothing happens
    second.refresh_from_db()
    assert second.status == "offered"

    # The deadline passes.
    past = timezone.now() - datetime.timedelta(seconds=1)
    SignUp.objects.filter(pk=second.pk).update(offered_until=past)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=past)
    run_worker()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("lapsed", "offered")
    statuses = sorted(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True))
    assert statuses == ["READY", "SUCCESSFUL"]  # the next offer's deadline is queued in turn
