"""远程咨询 API for seafarers: free slots, booking, cancelling, one's own appointments.

Times are UTC (`starts_at`, `ends_at`) and repeated in the seafarer's own zone (their profile's
`time_zone`, `*_local`) and in hospital time (`*_hospital`, the hospital's zone). Booking and
cancelling take an ``Idempotency-Key`` header: a client may repeat the request after a dropped
satellite link and gets the stored result (200) without a second booking. Only seafarers with
the health-data consent use these operations (403 otherwise, before the body is read).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from seafarers_home.accounts.models import Role, User
from seafarers_home.api import auth
from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    ApiError,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.consultations.access_booking import get_own_appointment
from seafarers_home.consultations.actions.booking import (
    do_book_consultation_once,
    do_cancel_consultation,
)
from seafarers_home.consultations.availability import free_slots
from seafarers_home.consultations.models import Appointment, Mode, Service, Slot
from seafarers_home.consultations.services import BookingRefused
from seafarers_home.consultations.times import slot_times
from seafarers_home.core.inputs import Text

router = Router(tags=["consultations"])

MAX_DAYS = 28
LIST_LIMIT = 200


SEAFARER_AUTH = auth.consenting_seafarer_auth(
    not_seafarer=_("只有海员本人可以预约远程咨询。"),
    no_consent=_("请先在“我的同意”中同意处理健康信息,再预约远程咨询。"),
)


class SlotOut(Schema):
    id: int
    clinician_id: int
    clinician_name: str
    department: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    starts_at_local: datetime
    ends_at_local: datetime
    starts_at_hospital: datetime
    ends_at_hospital: datetime


class AppointmentOut(Schema):
    id: int
    status: str
    slot: SlotOut
    reason: str
    screening_summary_shared: bool
    cancel_reason: str
    calendar_url: str
    room_url: str | None
    created_at: datetime


class SlotQuery(Schema):
    clinician_id: int | None = None
    mode: Mode = Mode.REMOTE
    days: int = Field(14, ge=1, le=MAX_DAYS)


class BookIn(Schema):
    slot_id: int
    reason: Text = Field("", max_length=2000)
    share_screening: bool = False


def _slot_payload(slot: Slot, zone: str) -> dict[str, Any]:
    t = slot_times(slot.starts_at, slot.ends_at, zone)
    clinician = slot.clinician
    return {
        "id": slot.pk,
        "clinician_id": slot.clinician_id,
        "clinician_name": (clinician.display_name or str(clinician)) if clinician else "",
        "department": str(slot.department),
        "mode": slot.mode,
        "starts_at": t.starts_at,
        "ends_at": t.ends_at,
        "time_zone": t.zone_name,
        "starts_at_local": t.local_start,
        "ends_at_local": t.local_end,
        "starts_at_hospital": t.hospital_start,
        "ends_at_hospital": t.hospital_end,
    }


def _appointment_payload(appointment: Appointment, zone: str) -> dict[str, Any]:
    remote = appointment.slot.mode == Mode.REMOTE
    return {
        "id": appointment.pk,
        "status": appointment.status,
        "slot": _slot_payload(appointment.slot, zone),
        "reason": appointment.reason,
        "screening_summary_shared": bool(appointment.screening_summary),
        "cancel_reason": appointment.cancel_reason,
        "calendar_url": reverse("consultations:ics", args=[appointment.pk]),
        "room_url": reverse("consultations:room", args=[appointment.pk]) if remote else None,
        "created_at": appointment.created_at,
    }


def _refusal(error: BookingRefused) -> ApiError:
    # IdempotencyConflict is not a refusal: the API's one handler answers it (422).
    return ApiError(409, error.code, error.message)


@router.get(
    "/consultations/slots",
    response={200: list[SlotOut], **error_responses(401, 403, 422)},
    summary="Free consultation slots",
    description="Free slots of one clinician (`clinician_id`) or of all, for the next `days` "
    "days (1–28, default 14), remote by default. Taken, withdrawn, past and green-channel "
    "slots are never listed.",
    url_name="consultation_slots",
    auth=SEAFARER_AUTH,
)
def list_slots(request: HttpRequest, filters: Query[SlotQuery]) -> list[dict[str, Any]]:
    clinician = None
    if filters.clinician_id is not None:
        clinician = User.objects.filter(pk=filters.clinician_id).first()
        if clinician is None or not clinician.has_role(Role.CLINICIAN):
            return []
    now = timezone.now()
    slots = free_slots(
        clinician, mode=filters.mode, start=now, end=now + timedelta(days=filters.days)
    )
    zone = request.auth.time_zone
    return [_slot_payload(s, zone) for s in slots[:LIST_LIMIT]]


@router.post(
    "/consultations/appointments",
    response={200: AppointmentOut, 201: AppointmentOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Book a consultation slot",
    description="Books a free slot for the signed-in seafarer. The reason is shown to the "
    "clinician only; `share_screening` attaches the summary of the latest completed 心理CT "
    "(date, bands, risk level; never answers). Repeat with the same `Idempotency-Key` after a "
    "dropped link: the booking comes back (200) and nothing is booked twice; the same key for "
    "another slot, reason or sharing is refused (422 `idempotency_conflict`). A taken, past, "
    "withdrawn, out-of-hours or green-channel slot answers 409 with the reason in `code`.",
    url_name="consultation_book",
    auth=SEAFARER_AUTH,
)
def book(
    request: HttpRequest,
    payload: BookIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    user = request.auth
    key = clean_idempotency_key(idempotency_key)
    slot = (
        Slot.objects.select_related("clinician", "department")
        .filter(pk=payload.slot_id, clinician__isnull=False, service=Service.CLINICAL)
        .first()
    )
    if slot is None:
        raise ApiError(404, "not_found", _("没有这个号源。"))
    try:
        appointment, created = do_book_consultation_once(
            user,
            slot,
            reason=payload.reason,
            share_screening=payload.share_screening,
            idempotency_key=key,
            request=request,
        )
    except BookingRefused as error:
        raise _refusal(error) from None
    return Status(201 if created else 200, _appointment_payload(appointment, user.time_zone))


@router.post(
    "/consultations/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Cancel one of my appointments",
    description="Allowed until CONSULTATION_CANCEL_HOURS (default 2) hours before the start "
    "(409 `too_late` afterwards). Repeating the request (same `Idempotency-Key`) after a "
    "dropped link answers the cancelled appointment again (200); nothing is written twice.",
    url_name="consultation_cancel",
    auth=SEAFARER_AUTH,
)
def cancel(
    request: HttpRequest,
    appointment_id: int,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> dict[str, Any]:
    user = request.auth
    clean_idempotency_key(idempotency_key)
    appointment = get_own_appointment(user, appointment_id)
    if appointment.status != Appointment.Status.CANCELLED:
        try:
            appointment = do_cancel_consultation(appointment, user, request=request)
        except BookingRefused as error:
            raise _refusal(error) from None
    return _appointment_payload(appointment, user.time_zone)


@router.get(
    "/consultations/appointments",
    response={200: list[AppointmentOut], **error_responses(401, 403)},
    summary="My consultation appointments",
    description="Newest first (remote and general in-clinic; green-channel visits excluded).",
    url_name="consultation_appointments",
    auth=SEAFARER_AUTH,
)
def list_appointments(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.auth
    appointments = (
        Appointment.objects.filter(
            seafarer=user, green_channel=False, slot__service=Service.CLINICAL
        )
        .select_related("slot__clinician", "slot__department")
        .order_by("-slot__starts_at", "-pk")
    )
    return [_appointment_payload(a, user.time_zone) for a in appointments[:LIST_LIMIT]]
