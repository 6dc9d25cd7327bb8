"""Green channel, the seafarer clinic's pages and the programme dashboard (issue 7)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Mode, Slot
from tests.permission_rules.base import CONSENTED, OTHER_SEAFARER, OWNER, Rule
from tests.personas import World

CLINIC = frozenset({"clinician"})


def _slot(world: World) -> Slot:
    start = timezone.now() + datetime.timedelta(days=1)
    return Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        mode=Mode.IN_CLINIC,
        green_channel=True,
    )


def _appointment(world: World) -> dict[str, Any]:
    appointment = Appointment.objects.create(
        slot=_slot(world), seafarer=world.consented_seafarer, green_channel=True
    )
    return {"pk": appointment.pk}


SEAFARER_PAGE: dict[str, Any] = {"health": True}

RULES: dict[str, Rule] = {
    # seafarer pages need the health-data consent; the appointment is the owner's. A
    # consented seafarer who was not referred cannot book the reserved slot (409).
    "voyages:green_channel": Rule(allowed=CONSENTED, **SEAFARER_PAGE),
    "voyages:green_channel_request": Rule(allowed=CONSENTED, method="post", **SEAFARER_PAGE),
    "voyages:green_channel_book": Rule(
        allowed=CONSENTED,
        method="post",
        allowed_answer=409,
        kwargs=lambda w: {"slot_pk": _slot(w).pk},
        **SEAFARER_PAGE,
    ),
    "voyages:green_channel_cancel": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        method="post",
        kwargs=_appointment,
        **SEAFARER_PAGE,
    ),
    # clinicians refer (the matrix seafarer has no consent: refused with a message, 302)
    "voyages:refer": Rule(
        allowed=CLINIC, method="post", kwargs=lambda w: {"seafarer_user_pk": w.seafarer.pk}
    ),
    # the seafarer clinic's own pages
    "voyages:clinic_day": Rule(allowed=CLINIC),
    "voyages:clinic_slots": Rule(allowed=CLINIC),
    "voyages:clinic_attend": Rule(allowed=CLINIC, method="post", kwargs=_appointment),
    # aggregates for union staff and administrators; officers get 404
    "voyages:dashboard": Rule(allowed=frozenset({"union_staff", "admin"})),
}
