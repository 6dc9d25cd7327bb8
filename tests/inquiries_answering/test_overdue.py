"""Overdue escalation through the real task worker: the task row written with the question is
picked up by `manage.py db_worker` at the promised time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.accounts.models import User
from seafarers_home.alerts.models import DutyShift
from seafarers_home.audit.models import AuditEvent
from seafarers_home.inquiries.actions.answering import do_reply
from seafarers_home.inquiries.models import Question
from seafarers_home.inquiries.overdue import schedule_overdue_check
from seafarers_home.notifications.models import Notification
from tests.inquiries_answering.conftest import make_clinician, make_question
from tests.personas import World

TASK = "seafarers_home.inquiries.tasks.escalate_overdue_question"
OVERDUE_SMS = "海员之家:有一条在线咨询已超过承诺回复时间,请尽快处理。"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def off_duty_clinician(world: World) -> User:
    return make_clinician(world, "13800000023", "休息的医生")


@pytest.fixture
def duty(world: World, off_duty_clinician: User) -> World:
    """陈医生 is on duty at tier 1; the other clinician is not."""
    now = timezone.now()
    DutyShift.objects.create(
        user=world.clinician,
        tier=1,
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=6),
    )
    return world


def ask(world: World, *, due_in: timedelta, **kw) -> Question:
    """As the asking code does: question and its overdue check in one transaction."""
    with transaction.atomic():
        question = make_question(world.seafarer, due_in=due_in, **kw)
        schedule_overdue_check(question)
    return question


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_it_escalates_an_unanswered_question_to_the_duty_clinician_once(duty: World, outbox):
    question = ask(duty, due_in=-timedelta(minutes=1))

    run_worker()

    question.refresh_from_db()
    assert question.escalated_at is not None
    notes = Notification.objects.filter(kind="inquiry.overdue")
    assert [(n.user_id, n.url) for n in notes] == [
        (duty.clinician.pk, f"/inquiries/staff/{question.pk}/")
    ]
    assert outbox == [(duty.clinician.phone, OVERDUE_SMS)]
    assert question.title not in OVERDUE_SMS
    event = AuditEvent.objects.get(action="inquiry.escalate")
    assert (event.actor_label, event.target_id) == ("system", str(question.pk))
    assert event.detail == {"recipients": [duty.clinician.pk]}
    assert list(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True)) == [
        "SUCCESSFUL"
    ]

    # A second run, a re-enqueued task and the safety-net sweep change nothing.
    from seafarers_home.inquiries.tasks import escalate_overdue_question

    escalate_overdue_question.enqueue(question.pk)
    run_worker()
    call_command("runperiodic", "--job", "inquiries.escalate_overdue", "--force")
    assert Notification.objects.filter(kind="inquiry.overdue").count() == 1
    assert len(outbox) == 1
    assert AuditEvent.objects.filter(action="inquiry.escalate").count() == 1


def test_it_does_not_escalate_an_answered_question(duty: World, outbox):
    question = ask(duty, due_in=-timedelta(minutes=1))
    do_reply(question, duty.clinician, "请注意休息,多喝水。")
    outbox.clear()

    run_worker()

    question.refresh_from_db()
    assert question.escalated_at is None
    assert not Notification.objects.filter(kind="inquiry.overdue").exists()
    assert outbox == []
    assert DBTaskResult.objects.get(task_path=TASK).status == "SUCCESSFUL"


def test_it_does_not_escalate_while_waiting_for_the_seafarer(duty: World, outbox):
    question = ask(duty, due_in=-timedelta(minutes=1))
    Question.objects.filter(pk=question.pk).update(status="awaiting_seafarer")

    run_worker()

    question.refresh_from_db()
    assert question.escalated_at is None
    assert not Notification.objects.filter(kind="inquiry.overdue").exists()


def test_it_notifies_every_clinician_when_nobody_is_on_duty(
    world: World, off_duty_clinician: User, outbox
):
    ask(world, due_in=-timedelta(minutes=1))

    run_worker()

    assert set(
        Notification.objects.filter(kind="inquiry.overdue").values_list("user_id", flat=True)
    ) == {world.clinician.pk, off_duty_clinician.pk}


def test_it_reminds_the_clinician_who_claimed_but_did_not_answer(
    duty: World, off_duty_clinician: User, outbox
):
    question = ask(duty, due_in=-timedelta(minutes=1))
    Question.objects.filter(pk=question.pk).update(
        claimed_by=off_duty_clinician, claimed_at=timezone.now(), status="claimed"
    )

    run_worker()

    assert set(
        Notification.objects.filter(kind="inquiry.overdue").values_list("user_id", flat=True)
    ) == {duty.clinician.pk, off_duty_clinician.pk}


def test_it_waits_for_the_promised_time(duty: World, outbox):
    question = ask(duty, due_in=timedelta(hours=1))

    run_worker()  # the task is not due yet: the worker leaves it

    question.refresh_from_db()
    assert question.escalated_at is None
    assert DBTaskResult.objects.get(task_path=TASK).status == "READY"
    assert outbox == []


def test_a_task_run_early_leaves_the_question_to_the_sweep(duty: World, outbox):
    from seafarers_home.inquiries.tasks import escalate_overdue_question

    question = make_question(duty.seafarer, due_in=timedelta(hours=1))
    escalate_overdue_question.enqueue(question.pk)  # due now, an hour before the promise

    run_worker()

    question.refresh_from_db()
    assert question.escalated_at is None
    # No task re-enqueues itself: the periodic sweep escalates it once the promise runs out.
    assert not DBTaskResult.objects.filter(task_path=TASK, status="READY").exists()
    Question.objects.filter(pk=question.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    call_command("runperiodic", "--job", "inquiries.escalate_overdue", "--force")
    question.refresh_from_db()
    assert question.escalated_at is not None


def test_the_sweep_escalates_a_question_whose_task_was_lost(duty: World, outbox):
    question = make_question(duty.seafarer, due_in=-timedelta(minutes=5))  # no task row

    call_command("runperiodic", "--job", "inquiries.escalate_overdue")

    question.refresh_from_db()
    assert question.escalated_at is not None
    assert outbox == [(duty.clinician.phone, OVERDUE_SMS)]
