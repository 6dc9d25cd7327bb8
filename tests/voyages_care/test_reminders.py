"""Reminders: a due-soon reminder once, an overdue reminder once, grouped per person, no health
details; the counsellor is reminded of follow-ups; the help reminder at sea."""

from __future__ import annotations

import datetime

import pytest

from seafarers_home.notifications.models import Notification
from seafarers_home.voyages.models import CareTask
from tests.voyages_care.conftest import NOW, day, make_voyage, run_at, task, tasks_of

pytestmark = pytest.mark.django_db

SMS = "海员之家:"
HEALTH_WORDS = ("PHQ", "GAD", "抑郁", "焦虑", "风险", "分数", "心理CT", "筛查")


def run_sending(captured, offset: float):
    with captured(execute=True):
        return run_at(offset)


def test_it_sends_the_due_soon_reminder_once_then_the_overdue_reminder_once(
    world, care_plan, outbox, django_capture_on_commit_callbacks
):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(20), returns=day(90))
    first = run_sending(django_capture_on_commit_callbacks, 0)
    # Screening and training are due in 7 days, the clearance in 14: nothing due soon yet.
    assert first.tasks_created == 3
    assert outbox == []

    report = run_sending(django_capture_on_commit_callbacks, 6)
    again = run_sending(django_capture_on_commit_callbacks, 6.5)

    # Two tasks due together: one SMS that says so, once.
    assert (report.due_reminders, again.due_reminders) == (2, 0)
    assert outbox == [(world.seafarer.phone, SMS + "您有 2 项出海关怀任务待完成。")]
    reminded = CareTask.objects.filter(voyage=voyage, reminded_at__isnull=False)
    assert set(reminded.values_list("step__code", flat=True)) == {
        "pre-departure-screening",
        "pre-departure-training",
    }

    overdue = run_sending(django_capture_on_commit_callbacks, 8)
    overdue_again = run_sending(django_capture_on_commit_callbacks, 9)
    assert (overdue.overdue_reminders, overdue_again.overdue_reminders) == (2, 0)
    assert outbox[1:] == [(world.seafarer.phone, SMS + "您有 2 项出海关怀任务已过期未完成。")]
    # The clearance (due on day 14) is not overdue yet and was not reminded as overdue.
    assert task(voyage, "pre-departure-clearance").overdue_reminded_at is None
    kinds = list(Notification.objects.filter(user=world.seafarer).values_list("kind", flat=True))
    assert sorted(kinds) == ["care_task.due", "care_task.overdue"]
    for _phone, text in outbox:
        assert not any(word in text for word in HEALTH_WORDS), text


def test_it_closes_missed_pre_departure_tasks_at_departure_without_an_overdue_reminder(
    world, care_plan, outbox, django_capture_on_commit_callbacks
):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(3), returns=day(90))
    run_sending(django_capture_on_commit_callbacks, 0)
    run_sending(django_capture_on_commit_callbacks, 3)  # departure day
    assert {s for (code, _n), s in tasks_of(voyage).items() if code.startswith("pre")} == {
        "cancelled"
    }
    assert not Notification.objects.filter(kind="care_task.overdue").exists()


def test_it_does_not_remind_a_done_task(
    world, care_plan, outbox, django_capture_on_commit_callbacks
):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(3), returns=day(90))
    run_at(0)
    CareTask.objects.filter(voyage=voyage).exclude(step__code="pre-departure-training").update(
        status="done", completed_at=NOW
    )
    run_sending(django_capture_on_commit_callbacks, 1)
    assert outbox == [(world.seafarer.phone, SMS + "您有 1 项出海关怀任务待完成。")]


def test_it_reminds_the_assigned_counsellor_of_a_follow_up(
    world, care_plan, outbox, django_capture_on_commit_callbacks
):
    voyage = make_voyage(
        world.seafarer, world.vessel_a, departs=day(-100), returns=day(-13), actual_return=day(-13)
    )
    run_sending(django_capture_on_commit_callbacks, 0)

    follow_up = task(voyage, "after-return-follow-up")
    assert follow_up.assigned_to == world.counsellor
    assert follow_up.due_at.date() == day(1)

    assert (world.counsellor.phone, SMS + "您有 1 项归港随访待联系。") in outbox
    # The seafarer's own after-return tasks were due 7 days after return: overdue.
    assert (world.seafarer.phone, SMS + "您有 2 项出海关怀任务已过期未完成。") in outbox
    assert len(outbox) == 2
    note = Notification.objects.get(user=world.counsellor)
    assert note.url == "/voyages/care/follow-ups/"


def test_it_sends_the_help_reminder_at_sea_once_and_marks_it_done(
    world, care_plan, outbox, django_capture_on_commit_callbacks, settings
):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(0), returns=day(90))
    report = run_sending(django_capture_on_commit_callbacks, 0)
    run_sending(django_capture_on_commit_callbacks, 1)

    assert report.help_reminders == 1
    assert len(outbox) == 1
    phone, text = outbox[0]
    assert phone == world.seafarer.phone
    assert settings.PLATFORM_HOTLINE_NUMBER in text
    assert settings.NATIONAL_PSY_HOTLINE_NUMBER in text
    help_task = task(voyage, "at-sea-help-reminder")
    assert help_task.status == "done"
    assert help_task.completed_at == NOW


def test_it_reminds_only_once_under_two_runs_at_the_same_time(world, care_plan, outbox):
    make_voyage(world.seafarer, world.vessel_a, departs=day(3), returns=day(90))
    run_at(0)
    moment = NOW + datetime.timedelta(days=1)
    from seafarers_home.voyages.care import Plan, RunReport
    from seafarers_home.voyages.care_reminders import send_reminders

    first, second = RunReport(), RunReport()
    send_reminders(moment, Plan.load(), first)
    send_reminders(moment, Plan.load(), second)  # same instant: nothing left to claim
    assert (first.due_reminders, second.due_reminders) == (3, 0)
    assert Notification.objects.filter(kind="care_task.due").count() == 1
