"""The dashboard's rates: at-sea check-in response, return screening within 7 days, and the
green channel's waiting days (median, shown from 10 people on)."""

from __future__ import annotations

import datetime

from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.screening.models import Battery, Screening
from seafarers_home.voyages.dashboard import ZONE, build_dashboard
from seafarers_home.voyages.models import CarePlanStep, CareTask, GreenChannelReferral, Voyage
from tests.personas import World
from tests.voyages_green.conftest import hospital_today, make_seafarer


def _last_month() -> datetime.date:
    return (hospital_today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


def _returned(world: World, seafarer, back: datetime.date) -> Voyage:
    return Voyage.objects.create(
        seafarer=seafarer,
        vessel=world.vessel_a,
        company=world.company_a,
        planned_departure=back - datetime.timedelta(days=100),
        actual_departure=back - datetime.timedelta(days=100),
        expected_return=back,
        actual_return=back,
        source=Voyage.Source.COMPANY,
        recorded_by=world.officer_a,
    )


def test_it_counts_return_screenings_within_seven_days_and_pulse_responses(
    world: World,
) -> None:
    month = _last_month()
    back = month + datetime.timedelta(days=3)
    battery = Battery.objects.get(code="after-return")
    pulse = CarePlanStep.objects.get(kind=CarePlanStep.Kind.PULSE)
    for n in range(12):
        seafarer = make_seafarer(world, n)
        voyage = _returned(world, seafarer, back)
        days_after = {0: 0, 1: 1, 2: 2, 3: 5, 4: 7, 5: 6, 6: 9}.get(n)  # n=6: too late
        if days_after is not None:
            Screening.objects.create(
                seafarer=seafarer,
                battery=battery,
                status=Screening.Status.COMPLETED,
                completed_at=_at(back + datetime.timedelta(days=days_after)),
                risk_level="routine",
            )
        CareTask.objects.create(
            seafarer=seafarer,
            voyage=voyage,
            step=pulse,
            phase="at_sea",
            due_at=_at(month + datetime.timedelta(days=1), 23),
            status="done" if n < 7 else "cancelled",
        )
    board = build_dashboard()
    index = board.months.index(month)
    assert board.return_screening.series[0].values[index] == 50.0  # 6 of 12
    assert board.pulse.series[0].values[index] == round(100 * 7 / 12, 1)
    phases = {s.key: s.values[index] for s in board.phases.series}
    assert phases["after_return"] == 12


def test_it_shows_the_median_waiting_days_from_ten_people_on(world: World) -> None:
    month = _last_month()
    referred_on = month + datetime.timedelta(days=1)
    for n in range(10):
        seafarer = make_seafarer(world, n)
        _returned(world, seafarer, month)  # back on the 1st
        visit = _at(referred_on + datetime.timedelta(days=n + 1))
        slot = Slot.objects.create(
            department=world.clinic,
            starts_at=visit,
            ends_at=visit + datetime.timedelta(minutes=30),
            mode=Mode.IN_CLINIC,
            green_channel=True,
        )
        appointment = Appointment.objects.create(
            slot=slot, seafarer=seafarer, green_channel=True, status="attended", attended_at=visit
        )
        referral = GreenChannelReferral.objects.create(
            seafarer=seafarer, source="self", appointment=appointment
        )
        GreenChannelReferral.objects.filter(pk=referral.pk).update(created_at=_at(referred_on))
    board = build_dashboard()
    index = board.months.index(month)
    waiting = {s.key: s.values[index] for s in board.waiting.series}
    assert waiting["referral_to_visit"] == 5.5  # 1..10 days
    assert waiting["return_to_visit"] == 6.5  # 2..11 days
    # One visitor fewer: the medians are no longer shown.
    Appointment.objects.filter(seafarer__display_name="海员9").update(status="no_show")
    board = build_dashboard()
    waiting = {s.key: s.values[index] for s in board.waiting.series}
    assert waiting == {"referral_to_visit": None, "return_to_visit": None}
