"""The consultation room: a booked remote appointment's call room (``callroom`` runs it), one
implementation for clinical and legal consultations.

The participants are the seafarer and the slot's provider — a clinician on a clinical slot, a
legal worker on a legal one, each only while holding that role — from
CONSULTATION_JOIN_EARLY_MINUTES before the start to CONSULTATION_JOIN_LATE_MINUTES after the
end; the provider makes the WebRTC offers. Only a clinical room asks the seafarer for the
health-data consent; a legal room is no health service.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seafarers_home.callroom.rooms import (
    NO_CONSENT,
    NOT_SIGNED_IN,
    NOT_THEIRS,
    WRONG_TIME,
    Room,
    RoomRefused,
)
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.consultations.availability import PROVIDER_ROLE
from seafarers_home.consultations.models import Appointment, Mode, Service
from seafarers_home.permissions.roles import has_passed_two_factor

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

OPEN_STATUSES = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)


def consultation_window(appointment: Appointment) -> tuple[datetime, datetime]:
    slot = appointment.slot
    return (
        slot.starts_at - timedelta(minutes=settings.CONSULTATION_JOIN_EARLY_MINUTES),
        slot.ends_at + timedelta(minutes=settings.CONSULTATION_JOIN_LATE_MINUTES),
    )


def _is_urgent_room(appointment: Appointment) -> bool:
    """An urgent episode's room (issue 5 item 4): PIPL art. 13(4) lets a seafarer in distress
    be called without a prior health-data consent."""
    return hasattr(appointment, "urgent_request") and appointment.urgent_request is not None


def consultation_room(
    user: User, appointment_id: int, *, two_factor_passed: bool, now: datetime | None = None
) -> Room:
    """The room of a booked remote appointment for ``user``, or ``RoomRefused``."""
    if user is None or not user.is_authenticated:
        raise RoomRefused(NOT_SIGNED_IN, _("请先登录。"))
    if user.needs_two_factor and not two_factor_passed:
        raise RoomRefused(NOT_SIGNED_IN, _("请先完成双重验证。"))
    appointment = (
        Appointment.objects.select_related("slot__clinician", "seafarer")
        .filter(pk=appointment_id, status__in=OPEN_STATUSES, slot__mode=Mode.REMOTE)
        .first()
    )
    if appointment is None or appointment.slot.clinician_id is None:
        raise RoomRefused(NOT_THEIRS)
    clinician = appointment.slot.clinician
    service = appointment.slot.service
    is_seafarer = user.pk == appointment.seafarer_id
    is_provider = user.pk == clinician.pk and user.has_role(PROVIDER_ROLE[Service(service)])
    if not (is_seafarer or is_provider):
        raise RoomRefused(NOT_THEIRS)
    clinical = service == Service.CLINICAL
    if (
        clinical
        and is_seafarer
        and not has_health_data_consent(user)
        and not _is_urgent_room(appointment)
    ):
        raise RoomRefused(NO_CONSENT, _("进入咨询室前需要您同意健康信息处理。"))
    opens_at, closes_at = consultation_window(appointment)
    room = Room(
        kind="consultation" if clinical else "legal_consultation",
        key=str(appointment.pk),
        participant_ids=frozenset({appointment.seafarer_id, clinician.pk}),
        offerer_id=clinician.pk,
        opens_at=opens_at,
        closes_at=closes_at,
        target=appointment,
        names={appointment.seafarer_id: str(appointment.seafarer), clinician.pk: str(clinician)},
    )
    if not room.is_open(now):
        raise RoomRefused(WRONG_TIME, _("现在不在咨询室开放时间内。"), room=room)
    return room


def get_consultation_room_for_user(request: HttpRequest, pk: int) -> Room:
    """The page's and the ICE endpoint's way in (the WebSocket resolves in the consumer)."""
    passed = has_passed_two_factor(request.user, request.session)
    return consultation_room(request.user, pk, two_factor_passed=passed)
