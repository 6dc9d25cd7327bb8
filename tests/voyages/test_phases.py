"""The phase of a voyage follows from its dates; "today" is the seafarer's own date."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seafarers_home.voyages.models import Phase, Voyage
from seafarers_home.voyages.phases import (
    current_voyage,
    is_late,
    phase_on,
    seafarer_phase,
    seafarer_today,
)
from tests.voyages.conftest import add_seafarer, record

D = datetime.date


def voyage(**dates: object) -> Voyage:
    return Voyage(planned_departure=D(2026, 3, 1), expected_return=D(2026, 6, 30), **dates)


def test_it_follows_a_voyage_through_its_dates() -> None:
    v = voyage(actual_departure=D(2026, 3, 1), actual_return=D(2026, 6, 30))
    assert phase_on(v, D(2026, 2, 28)) == Phase.BEFORE_DEPARTURE
    assert phase_on(v, D(2026, 3, 1)) == Phase.AT_SEA  # departure day is at sea
    assert phase_on(v, D(2026, 6, 29)) == Phase.AT_SEA
    assert phase_on(v, D(2026, 6, 30)) == Phase.AFTER_RETURN  # home on the return day
    assert phase_on(v, D(2026, 7, 29)) == Phase.AFTER_RETURN  # the 30th day back
    assert phase_on(v, D(2026, 7, 30)) == Phase.ASHORE


def test_it_treats_a_passed_planned_departure_as_departed() -> None:
    v = voyage()  # nothing recorded
    assert phase_on(v, D(2026, 2, 28)) == Phase.BEFORE_DEPARTURE
    assert phase_on(v, D(2026, 3, 1)) == Phase.AT_SEA


def test_it_waits_for_a_recorded_later_departure() -> None:
    v = voyage(actual_departure=D(2026, 3, 5))  # sailed four days late
    assert phase_on(v, D(2026, 3, 4)) == Phase.BEFORE_DEPARTURE
    assert phase_on(v, D(2026, 3, 5)) == Phase.AT_SEA


def test_it_keeps_a_late_return_at_sea_until_the_return_is_recorded() -> None:
    v = voyage(actual_departure=D(2026, 3, 1))
    assert phase_on(v, D(2026, 7, 20)) == Phase.AT_SEA  # three weeks past expected
    assert is_late(v, D(2026, 7, 20))
    assert not is_late(v, D(2026, 6, 30))
    v.actual_return = D(2026, 7, 21)
    assert phase_on(v, D(2026, 7, 20)) == Phase.AT_SEA
    assert phase_on(v, D(2026, 7, 21)) == Phase.AFTER_RETURN
    assert phase_on(v, D(2026, 8, 20)) == Phase.ASHORE
    assert not is_late(v, D(2026, 7, 21))


def test_it_puts_a_voyage_cancelled_before_departure_ashore() -> None:
    v = voyage(cancelled_at=timezone.now())
    for day in (D(2026, 2, 1), D(2026, 3, 1), D(2026, 5, 1), D(2026, 7, 5)):
        assert phase_on(v, day) == Phase.ASHORE


@pytest.mark.parametrize(
    ("now", "brisbane", "buenos_aires"),
    [
        # 23:30 UTC: already tomorrow at UTC+10, still today at UTC-3
        ("2026-03-01T23:30:00+00:00", D(2026, 3, 2), D(2026, 3, 1)),
        # 01:30 UTC: the same date at UTC+10, yesterday evening at UTC-3
        ("2026-03-02T01:30:00+00:00", D(2026, 3, 2), D(2026, 3, 1)),
        # 13:30 UTC: the same date everywhere
        ("2026-03-02T13:30:00+00:00", D(2026, 3, 2), D(2026, 3, 2)),
    ],
)
def test_it_takes_today_from_the_seafarers_time_zone(
    world, now: str, brisbane: datetime.date, buenos_aires: datetime.date
) -> None:
    east = add_seafarer("13900000101", "东", world.company_a, time_zone="Australia/Brisbane")
    west = add_seafarer(
        "13900000102", "西", world.company_a, time_zone="America/Argentina/Buenos_Aires"
    )
    moment = datetime.datetime.fromisoformat(now)
    assert seafarer_today(east, moment) == brisbane
    assert seafarer_today(west, moment) == buenos_aires


def test_it_puts_two_seafarers_in_different_phases_around_midnight_utc(world) -> None:
    east = add_seafarer("13900000101", "东", world.company_a, time_zone="Australia/Brisbane")
    west = add_seafarer(
        "13900000102", "西", world.company_a, time_zone="America/Argentina/Buenos_Aires"
    )
    moment = datetime.datetime.fromisoformat("2026-03-01T23:30:00+00:00")
    for person in (east, west):
        Voyage.objects.create(
            seafarer=person,
            vessel=world.vessel_a,
            company=world.company_a,
            planned_departure=D(2026, 3, 2),
            expected_return=D(2026, 6, 30),
            source=Voyage.Source.COMPANY,
            recorded_by=world.officer_a,
            crew_batch="b",
        )
    assert seafarer_phase(east, seafarer_today(east, moment)) == Phase.AT_SEA
    assert seafarer_phase(west, seafarer_today(west, moment)) == Phase.BEFORE_DEPARTURE


def test_it_falls_back_to_the_site_zone_for_an_unknown_zone(world) -> None:
    world.seafarer.time_zone = "Mars/Olympus_Mons"
    moment = datetime.datetime.fromisoformat("2026-03-01T17:00:00+00:00")
    assert seafarer_today(world.seafarer, moment) == D(2026, 3, 2)  # Asia/Shanghai


def test_it_picks_the_voyage_that_matters_today(consenting) -> None:
    world = consenting
    assert current_voyage(world.seafarer) is None
    assert seafarer_phase(world.seafarer) == Phase.ASHORE
    next_one = record(world.seafarer, world, start=20, end=120)
    assert current_voyage(world.seafarer) == next_one
    assert seafarer_phase(world.seafarer) == Phase.BEFORE_DEPARTURE
    # Just back from an earlier voyage while the next is being prepared: the return matters.
    back = record(world.seafarer, world, start=-100, end=-5)
    back.actual_return = back.expected_return
    back.save()
    assert current_voyage(world.seafarer) == back
    assert seafarer_phase(world.seafarer) == Phase.AFTER_RETURN
    # A cancelled voyage places nobody anywhere.
    next_one.cancelled_at = timezone.now()
    next_one.save()
    back.actual_return = back.expected_return - datetime.timedelta(days=40)
    back.save()
    assert current_voyage(world.seafarer) is None
