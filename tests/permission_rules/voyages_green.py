"""Green channel, the seafarer clinic's pages and the programme dashboard (issue 7)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Mode, Slot
from tests.permission_rules.base import Rule
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
        slot=_slot(world), seafarer=world.seafarer, green_channel=True
    )
    return {"pk": appointment.pk}


RULES: dict[str, Rule] = {
    # seafarer pages need the health-data consent: 403 for everybody in the matrix
    "voyages:green_channel": Rule(),
    "voyages:green_channel_request": Rule(method="post"),
    "voyages:green_channel_book": Rule(method="post", kwargs=lambda w: {"slot_pk": _slot(w).pk}),
    "voyages:green_channel_cancel": Rule(method="post", kwargs=_appointment),
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
