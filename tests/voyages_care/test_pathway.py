"""The care pathway across a voyage's dates: tasks per phase, late return, cancellation,
time zones of due dates, and completion from facts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seafarers_home.screening.models import Battery, Clearance, LessonCompletion, Screening
from seafarers_home.screening.training import all_lessons
from seafarers_home.voyages.actions import do_cancel_voyage, do_record_voyage
from seafarers_home.voyages.care import run_care_pathway, sync_voyage
from seafarers_home.voyages.models import CareTask, GreenChannelReferral, Phase, Voyage
from tests.personas import give_health_consent
from tests.voyages_care.conftest import (
    NOW,
    add_seafarer,
    day,
    make_voyage,
    run_at,
    task,
    tasks_of,
)

pytestmark = pytest.mark.django_db

OPEN, DONE, CANCELLED = "open", "done", "cancelled"


def test_it_creates_the_tasks_of_each_phase_across_a_voyages_dates(world, care_plan):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(10), returns=day(100))

    run_at(0)
    assert tasks_of(voyage) == {
        ("pre-departure-screening", 1): OPEN,
        ("pre-departure-training", 1): OPEN,
        ("pre-departure-clearance", 1): OPEN,
    }
    # Due at the end of the seafarer's day (Shanghai, UTC+8); before departure at the latest.
    assert task(voyage, "pre-departure-screening").due_at == datetime.datetime(
        2027, 3, 8, 15, 59, 59, tzinfo=datetime.UTC
    )
    assert task(voyage, "pre-departure-clearance").due_at == datetime.datetime(
        2027, 3, 10, 15, 59, 59, tzinfo=datetime.UTC
    )

    run_at(10)  # departure day: at sea
    voyage.refresh_from_db()
    assert voyage.phase == Phase.AT_SEA
    assert tasks_of(voyage) == {
        ("pre-departure-screening", 1): CANCELLED,  # missed: left behind with the phase
        ("pre-departure-training", 1): CANCELLED,
        ("pre-departure-clearance", 1): CANCELLED,
        ("at-sea-pulse", 1): OPEN,
        ("at-sea-help-reminder", 1): DONE,  # the run sent it
    }

    run_at(40)  # 30 days at sea: the next pulse; the missed one is closed
    assert tasks_of(voyage)[("at-sea-pulse", 1)] == CANCELLED
    assert tasks_of(voyage)[("at-sea-pulse", 2)] == OPEN
    assert task(voyage, "at-sea-pulse", 2).due_at == datetime.datetime(
        2027, 4, 17, 15, 59, 59, tzinfo=datetime.UTC
    )

    Voyage.objects.filter(pk=voyage.pk).update(actual_return=day(100))
    run_at(100)
    voyage.refresh_from_db()
    assert voyage.phase == Phase.AFTER_RETURN
    after = {key: status for key, status in tasks_of(voyage).items() if "after-return" in key[0]}
    assert after == {
        ("after-return-screening", 1): OPEN,
        ("after-return-safe-home", 1): OPEN,
        ("after-return-follow-up", 1): OPEN,
    }
    follow_up = task(voyage, "after-return-follow-up")
    assert follow_up.assigned_to == world.counsellor
    assert follow_up.due_at.date() == day(114)

    run_at(131)  # 31 days after return: ashore; the counsellor's call is still owed
    voyage.refresh_from_db()
    assert voyage.phase == Phase.ASHORE
    statuses = tasks_of(voyage)
    assert statuses[("after-return-screening", 1)] == CANCELLED
    assert statuses[("after-return-follow-up", 1)] == OPEN


def test_it_is_idempotent(world, care_plan):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(-5), returns=day(100))
    first = run_at(0)
    second = run_at(0)
    sync_voyage(voyage, today=day(0))
    assert first.tasks_created == 2
    assert second.tasks_created == 0
    assert CareTask.objects.filter(voyage=voyage).count() == 2


def test_it_keeps_at_sea_care_going_on_a_late_return(world, care_plan):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(-50), returns=day(-10))

    run_at(0)  # 10 days past the expected return, no return recorded: still at sea
    voyage.refresh_from_db()
    assert voyage.phase == Phase.AT_SEA
    assert ("at-sea-pulse", 2) in tasks_of(voyage)
    run_at(15)  # 65 days since departure: the third pulse comes
    assert tasks_of(voyage)[("at-sea-pulse", 3)] == OPEN
    assert not any("after-return" in code for code, _seq in tasks_of(voyage))

    Voyage.objects.filter(pk=voyage.pk).update(actual_return=day(16))
    run_at(16)
    statuses = tasks_of(voyage)
    assert statuses[("after-return-screening", 1)] == OPEN
    assert statuses[("at-sea-pulse", 3)] == CANCELLED


def test_it_cancels_the_open_tasks_of_a_cancelled_voyage_and_creates_nothing_new(world, care_plan):
    give_health_consent(world.seafarer)
    today = timezone.localdate()
    voyage = do_record_voyage(
        world.seafarer,
        vessel=world.vessel_a,
        planned_departure=today + datetime.timedelta(days=10),
        expected_return=today + datetime.timedelta(days=90),
        recorded_by=world.officer_a,
        source=Voyage.Source.COMPANY,
    )
    # Recording the voyage synced it (voyages.services_voyages calls care.sync_voyage).
    assert set(tasks_of(voyage).values()) == {OPEN}
    assert len(tasks_of(voyage)) == 3

    do_cancel_voyage(voyage, world.officer_a)

    assert set(tasks_of(voyage).values()) == {CANCELLED}
    report = run_care_pathway(now=timezone.now() + datetime.timedelta(days=11))
    assert report.tasks_created == 0
    assert CareTask.objects.filter(voyage=voyage).count() == 3
    assert set(tasks_of(voyage).values()) == {CANCELLED}


def test_it_sets_today_and_due_dates_in_the_seafarers_time_zone(world, care_plan):
    brisbane = add_seafarer("13800000021", "张东", world.vessel_a, "Australia/Brisbane")  # UTC+10
    sao_paulo = add_seafarer("13800000022", "陈西", world.vessel_a, "America/Sao_Paulo")  # UTC-3
    east = make_voyage(brisbane, world.vessel_a, departs=day(1), returns=day(60))
    west = make_voyage(sao_paulo, world.vessel_a, departs=day(1), returns=day(60))

    # 22:00 UTC on 1 March: already 2 March in Brisbane, still 1 March in São Paulo.
    run_care_pathway(now=datetime.datetime(2027, 3, 1, 22, 0, tzinfo=datetime.UTC))

    east.refresh_from_db()
    west.refresh_from_db()
    assert (east.phase, west.phase) == (Phase.AT_SEA, Phase.BEFORE_DEPARTURE)
    # The pulse is due 7 days after departure, at 23:59:59 in Brisbane = 13:59:59 UTC.
    assert task(east, "at-sea-pulse").due_at == datetime.datetime(
        2027, 3, 9, 13, 59, 59, tzinfo=datetime.UTC
    )
    # Before departure: due the day before departure (1 March) at 23:59:59 in São Paulo,
    # which is 02:59:59 UTC on 2 March.
    assert task(west, "pre-departure-screening").due_at == datetime.datetime(
        2027, 3, 2, 2, 59, 59, tzinfo=datetime.UTC
    )


def _screening(seafarer, code: str, at: datetime.datetime, risk: str = "routine") -> Screening:
    battery = Battery.objects.get(code=code)
    return Screening.objects.create(
        seafarer=seafarer,
        battery=battery,
        instrument_codes=list(battery.instrument_codes),
        status=Screening.Status.COMPLETED,
        completed_at=at,
        risk_level=risk,
    )


def test_it_completes_tasks_from_their_facts(world, care_plan):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(10), returns=day(100))
    other = make_voyage(world.seafarer_b, world.vessel_b, departs=day(10), returns=day(100))
    run_at(0)

    done_at = NOW + datetime.timedelta(days=1)
    screening = _screening(world.seafarer, "pre-departure", done_at)
    _screening(world.seafarer, "at-sea-pulse", done_at)  # another battery: no effect
    # Too old to count for this voyage (more than 90 days before departure).
    _screening(world.seafarer_b, "pre-departure", NOW - datetime.timedelta(days=85))
    for lesson in all_lessons():
        LessonCompletion.objects.create(user=world.seafarer, lesson_slug=lesson.slug)
    LessonCompletion.objects.create(user=world.seafarer_b, lesson_slug=all_lessons()[0].slug)
    clearance = Clearance.objects.create(
        seafarer=world.seafarer,
        screening=screening,
        clinician=world.clinician,
        decision=Clearance.Decision.CLEARED,
        valid_until=day(200),
    )
    Clearance.objects.filter(pk=clearance.pk).update(created_at=done_at)

    report = run_at(2)

    assert report.tasks_completed == 3
    done = task(voyage, "pre-departure-screening")
    assert (done.status, done.completed_at) == (DONE, screening.completed_at)
    assert tasks_of(voyage) == {
        ("pre-departure-screening", 1): DONE,
        ("pre-departure-training", 1): DONE,
        ("pre-departure-clearance", 1): DONE,
    }
    assert set(tasks_of(other).values()) == {OPEN}


def test_it_counts_a_pulse_only_within_its_period(world, care_plan):
    voyage = make_voyage(world.seafarer, world.vessel_a, departs=day(0), returns=day(100))
    run_at(0)
    _screening(world.seafarer, "at-sea-pulse", NOW + datetime.timedelta(days=3))
    run_at(4)
    assert tasks_of(voyage)[("at-sea-pulse", 1)] == DONE

    run_at(31)  # the second period: the first pulse does not count for it
    assert tasks_of(voyage)[("at-sea-pulse", 2)] == OPEN
    _screening(world.seafarer, "at-sea-pulse", NOW + datetime.timedelta(days=32))
    run_at(33)
    assert tasks_of(voyage)[("at-sea-pulse", 2)] == DONE


def test_it_refers_a_follow_up_return_screening_to_the_green_channel(world, care_plan):
    give_health_consent(world.seafarer)
    give_health_consent(world.seafarer_b)
    returned = {"actual_return": day(-2)}
    voyage = make_voyage(
        world.seafarer, world.vessel_a, departs=day(-90), returns=day(-2), **returned
    )
    other = make_voyage(
        world.seafarer_b, world.vessel_b, departs=day(-90), returns=day(-2), **returned
    )
    run_at(0)
    screening = _screening(
        world.seafarer, "after-return", NOW + datetime.timedelta(hours=2), "follow_up"
    )
    _screening(world.seafarer_b, "after-return", NOW + datetime.timedelta(hours=2), "routine")

    report = run_at(1)
    run_at(2)  # idempotent: no second referral

    assert report.referrals == 1
    assert tasks_of(voyage)[("after-return-screening", 1)] == DONE
    assert tasks_of(other)[("after-return-screening", 1)] == DONE
    referral = GreenChannelReferral.objects.get()
    assert (referral.seafarer, referral.source, referral.voyage, referral.screening) == (
        world.seafarer,
        "return_screening",
        voyage,
        screening,
    )
