"""Who reaches which booking: a seafarer their own appointments, a clinician the appointments
of their own slots. Anything else answers 404 (we do not tell whether it exists)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_clinician

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _appointments():
    return Appointment.objects.select_related("slot__clinician", "slot__department", "seafarer")


def get_own_appointment(user: User, pk: int) -> Appointment:
    """The seafarer's own appointment (pages and the API alike)."""
    appointment = _appointments().filter(pk=pk, seafarer_id=user.pk).first()
    if appointment is None:
        raise Http404
    return appointment


def get_appointment_for_participant(user: User, pk: int) -> Appointment:
    """The seafarer's own appointment, or one on a slot of the clinician."""
    visible = Q(seafarer_id=user.pk)
    if is_clinician(user):
        visible |= Q(slot__clinician_id=user.pk)
    appointment = _appointments().filter(visible, pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment


def get_slot_for_booking(pk: int) -> Slot:
    """Any clinician's slot (the booking rules say whether it may be booked)."""
    slot = (
        Slot.objects.select_related("clinician", "department")
        .filter(pk=pk, clinician__isnull=False)
        .first()
    )
    if slot is None:
        raise Http404
    return slot


def get_own_hours(user: User, pk: int) -> Availability:
    require(is_clinician, user)
    row = Availability.objects.filter(pk=pk, clinician_id=user.pk).first()
    if row is None:
        raise Http404
    return row


def get_own_exception(user: User, pk: int) -> AvailabilityException:
    require(is_clinician, user)
    row = AvailabilityException.objects.filter(pk=pk, clinician_id=user.pk).first()
    if row is None:
        raise Http404
    return row
