"""The call room (issue 5, item 2). The matrix books a remote appointment for the consented
seafarer (OWNER) with world.clinician starting now: the two participants get in; everyone
else, the other seafarers included, gets 404 (nobody learns that the room exists)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Mode, Slot
from tests.permission_rules.base import OWNER, Rule
from tests.personas import World


def _appointment_now(world: World) -> dict[str, Any]:
    now = timezone.now()
    slot = Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=now,
        ends_at=now + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )
    appointment = Appointment.objects.create(slot=slot, seafarer=world.consented_seafarer)
    return {"pk": appointment.pk}


def _appointment_id_now(world: World) -> dict[str, Any]:
    return {"appointment_id": _appointment_now(world)["pk"]}


PARTICIPANTS = frozenset({"clinician", OWNER})

RULES = {
    "consultations:room": Rule(allowed=PARTICIPANTS, kwargs=_appointment_now),
    "consultations:ice": Rule(allowed=PARTICIPANTS, kwargs=_appointment_now),
    "api:consultation_room_ice": Rule(allowed=PARTICIPANTS, kwargs=_appointment_id_now),
}
