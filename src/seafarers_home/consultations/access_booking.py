"""Who reaches which booking: a seafarer their own appointments, a provider the appointments
of their own slots — of the service they provide: a clinician clinical ones, a legal worker
legal ones (a person who is both reaches each through its role). Company officers, other
providers and other seafarers answer 404 (we do not tell whether it exists)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from seafarers_home.consultations.availability import provider_services
from seafarers_home.consultations.models import Appointment, Service, Slot
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_clinician, is_legal_worker

# Who publishes hours of each service.
PROVIDER_PREDICATE = {Service.CLINICAL: is_clinician, Service.LEGAL: is_legal_worker}

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _appointments():
    return Appointment.objects.select_related("slot__clinician", "slot__department", "seafarer")


def get_own_appointment(user: User, pk: int, service: str = Service.CLINICAL) -> Appointment:
    """The seafarer's own appointment of ``service`` (pages and the API alike)."""
    appointment = _appointments().filter(pk=pk, seafarer_id=user.pk, slot__service=service).first()
    if appointment is None:
        raise Http404
    return appointment


def get_appointment_for_participant(user: User, pk: int) -> Appointment:
    """The seafarer's own appointment, or one on the provider's own slot of a service they
    provide."""
    visible = Q(seafarer_id=user.pk)
    services = provider_services(user)
    if services:
        visible |= Q(slot__clinician_id=user.pk, slot__service__in=services)
    appointment = _appointments().filter(visible, pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment


def get_provider_appointment(user: User, pk: int, service: str) -> Appointment:
    """An appointment on the provider's own slot of ``service``, for a provider of it."""
    require(PROVIDER_PREDICATE[Service(service)], user)
    appointment = (
        _appointments().filter(pk=pk, slot__clinician_id=user.pk, slot__service=service).first()
    )
    if appointment is None:
        raise Http404
    return appointment


def get_slot_for_booking(pk: int, service: str = Service.CLINICAL) -> Slot:
    """Any provider's slot of ``service`` (the booking rules say whether it may be booked)."""
    slot = (
        Slot.objects.select_related("clinician", "department")
        .filter(pk=pk, clinician__isnull=False, service=service)
        .first()
    )
    if slot is None:
        raise Http404
    return slot


def get_own_hours(user: User, pk: int, service: str = Service.CLINICAL) -> Availability:
    require(PROVIDER_PREDICATE[Service(service)], user)
    row = Availability.objects.filter(pk=pk, clinician_id=user.pk, service=service).first()
    if row is None:
        raise Http404
    return row


def get_own_exception(
    user: User, pk: int, service: str = Service.CLINICAL
) -> AvailabilityException:
    require(PROVIDER_PREDICATE[Service(service)], user)
    row = AvailabilityException.objects.filter(pk=pk, clinician_id=user.pk, service=service).first()
    if row is None:
        raise Http404
    return row
