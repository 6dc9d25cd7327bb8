"""远程咨询 booking, cancelling and rescheduling, on top of ``appointments.do_book_appointment``
(the one booking function); the rules they read (cancel deadline, within hours) are in
``consultations/services.py``.

A seafarer books a *published free slot* of a clinician: not taken, not past, not withdrawn,
not reserved for the green channel (those are booked on the green-channel page), and — for a
slot made from weekly hours — still inside the clinician's current hours and exceptions
("out of hours" otherwise, even before the next sync withdraws it). The booking carries the
reason and, only if the seafarer ticks the box, the summary of their latest 心理CT (date,
bands, risk level; never answers). Reminders are enqueued for the task worker.

A seafarer may cancel or reschedule until CONSULTATION_CANCEL_HOURS before the start; the
slot's clinician may always cancel, giving a reason the seafarer is shown. Rescheduling is one
transaction: the old booking is cancelled and the new one made, or nothing changes.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.audit.services import record_audit
from seafarers_home.consultations import wording
from seafarers_home.consultations.actions.appointments import (
    book_once,
    book_slot,
    do_cancel_appointment,
)
from seafarers_home.consultations.models import Appointment, Service, Slot
from seafarers_home.consultations.reminders import schedule_reminders
from seafarers_home.consultations.services import (
    BOOKING_PURPOSE,
    CANCEL_REASON_MAX_LENGTH,
    BookingRefused,
    check_booker,
    refuse_if_taken,
    screening_summary_for,
    seafarer_may_change,
    too_late_refusal,
    within_hours,
)
from seafarers_home.core.idempotency import payload_digest
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.triage.service import triage_text


def _check_slot(
    seafarer: User,
    slot: Slot,
    *,
    ignore: Appointment | None = None,
    service: str = Service.CLINICAL,
) -> None:
    """The consultation rules; ``do_book_appointment`` re-checks taken/past/withdrawn under
    the row lock. A slot of the other service is not bookable here (a clinical booking may
    carry a screening summary, which must never reach a legal worker)."""
    if slot.service != service:
        raise BookingRefused(_("这个号源不属于这项服务,请从列表中选择。"), "wrong_service")
    if slot.green_channel:
        raise BookingRefused(_("这个号源为绿色通道预留,请在“绿色通道”页面预约。"), "green_reserved")
    if slot.is_withdrawn:
        raise BookingRefused(_("这个号源已撤回,请选择其他时间。"), "withdrawn")
    if slot.starts_at <= timezone.now():
        raise BookingRefused(_("这个时间已经过去,请选择其他时间。"), "past")
    refuse_if_taken(slot, seafarer)
    if slot.clinician_id is None or not within_hours(slot):
        if service == Service.LEGAL:
            message = _("这个时间不在法律工作者的咨询时间内,请从列表中选择空闲号源。")
        else:
            message = _("这个时间不在医生的出诊时间内,请从列表中选择空闲号源。")
        raise BookingRefused(message, "out_of_hours")
    clash = Appointment.objects.filter(
        seafarer=seafarer,
        status=Appointment.Status.BOOKED,
        slot__starts_at__lt=slot.ends_at,
        slot__ends_at__gt=slot.starts_at,
    )
    if ignore is not None:
        clash = clash.exclude(pk=ignore.pk)
    if clash.exists():
        raise BookingRefused(_("您在这个时间已有另一个预约。"), "overlap")


def _tell_clinician(appointment: Appointment, message: Promise, when: datetime, key: str) -> None:
    """Rendered for the provider (their language and zone), linked to their bookings list."""
    clinician = appointment.slot.clinician
    if clinician is None:
        return
    url = wording.provider_page(appointment.slot)
    transaction.on_commit(
        lambda: do_send_notification(
            clinician,
            kind="consultation.booking",
            message=message,
            params={"when": when},
            url=url,
            dedupe_key=key,
        ),
        robust=True,
    )


def _triage_reason(seafarer: User, appointment: Appointment, request: HttpRequest | None) -> None:
    """The reason is a seafarer's own words: triaged like every free-text channel (DOMAIN rule
    8). A crisis raises the alert in the booking's transaction; the appointment may be days
    away, and the on-duty clinician must not wait for it."""
    if appointment.reason and triage_text(appointment.reason).crisis:
        do_raise_crisis_alert(
            seafarer,
            source="consultation",
            source_id=str(appointment.pk),
            reason="red_flag_words",
            request=request,
        )


def do_book_consultation(
    seafarer: User,
    slot: Slot,
    *,
    reason: str,
    share_screening: bool,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """Book a consultation (see ``do_book_consultation_once``); returns the appointment."""
    return do_book_consultation_once(
        seafarer,
        slot,
        reason=reason,
        share_screening=share_screening,
        idempotency_key=idempotency_key,
        request=request,
    )[0]


def do_book_consultation_once(
    seafarer: User,
    slot: Slot,
    *,
    reason: str,
    share_screening: bool,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[Appointment, bool]:
    """Book a remote (or general in-clinic) consultation: ``(appointment, created)``. Raises
    ``BookingRefused``; a repeat with the same ``idempotency_key`` returns the first booking,
    or is refused (``idempotency_conflict``) when it asks for another slot, reason or
    sharing."""
    key = (idempotency_key or "")[:80]
    reason = (reason or "").strip()
    digest = payload_digest({"slot": slot.pk, "reason": reason, "share": bool(share_screening)})
    reason = check_booker(seafarer, reason)

    def create() -> Appointment:
        _check_slot(seafarer, slot)
        appointment = book_slot(
            seafarer,
            slot,
            green_channel=False,
            reason=reason,
            screening_summary=screening_summary_for(seafarer) if share_screening else "",
            key=key,
            digest=digest,
            request=request,
        )
        schedule_reminders(appointment)
        _triage_reason(seafarer, appointment, request)
        _tell_clinician(
            appointment,
            wording.message("provider_booked", slot.service),
            slot.starts_at,
            f"consultation-booked-{appointment.pk}",
        )
        return appointment

    return book_once(seafarer, slot, key, digest, create)


def do_cancel_consultation(
    appointment: Appointment,
    by: User,
    *,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """The seafarer cancels until the deadline; the slot's clinician at any time, with a
    reason. The seafarer is told either way."""
    reason = (reason or "").strip()[:CANCEL_REASON_MAX_LENGTH]
    is_seafarer = by.pk == appointment.seafarer_id
    service = appointment.slot.service
    if is_seafarer:
        if not seafarer_may_change(appointment):
            raise too_late_refusal(appointment)
    elif by.pk == appointment.slot.clinician_id:
        if not reason:
            raise BookingRefused(_("请填写取消原因,海员会看到它。"), "reason_required")
    else:
        raise BookingRefused(_("您不能取消这个预约。"), "not_allowed")
    with transaction.atomic():
        cancelled = do_cancel_appointment(appointment, by, request=request)
        if reason and not is_seafarer:
            cancelled.cancel_reason = reason
            cancelled.save(update_fields=["cancel_reason", "updated_at"])
        starts_at = cancelled.slot.starts_at
        if is_seafarer:
            seafarer, pk = cancelled.seafarer, cancelled.pk
            message = wording.message("cancelled_by_seafarer", service)
            url = wording.seafarer_page(cancelled, anchor=False)
            transaction.on_commit(
                lambda: do_send_notification(
                    seafarer,
                    kind="consultation.cancelled",
                    message=message,
                    params={"when": starts_at},
                    url=url,
                    dedupe_key=f"consultation-cancelled-{pk}",
                    sms=False,
                ),
                robust=True,
            )
            _tell_clinician(
                cancelled,
                wording.message("provider_cancelled", service),
                starts_at,
                f"consultation-cancelled-clinician-{pk}",
            )
    return cancelled


def do_reschedule_consultation(
    appointment: Appointment,
    new_slot: Slot,
    *,
    by: User,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """Move the seafarer's booking to another free slot in one transaction: the new booking
    keeps the reason and the shared summary; if it is refused, the old one stands."""
    key = (idempotency_key or "")[:80]

    def create() -> Appointment:
        if by.pk != appointment.seafarer_id or appointment.slot.service != Service.CLINICAL:
            raise BookingRefused(_("您不能改约这个预约。"), "not_allowed")
        if new_slot.pk == appointment.slot_id:
            raise BookingRefused(_("请选择另一个时间。"), "same_slot")
        if not seafarer_may_change(appointment):
            raise too_late_refusal(appointment)
        _check_slot(by, new_slot, ignore=appointment)
        do_cancel_appointment(appointment, by, request=request)
        moved = book_slot(
            by,
            new_slot,
            green_channel=False,
            reason=appointment.reason,
            screening_summary=appointment.screening_summary,
            key=key,
            digest="",
            request=request,
        )
        record_audit(
            by,
            "consultations.reschedule",
            target=moved,
            purpose=BOOKING_PURPOSE,
            request=request,
            detail={"from": appointment.pk, "to": moved.pk, "slot": new_slot.pk},
        )
        schedule_reminders(moved)
        _tell_clinician(
            moved,
            gettext_lazy("海员把远程咨询改约到 %(when)s。"),
            new_slot.starts_at,
            f"consultation-booked-{moved.pk}",
        )
        return moved

    moved, _created = book_once(by, new_slot, key, "", create)
    return moved
