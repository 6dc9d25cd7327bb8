"""Who may open the green-channel and clinic pages. Everyone else gets 404.

- Seafarer pages: the seafarer themself (the views also need the health-data consent).
- Clinic pages: clinicians of the seafarer clinic department, for that department's slots
  and appointments only.
- Referring: any clinician, for a user who is a seafarer.
"""

from __future__ import annotations

from django.http import Http404

from seafarers_home.accounts.models import Role, User
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.organisations.models import Organisation
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import clinic_departments, is_clinician, is_seafarer


def clinic_departments_or_404(user: User) -> list[Organisation]:
    """The seafarer clinic departments the clinician works in; 404 for anyone else."""
    departments = clinic_departments(user)
    if not departments:
        raise Http404
    return departments


def get_own_green_appointment(user: User, pk: int) -> Appointment:
    require(is_seafarer, user)
    appointment = Appointment.objects.select_related("slot").filter(pk=pk, seafarer=user).first()
    if appointment is None:
        raise Http404
    return appointment


def get_clinic_appointment(user: User, pk: int) -> Appointment:
    departments = clinic_departments_or_404(user)
    appointment = (
        Appointment.objects.select_related("slot", "seafarer")
        .filter(pk=pk, slot__department__in=departments)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def get_seafarer_to_refer(user: User, user_pk: int) -> User:
    require(is_clinician, user)
    seafarer = User.objects.filter(pk=user_pk, role_grants__role=Role.SEAFARER).first()
    if seafarer is None:
        raise Http404
    return seafarer


def get_clinic_slot(user: User, pk: int) -> Slot:
    """An in-clinic slot of the seafarer clinic (the booking service says whether it is
    still bookable)."""
    require(is_seafarer, user)
    slot = Slot.objects.filter(
        pk=pk, mode=Mode.IN_CLINIC, department__is_seafarer_clinic=True
    ).first()
    if slot is None:
        raise Http404
    return slot
