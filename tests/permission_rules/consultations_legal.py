"""Legal consultations (issue 11 item 8). Every seafarer books and lists their own (no
health-data consent: it is no health service); only legal workers publish hours and log calls,
and a legal worker only on their own legal bookings. Clinicians, company officers and union
staff get 404 everywhere. The room, the .ics and cancelling are the shared URLs of
consultations_booking.py and consultations_room.py (legal bookings: tests/consultations_legal)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Mode, Service, Slot
from tests.permission_rules.base import SEAFARERS, Rule
from tests.personas import World

LEGAL_WORKER = frozenset({"legal_worker"})


def _legal_slot(world: World) -> Slot:
    starts_at = timezone.now() + timedelta(days=2)
    return Slot.objects.create(
        service=Service.LEGAL,
        department=world.law_firm,
        clinician=world.legal_worker,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )


def _free_legal_slot(world: World) -> dict[str, Any]:
    return {"slot_pk": _legal_slot(world).pk}


def _legal_appointment(world: World) -> dict[str, Any]:
    appointment = Appointment.objects.create(slot=_legal_slot(world), seafarer=world.seafarer)
    return {"pk": appointment.pk}


RULES = {
    "consultations:legal_mine": Rule(allowed=SEAFARERS),
    "consultations:legal_book": Rule(allowed=SEAFARERS),
    "consultations:legal_book_slot": Rule(allowed=SEAFARERS, kwargs=_free_legal_slot),
    "consultations:legal_hours": Rule(allowed=LEGAL_WORKER),
    "consultations:legal_call_log": Rule(
        allowed=LEGAL_WORKER, method="post", kwargs=_legal_appointment
    ),
}
