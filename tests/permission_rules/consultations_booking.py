"""远程咨询 booking. Seafarer pages need the health-data consent, which nobody in the matrix
has: they answer 403 to everyone (seafarers included). The slot's clinician may cancel (with a
reason) and download the .ics of an appointment on their own slot; everyone else gets 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Slot
from tests.permission_rules.base import Rule
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
    appointment = Appointment.objects.create(slot=_slot(world), seafarer=world.seafarer)
    return {"pk": appointment.pk}


def _api_appointment(world: World) -> dict[str, Any]:
    return {"appointment_id": _appointment(world)["pk"]}


RULES = {
    "consultations:book": Rule(),
    "consultations:time_zone": Rule(method="post"),
    "consultations:book_slot": Rule(kwargs=_free_slot),
    "consultations:mine": Rule(),
    "consultations:cancel": Rule(allowed=CLINICIAN, method="post", kwargs=_appointment),
    "consultations:reschedule": Rule(kwargs=_appointment),
    "consultations:ics": Rule(allowed=CLINICIAN, kwargs=_appointment),
    "consultations:availability": Rule(allowed=CLINICIAN),
    "api:consultation_slots": Rule(),
    "api:consultation_book": Rule(method="post"),
    "api:consultation_cancel": Rule(method="post", kwargs=_api_appointment),
    "api:consultation_appointments": Rule(),
}
