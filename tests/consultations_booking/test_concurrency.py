"""Two people can never book the same slot: six seafarers book one slot at the same moment on
PostgreSQL (row lock + partial unique constraint) and exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from seafarers_home.consultations.actions.booking import do_book_consultation
from seafarers_home.consultations.models import Appointment
from seafarers_home.consultations.services import BookingRefused
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_seafarer, make_slot


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_concurrent_booker_win(health_consent_document: object) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL (DATABASE_URL)")
    from tests.personas import build_world

    world = build_world()
    slot = make_slot(world, at_hospital(hospital_day(2), 10))
    bookers = [make_seafarer(world, n) for n in range(6)]
    barrier = threading.Barrier(len(bookers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(seafarer: object) -> None:
        try:
            barrier.wait()
            do_book_consultation(seafarer, slot, reason="", share_screening=False)
            result = "won"
        except BookingRefused as refused:
            result = refused.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(b,)) for b in bookers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["taken"] * 5 + ["won"]
    assert Appointment.objects.filter(slot=slot).count() == 1
    assert Appointment.objects.get(slot=slot).seafarer in bookers
