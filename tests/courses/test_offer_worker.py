"""A seat freed in a full session is offered to the oldest waiting applicant with a deadline to
confirm, through the real task worker: the offer's task runs at its deadline, lets an
unconfirmed offer lapse and offers the seat to the next in line; a confirmed offer stays; the
periodic sweep catches an offer whose task was lost; nobody is offered a seat after the start."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.courses.actions.applying import do_apply, do_withdraw_application
from seafarers_home.courses.actions.deciding import do_decide_application
from seafarers_home.courses.actions.offers import (
    OFFER_HOURS,
    do_confirm_seat,
    lapse_due_seat_offers,
    session_begins,
)
from seafarers_home.courses.errors import Refused
from seafarers_home.courses.models import Application, CourseSession
from seafarers_home.notifications.models import Notification
from tests.courses.conftest import publish
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "seafarers_home.courses.actions.offers.lapse_seat_offer_task"
Status = Application.Status


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def _full_session_with_two_waiting(world: World) -> tuple[CourseSession, list[Application]]:
    session = publish(world, seats=1)
    people = (world.seafarer, world.seafarer_b, world.consented_seafarer)
    applications = [do_apply(person, session) for person in people]
    for application in applications:
        do_decide_application(application, world.training_officer, approve=True)
    return session, applications


def _reload(*applications: Application) -> list[str]:
    return [Application.objects.get(pk=a.pk).status for a in applications]


def test_an_unconfirmed_seat_offer_lapses_at_its_deadline_and_passes_on(world: World) -> None:
    _session, (first, second, third) = _full_session_with_two_waiting(world)
    before = timezone.now()
    do_withdraw_application(first, world.seafarer)
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    assert before + datetime.timedelta(hours=OFFER_HOURS) <= second.offered_until
    assert Notification.objects.filter(user=world.seafarer_b, kind="course.offered").exists()
    task = DBTaskResult.objects.get(task_path=TASK)
    assert task.run_after == second.offered_until  # due at the deadline, not before

    run_worker()  # not due yet: nothing happens
    assert _reload(second, third) == [Status.OFFERED, Status.WAITLISTED]

    past = timezone.now() - datetime.timedelta(seconds=1)
    Application.objects.filter(pk=second.pk).update(offered_until=past)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=past)
    run_worker()
    assert _reload(second, third) == [Status.LAPSED, Status.OFFERED]
    assert Notification.objects.filter(user=world.seafarer_b, kind="course.lapsed").exists()
    told = Notification.objects.filter(user=world.consented_seafarer, kind="course.offered")
    assert told.count() == 1
    statuses = sorted(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True))
    assert statuses == ["READY", "SUCCESSFUL"]  # the next offer's deadline is queued in turn
    # too late for the second: the seat has passed on
    with pytest.raises(Refused):
        do_confirm_seat(second, world.seafarer_b)


def test_a_confirmed_offer_keeps_its_seat_when_the_task_runs(world: World) -> None:
    _session, (first, second, third) = _full_session_with_two_waiting(world)
    do_withdraw_application(first, world.seafarer)
    do_confirm_seat(Application.objects.get(pk=second.pk), world.seafarer_b)
    assert do_confirm_seat(second, world.seafarer_b).status == Status.APPROVED  # twice: same
    DBTaskResult.objects.filter(task_path=TASK).update(run_after=timezone.now())
    run_worker()
    assert _reload(second, third) == [Status.APPROVED, Status.WAITLISTED]


def test_the_sweep_lapses_an_offer_whose_task_was_lost(world: World) -> None:
    _session, (first, second, third) = _full_session_with_two_waiting(world)
    do_withdraw_application(first, world.seafarer)
    DBTaskResult.objects.filter(task_path=TASK).delete()
    second.refresh_from_db()
    assert lapse_due_seat_offers(second.offered_until - datetime.timedelta(seconds=1)) == 0
    assert lapse_due_seat_offers(second.offered_until + datetime.timedelta(seconds=1)) == 1
    assert _reload(second, third) == [Status.LAPSED, Status.OFFERED]


def test_the_deadline_never_passes_the_sessions_first_morning(world: World) -> None:
    session, (first, second, _third) = _full_session_with_two_waiting(world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    CourseSession.objects.filter(pk=session.pk).update(starts_on=tomorrow)
    do_withdraw_application(first, world.seafarer)
    second.refresh_from_db()
    session.refresh_from_db()
    assert second.offered_until == session_begins(session)
    # once the session has begun, a freed seat is offered to nobody
    CourseSession.objects.filter(pk=session.pk).update(starts_on=timezone.localdate())
    do_confirm_seat(second, world.seafarer_b)
    do_withdraw_application(second, world.seafarer_b)
    assert Application.objects.filter(status=Status.OFFERED).count() == 0
