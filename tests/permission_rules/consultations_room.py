"""The call room (issue 5, item 2). The matrix books a remote appointment for world.seafarer
with world.clinician starting now. Only the clinician is allowed here: the seafarer of the
matrix has not given the health-data consent, so the seafarer gets 403 (the consent page)
like every other health page; everyone else gets 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Mode, Slot
from tests.permission_rules.base import Rule
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
    appointment = Appointment.objects.create(slot=slot, seafarer=world.seafarer)
    return {"pk": appointment.pk}


def _appointment_id_now(world: World) -> dict[str, Any]:
    return {"appointment_id": _appointment_now(world)["pk"]}


RULES = {
    "consultations:room": Rule(allowed=frozenset({"clinician"}), kwargs=_appointment_now),
    "consultations:ice": Rule(allowed=frozenset({"clinician"}), kwargs=_appointment_now),
    "api:consultation_room_ice": Rule(allowed=frozenset({"clinician"}), kwargs=_appointment_id_now),
}
