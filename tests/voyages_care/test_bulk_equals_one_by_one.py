"""The city-scale care run (issue 20 item 5: tasks in bulk, notifications in bulk) gives the
same result as the reference run that takes one voyage and one notification at a time: the
same tasks (status, assignee, reminders) and the same notifications and SMS, over a month of
daily runs on a mixed fixture (phases, time zones, facts, late and cancelled voyages, two
counsellors with unequal loads)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.notifications.models import Notification
from seafarers_home.screening.models import Battery, LessonCompletion, Screening
from seafarers_home.screening.training import all_lessons
from seafarers_home.voyages.care import run_care_pathway
from seafarers_home.voyages.models import CareTask, GreenChannelReferral, Voyage
from tests.personas import give_health_consent
from tests.voyages_care.conftest import NOW, add_seafarer, day, make_voyage

pytestmark = pytest.mark.django_db

ZONES = ["Asia/Shanghai", "Pacific/Auckland", "America/Panama", "Asia/Singapore"]
RUN_DAYS = [0, 0, 1, 3, 6, 8, 13, 16, 22, 31]


def _fixture(world, care_plan) -> None:
    second = User.objects.create_user("13800000099", "x-Password-1", display_name="二号咨询员")
    RoleGrant.objects.create(
        user=second,
        role=Role.COUNSELLOR,
        organisation=world.counsellor.role_grants.first().organisation,
    )
    # Unequal loads: the second counsellor already owes one follow-up.
    back = add_seafarer("13700009999", "已随访", world.vessel_a, "Asia/Shanghai")
    earlier = make_voyage(
        back,
        world.vessel_a,
        departs=day(-150),
        returns=day(-5),
        actual_departure=day(-150),
        actual_return=day(-5),
    )
    CareTask.objects.create(
        seafarer=back,
        voyage=earlier,
        step=care_plan["after-return-follow-up"],
        sequence=1,
        phase="after_return",
        due_at=NOW,
        assigned_to=second,
    )
    pre = Battery.objects.get(code="pre-departure")
    after = Battery.objects.get(code="after-return")
    for i in range(16):
        vessel = world.vessel_a if i % 2 else world.vessel_b
        person = add_seafarer(f"1370000{i:04d}", f"海员{i}", vessel, ZONES[i % len(ZONES)])
        kind = i % 4
        if kind == 0:  # before departure, some with their facts already done
            make_voyage(person, vessel, departs=day(5 + i), returns=day(120))
            if i % 8 == 0:
                Screening.objects.create(
                    seafarer=person,
                    battery=pre,
                    instrument_codes=list(pre.instrument_codes),
                    status=Screening.Status.COMPLETED,
                    completed_at=NOW,
                    risk_level="routine",
                )
                for lesson in all_lessons():
                    LessonCompletion.objects.create(user=person, lesson_slug=lesson.slug)
        elif kind == 1:  # at sea; every other one a late return
            make_voyage(
                person,
                vessel,
                departs=day(-40 - i),
                returns=day(-3 if i % 8 == 1 else 60),
                actual_departure=day(-40 - i),
            )
        elif kind == 2:  # back recently: after-return care and the counsellors' follow-ups
            make_voyage(
                person,
                vessel,
                departs=day(-150),
                returns=day(-i),
                actual_departure=day(-150),
                actual_return=day(-i),
            )
            # A return 心理CT needing follow-up: a green-channel referral — refused for the
            # one without the health-data consent.
            if i != 14:
                give_health_consent(person)
            Screening.objects.create(
                seafarer=person,
                battery=after,
                instrument_codes=list(after.instrument_codes),
                status=Screening.Status.COMPLETED,
                completed_at=NOW + datetime.timedelta(days=1 + i % 3),
                risk_level="follow_up",
            )
        else:  # cancelled, or returning during the month
            if i % 8 == 3:
                make_voyage(person, vessel, departs=day(30), returns=day(90), cancelled_at=NOW)
            else:
                make_voyage(
                    person, vessel, departs=day(-80), returns=day(10), actual_departure=day(-80)
                )


def _task_key(task_id: int) -> tuple:
    return tuple(
        CareTask.objects.filter(pk=task_id).values_list("voyage_id", "step__code", "sequence")[0]
    )


def _result(outbox) -> tuple:
    tasks = sorted(
        CareTask.objects.values_list(
            "voyage_id",
            "step__code",
            "sequence",
            "phase",
            "status",
            "due_at",
            "assigned_to_id",
            "completed_at",
            "reminded_at",
            "overdue_reminded_at",
        )
    )
    notifications = []
    for user_id, kind, message, url, key, sms in Notification.objects.values_list(
        "user_id", "kind", "message", "url", "dedupe_key", "sms_sent_at"
    ):
        # The key names a task by id, and ids differ between the two runs: name it by its
        # voyage, step and sequence instead.
        found = re.fullmatch(r"(care_task\.\w+)\.(\d+)", key)
        key = (found.group(1), _task_key(int(found.group(2)))) if found else key
        referral = re.fullmatch(r"green-channel-referral-(\d+)", str(key))
        if referral:  # named by id too: by its seafarer and voyage instead
            key = tuple(
                GreenChannelReferral.objects.filter(pk=int(referral.group(1))).values_list(
                    "seafarer_id", "voyage_id"
                )[0]
            )
        notifications.append((user_id, kind, message, url, key, sms is not None))
    referrals = sorted(
        GreenChannelReferral.objects.values_list(
            "seafarer_id", "voyage_id", "source", "screening_id"
        )
    )
    return tasks, sorted(notifications, key=repr), sorted(outbox), referrals


def _runs(one_by_one: bool, outbox, captured) -> tuple:
    outbox.clear()
    phases = []  # every voyage's cached phase after each run
    for offset in RUN_DAYS:
        with captured(execute=True):
            run_care_pathway(now=NOW + datetime.timedelta(days=offset), one_by_one=one_by_one)
        phases.append(sorted(Voyage.objects.values_list("pk", "phase")))
    return (*_result(outbox), phases)


def test_the_bulk_run_equals_the_one_by_one_run(
    world, care_plan, outbox, django_capture_on_commit_callbacks
):
    _fixture(world, care_plan)
    with transaction.atomic():
        bulk = _runs(False, outbox, django_capture_on_commit_callbacks)
        transaction.set_rollback(True)
    assert CareTask.objects.count() == 1 and not Notification.objects.exists()  # rolled back
    one_by_one = _runs(True, outbox, django_capture_on_commit_callbacks)

    tasks, notifications, sms, referrals, phases = bulk
    assert len(tasks) > 40 and len(notifications) > 10 and len(sms) > 10  # a real fixture
    assert {t[6] for t in tasks if t[1] == "after-return-follow-up"} - {None}  # follow-ups assigned
    assert referrals == one_by_one[3] and len(referrals) == 3  # one refused: no consent
    assert tasks == one_by_one[0]
    assert notifications == one_by_one[1]
    assert sms == one_by_one[2]
    assert phases == one_by_one[4]  # phases in SQL (phases_sql) = phase_on voyage by voyage
    assert len({phase for run in phases for _pk, phase in run}) == 4  # all occur
