"""Who may see urgent episodes and consultation notes.

Urgent episodes: clinicians (the on-call psychiatrists), counsellors and union staff, who open
and follow them; everyone else gets 404. The opener and union staff see the timeline and the
reason they wrote, never the clinician's note. Notes: the clinician of the consultation; the
seafarer sees only a shared summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from seafarers_home.consultations.models import Appointment
from seafarers_home.consultations.models_clinical import ConsultationNote, UrgentRequest
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_clinician, is_urgent_follower

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def urgent_requests_for_user(user: User | AnonymousUser) -> QuerySet[UrgentRequest]:
    require(is_urgent_follower, user)
    return UrgentRequest.objects.select_related(
        "seafarer__seafarer_profile__current_vessel", "opened_by", "psychiatrist", "alert"
    )


def get_urgent_request_for_user(user: User | AnonymousUser, pk: int) -> UrgentRequest:
    urgent = urgent_requests_for_user(user).filter(pk=pk).first()
    if urgent is None:
        raise Http404
    return urgent


def get_urgent_call_for_seafarer(user: User | AnonymousUser, pk: int) -> UrgentRequest:
    """The seafarer's own urgent episode with an open room."""
    urgent = (
        UrgentRequest.objects.select_related("appointment__slot")
        .filter(pk=pk, seafarer_id=user.pk, appointment__isnull=False)
        .first()
    )
    if urgent is None:
        raise Http404
    return urgent


def get_appointment_for_clinician(user: User | AnonymousUser, pk: int) -> Appointment:
    """An appointment whose clinical slot is this clinician's (for writing its note): a
    legal consultation has no clinical note, whoever holds its slot."""
    clinician = require(is_clinician, user)
    appointment = (
        Appointment.objects.select_related("slot", "seafarer")
        .filter(pk=pk, slot__clinician_id=clinician.pk, slot__service="clinical")
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def get_note_for_user(user: User | AnonymousUser, pk: int) -> ConsultationNote:
    """The seafarer's own shared summary, or any note for the clinician who wrote it."""
    visible = Q(seafarer_id=user.pk, shared_at__isnull=False) | Q(clinician_id=user.pk)
    note = (
        ConsultationNote.objects.select_related("clinician", "appointment__slot")
        .filter(visible, pk=pk)
        .first()
    )
    if note is None:
        raise Http404
    return note
