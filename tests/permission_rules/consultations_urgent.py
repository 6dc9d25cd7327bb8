"""Urgent consultations and consultation notes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.consultations.actions.urgent import (
    do_call_seafarer_into_room,
    do_open_urgent_request,
    do_take_urgent_request,
)
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.consultations.models_clinical import ConsultationNote
from tests.permission_rules.base import CONSENTED, Rule
from tests.personas import World

FOLLOWERS = frozenset({"clinician", "counsellor", "union_staff"})
OPENERS = frozenset({"counsellor", "union_staff"})


def _urgent(world: World) -> dict[str, Any]:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="harness")
    return {"pk": urgent.pk}


def _urgent_taken(world: World) -> dict[str, Any]:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="harness")
    do_take_urgent_request(urgent, world.clinician)
    return {"pk": urgent.pk}


def _urgent_in_call(world: World) -> dict[str, Any]:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="harness")
    do_take_urgent_request(urgent, world.clinician)
    do_call_seafarer_into_room(urgent, world.clinician)
    return {"pk": urgent.pk}


def _appointment(world: World) -> Appointment:
    start = timezone.now()
    slot = Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )
    return Appointment.objects.create(slot=slot, seafarer=world.seafarer)


def _shared_note(world: World) -> dict[str, Any]:
    note = ConsultationNote.objects.create(
        appointment=_appointment(world),
        seafarer=world.seafarer,
        clinician=world.clinician,
        note="harness",
        shared_summary="harness",
        shared_at=timezone.now(),
    )
    return {"pk": note.pk}


RULES = {
    "consultations:urgent_list": Rule(allowed=FOLLOWERS),
    "consultations:urgent_new": Rule(allowed=OPENERS),
    "consultations:urgent_detail": Rule(allowed=FOLLOWERS, kwargs=_urgent),
    "consultations:urgent_take": Rule(allowed=FOLLOWERS, method="post", kwargs=_urgent),
    "consultations:urgent_room": Rule(allowed=FOLLOWERS, method="post", kwargs=_urgent_taken),
    "consultations:urgent_callback": Rule(allowed=FOLLOWERS, method="post", kwargs=_urgent_taken),
    "consultations:urgent_callback_result": Rule(
        allowed=FOLLOWERS, method="post", kwargs=_urgent_taken
    ),
    "consultations:urgent_close": Rule(allowed=FOLLOWERS, method="post", kwargs=_urgent_taken),
    # the episode is world.seafarer's (no prior consent needed in distress): the other
    # seafarers get 404
    "consultations:urgent_join": Rule(
        allowed=frozenset({"seafarer"}), not_theirs=CONSENTED, kwargs=_urgent_in_call
    ),
    "consultations:urgent_note": Rule(allowed=frozenset({"clinician"}), kwargs=_urgent_taken),
    "consultations:appointment_note": Rule(
        allowed=frozenset({"clinician"}), kwargs=lambda w: {"pk": _appointment(w).pk}
    ),
    "consultations:summary": Rule(
        allowed=frozenset({"seafarer", "clinician"}), not_theirs=CONSENTED, kwargs=_shared_note
    ),
}
