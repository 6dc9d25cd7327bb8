"""Who may open the green-channel and clinic pages. Everyone else gets 404.

- Seafarer pages: the seafarer themself (the views also need the health-data consent).
- Clinic pages: clinicians of the seafarer clinic department, for that department's slots
  and appointments only.
- Referring: any clinician, for a user who is a seafarer.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from seafarers_home.accounts.models import Role, User
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.consultations.slots import clinic_departments
from seafarers_home.organisations.models import Organisation


def require_seafarer(request: HttpRequest) -> User:
    if not request.user.is_authenticated or not request.user.has_role(Role.SEAFARER):
        raise Http404
    return request.user


def require_clinic_staff(request: HttpRequest) -> list[Organisation]:
    departments = clinic_departments(request.user)
    if not departments:
        raise Http404
    return departments


def require_clinician(request: HttpRequest) -> User:
    if not request.user.is_authenticated or not request.user.has_role(Role.CLINICIAN):
        raise Http404
    return request.user


def get_own_appointment(request: HttpRequest, pk: int) -> Appointment:
    user = require_seafarer(request)
    appointment = Appointment.objects.select_related("slot").filter(pk=pk, seafarer=user).first()
    if appointment is None:
        raise Http404
    return appointment


def get_clinic_appointment(request: HttpRequest, pk: int) -> Appointment:
    departments = require_clinic_staff(request)
    appointment = (
        Appointment.objects.select_related("slot", "seafarer")
        .filter(pk=pk, slot__department__in=departments)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def get_seafarer_to_refer(request: HttpRequest, user_pk: int) -> User:
    require_clinician(request)
    seafarer = User.objects.filter(pk=user_pk, role_grants__role=Role.SEAFARER).first()
    if seafarer is None:
        raise Http404
    return seafarer


def get_clinic_slot(request: HttpRequest, pk: int) -> Slot:
    """An in-clinic slot of the seafarer clinic (the booking service says whether it is
    still bookable)."""
    require_seafarer(request)
    slot = Slot.objects.filter(
        pk=pk, mode=Mode.IN_CLINIC, department__is_seafarer_clinic=True
    ).first()
    if slot is None:
        raise Http404
    return slot
