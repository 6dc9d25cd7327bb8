"""Who reaches which booking: a seafarer their own appointments, a clinician the appointments
of their own slots. Anything else answers 404 (we do not tell whether it exists)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest

from seafarers_home.accounts.models import Role
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)


def require_clinician(request: HttpRequest) -> None:
    if not (request.user.is_authenticated and request.user.has_role(Role.CLINICIAN)):
        raise Http404


def _appointments():
    return Appointment.objects.select_related("slot__clinician", "slot__department", "seafarer")


def get_own_appointment(request: HttpRequest, pk: int) -> Appointment:
    """The signed-in seafarer's own appointment."""
    appointment = _appointments().filter(pk=pk, seafarer_id=request.user.pk).first()
    if appointment is None:
        raise Http404
    return appointment


def get_appointment_for_participant(request: HttpRequest, pk: int) -> Appointment:
    """The seafarer's own appointment, or one on a slot of the signed-in clinician."""
    user = request.user
    visible = Q(seafarer_id=user.pk)
    if user.has_role(Role.CLINICIAN):
        visible |= Q(slot__clinician_id=user.pk)
    appointment = _appointments().filter(visible, pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment


def get_slot_for_booking(request: HttpRequest, pk: int) -> Slot:
    """Any clinician's slot (the booking rules say whether it may be booked)."""
    slot = (
        Slot.objects.select_related("clinician", "department")
        .filter(pk=pk, clinician__isnull=False)
        .first()
    )
    if slot is None:
        raise Http404
    return slot


def get_own_hours(request: HttpRequest, pk: int) -> Availability:
    require_clinician(request)
    row = Availability.objects.filter(pk=pk, clinician_id=request.user.pk).first()
    if row is None:
        raise Http404
    return row


def get_own_exception(request: HttpRequest, pk: int) -> AvailabilityException:
    require_clinician(request)
    row = AvailabilityException.objects.filter(pk=pk, clinician_id=request.user.pk).first()
    if row is None:
        raise Http404
    return row
