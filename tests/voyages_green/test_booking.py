"""Booking refusals (past, taken, withdrawn), nothing written; double booking under
concurrency on PostgreSQL; the screening summary only when the seafarer allows it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.actions.green_channel import do_book_green_channel
from seafarers_home.consultations.green_channel import free_green_slots
from seafarers_home.consultations.models import Appointment
from seafarers_home.consultations.services import BookingRefused
from seafarers_home.screening.models import Response, Screening
from seafarers_home.voyages.green_referrals import do_refer_to_green_channel
from tests.personas import World, login
from tests.voyages_green.conftest import make_seafarer, past_slot, publish


def _refer(world: World):
    return do_refer_to_green_channel(
        world.seafarer, source="clinician", referred_by=world.clinician
    )


def test_it_refuses_a_past_slot_with_a_translated_error_and_writes_nothing(
    consented: World,
) -> None:
    world = consented
    referral = _refer(world)
    slot = past_slot(world)
    audits = AuditEvent.objects.count()
    response = login(Client(), world.seafarer).post(
        f"/voyages/green-channel/book/{slot.pk}/", {"key": "p"}
    )
    assert response.status_code == 409
    assert "这个时间已经过去" in response.content.decode()
    assert not Appointment.objects.exists()
    referral.refresh_from_db()
    assert referral.appointment is None
    assert AuditEvent.objects.count() == audits


def test_it_refuses_a_taken_slot_and_writes_nothing(consented: World) -> None:
    world = consented
    publish(world, days=1)
    slot = free_green_slots(1)[0]
    other = make_seafarer(world, 1)
    other_referral = do_refer_to_green_channel(
        other, source="clinician", referred_by=world.clinician
    )
    first = do_book_green_channel(other_referral.seafarer, slot)
    referral = _refer(world)
    response = login(Client(), world.seafarer).post(
        f"/voyages/green-channel/book/{slot.pk}/", {"key": "t"}
    )
    assert response.status_code == 409
    assert "这个号源已被预约" in response.content.decode()
    assert list(Appointment.objects.all()) == [first]
    referral.refresh_from_db()
    assert referral.appointment is None


def test_it_replays_a_repeated_submission_with_the_same_key(consented: World) -> None:
    world = consented
    publish(world, days=1)
    referral = _refer(world)
    slot = free_green_slots(1)[0]
    first = do_book_green_channel(referral.seafarer, slot, idempotency_key="same")
    again = do_book_green_channel(referral.seafarer, slot, idempotency_key="same")
    assert first == again
    assert Appointment.objects.count() == 1


def test_it_attaches_the_screening_summary_only_when_allowed_and_never_answers(
    consented: World,
) -> None:
    world = consented
    publish(world, days=1)
    screening = Screening.objects.create(
        seafarer=world.seafarer,
        instrument_codes=["phq9"],
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level="follow_up",
    )
    Response.objects.create(
        screening=screening,
        seafarer=world.seafarer,
        instrument_code="phq9",
        instrument_version="1.0",
        answers='{"phq9_1": 3, "secret": "ANSWER-TEXT"}',
        total_score=12,
        band="moderate",
    )
    referral = _refer(world)
    slots = free_green_slots(2)
    client = login(Client(), world.seafarer)
    client.post(f"/voyages/green-channel/book/{slots[0].pk}/", {"key": "s1"})
    without = Appointment.objects.get(slot=slots[0])
    assert without.screening_summary == ""
    client.post(f"/voyages/green-channel/cancel/{without.pk}/")
    client.post(f"/voyages/green-channel/book/{slots[1].pk}/", {"key": "s2", "share_summary": "on"})
    shared = Appointment.objects.get(slot=slots[1])
    assert "需随访" in shared.screening_summary  # the risk level
    assert "12" not in shared.screening_summary.split("\n", 1)[1]  # no score
    assert "ANSWER-TEXT" not in shared.screening_summary
    assert "phq9_1" not in shared.screening_summary
    referral.refresh_from_db()
    assert referral.appointment == shared


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_concurrent_bookers_win(
    health_consent_document: object,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL (DATABASE_URL)")
    from tests.personas import build_world

    world = build_world()
    publish(world, days=1)
    slot = free_green_slots(1)[0]
    bookers = [make_seafarer(world, n) for n in range(6)]
    referrals = [
        do_refer_to_green_channel(b, source="clinician", referred_by=world.clinician)
        for b in bookers
    ]
    barrier = threading.Barrier(len(bookers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(referral: object) -> None:
        try:
            barrier.wait()
            do_book_green_channel(referral.seafarer, slot)
            result = "won"
        except BookingRefused as refused:
            result = refused.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(r,)) for r in referrals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["taken"] * 5 + ["won"]
    assert Appointment.objects.filter(slot=slot).count() == 1
    assert Appointment.objects.filter(slot=slot, status="booked").count() == 1
