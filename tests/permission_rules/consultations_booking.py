"""远程咨询 booking. Seafarer pages need the health-data consent: the consented seafarers book;
the appointment is OWNER's, so the other consented seafarer gets 404 on it and the seafarer
without the consent the consent page (403). The slot's clinician may cancel (with a reason)
and download the .ics of an appointment on their own slot; everyone else gets 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Slot
from tests.permission_rules.base import CONSENTED, OTHER_SEAFARER, OWNER, Rule
from tests.personas import World

CLINICIAN = frozenset({"clinician"})


def _slot(world: World) -> Slot:
    starts_at = timezone.now() + timedelta(days=2)
    return Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        mode="remote",
    )


def _free_slot(world: World) -> dict[str, Any]:
    return {"slot_pk": _slot(world).pk}


def _appointment(world: World) -> dict[str, Any]:
    appointment = Appointment.objects.create(slot=_slot(world), seafarer=world.consented_seafarer)
    return {"pk": appointment.pk}


def _api_appointment(world: World) -> dict[str, Any]:
    return {"appointment_id": _appointment(world)["pk"]}


OTHER = frozenset({OTHER_SEAFARER})
OWNS = {"not_theirs": OTHER, "health": True}

RULES = {
    "consultations:book": Rule(allowed=CONSENTED, health=True),
    "consultations:time_zone": Rule(allowed=CONSENTED, method="post", health=True),
    "consultations:book_slot": Rule(allowed=CONSENTED, kwargs=_free_slot, health=True),
    "consultations:mine": Rule(allowed=CONSENTED, health=True),
    "consultations:cancel": Rule(
        allowed=CLINICIAN | {OWNER}, method="post", kwargs=_appointment, not_theirs=OTHER
    ),
    "consultations:reschedule": Rule(allowed=frozenset({OWNER}), kwargs=_appointment, **OWNS),
    "consultations:ics": Rule(allowed=CLINICIAN | {OWNER}, kwargs=_appointment, not_theirs=OTHER),
    "consultations:availability": Rule(allowed=CLINICIAN),
    "api:consultation_slots": Rule(allowed=CONSENTED, refused=403, health=True),
    "api:consultation_book": Rule(
        allowed=CONSENTED, method="post", refused=403, health=True, allowed_answer=422
    ),
    "api:consultation_cancel": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_api_appointment, refused=403, **OWNS
    ),
    "api:consultation_appointments": Rule(allowed=CONSENTED, refused=403, health=True),
}
