"""The appointment core's writes: booking a slot (the one booking function,
``do_book_appointment``, under the slot's row lock and the one-active-booking constraint),
cancelling and marking attended. The rules they check (``check_booker``, the bookable slot)
are in ``consultations/services.py``, whose docstring tells how a slot stays to one person."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.consultations import wording
from seafarers_home.consultations.models import Appointment, Mode, Service, Slot
from seafarers_home.consultations.services import (
    BOOKING_PURPOSE,
    BookingRefused,
    _check_bookable,
    check_booker,
)
from seafarers_home.core.idempotency import IdempotencyConflict, create_once
from seafarers_home.notifications.actions import do_send_notification


def do_book_appointment(
    seafarer: User,
    slot: Slot,
    *,
    green_channel: bool,
    reason: str,
    screening_summary: str,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """Book ``slot`` for ``seafarer`` (see ``do_book_appointment_once``)."""
    return do_book_appointment_once(
        seafarer,
        slot,
        green_channel=green_channel,
        reason=reason,
        screening_summary=screening_summary,
        idempotency_key=idempotency_key,
        request=request,
    )[0]


def book_once(
    seafarer: User, slot: Slot, key: str, digest: str, create: Callable[[], Appointment]
) -> tuple[Appointment, bool]:
    """``core.idempotency.create_once`` for bookings: ``(appointment, created)``. The same key
    for another slot (or, with a digest, other details) raises ``IdempotencyConflict``; a
    slot someone else took in the meantime ``BookingRefused``."""
    mine = Appointment.objects.filter(seafarer=seafarer)
    try:
        appointment, created = create_once(mine, key, digest, create)
    except IntegrityError as exc:  # not our key: the slot's constraint refused
        raise BookingRefused(_("这个号源已被预约,请选择其他时间。"), "taken") from exc
    if not created and appointment.slot_id != slot.pk:
        raise IdempotencyConflict(key)
    return appointment, created


def book_slot(
    seafarer: User,
    slot: Slot,
    *,
    green_channel: bool,
    reason: str,
    screening_summary: str,
    key: str,
    digest: str,
    request: HttpRequest | None,
    rights_case_id: int | None = None,
) -> Appointment:
    """The booking's writes, for a ``create`` of ``book_once``: the slot locked and re-checked,
    the appointment, its audit row and the seafarer's notice."""
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    _check_bookable(locked, seafarer, green_channel=green_channel, now=timezone.now())
    appointment = Appointment.objects.create(
        slot=locked,
        seafarer=seafarer,
        green_channel=green_channel,
        reason=reason,
        screening_summary=screening_summary or "",
        idempotency_key=key,
        payload_hash=digest if key else "",
        rights_case_id=rights_case_id,
    )
    detail = {
        "slot": locked.pk,
        "green_channel": green_channel,
        "summary_shared": bool(screening_summary),
    }
    if locked.service != Service.CLINICAL:
        detail.update(service=locked.service, rights_case=rights_case_id)
    record_audit(
        seafarer,
        "consultations.book",
        target=appointment,
        purpose=BOOKING_PURPOSE,
        request=request,
        detail=detail,
    )
    _notify_booked(appointment, locked)
    return appointment


def do_book_appointment_once(
    seafarer: User,
    slot: Slot,
    *,
    green_channel: bool,
    reason: str,
    screening_summary: str,
    idempotency_key: str = "",
    payload_hash: str = "",
    request: HttpRequest | None = None,
) -> tuple[Appointment, bool]:
    """Book ``slot`` for ``seafarer`` (see the module docstring): ``(appointment, created)``.
    Raises ``BookingRefused``, or ``IdempotencyConflict`` when the same ``idempotency_key``
    asked for another slot (or another ``payload_hash``)."""
    reason = check_booker(seafarer, reason)
    key = (idempotency_key or "")[:80]
    return book_once(
        seafarer,
        slot,
        key,
        payload_hash,
        lambda: book_slot(
            seafarer,
            slot,
            green_channel=green_channel,
            reason=reason,
            screening_summary=screening_summary,
            key=key,
            digest=payload_hash,
            request=request,
        ),
    )


def _notify_booked(appointment: Appointment, slot: Slot) -> None:
    # Say what was booked: a remote consultation is not a visit to the clinic.
    if slot.mode == Mode.REMOTE and not appointment.green_channel:
        message = wording.message("booked", slot.service)
        url = wording.seafarer_page(appointment)
    else:
        message = gettext_lazy("您已预约 %(when)s 在海员心理咨询科的门诊,请准时到达。")
        url = reverse("voyages:green_channel")
    seafarer, pk, when = appointment.seafarer, appointment.pk, slot.starts_at
    transaction.on_commit(
        lambda: do_send_notification(
            seafarer,
            kind="appointment.booked",
            message=message,
            params={"when": when},
            url=url,
            dedupe_key=f"appointment-booked-{pk}",
        ),
        robust=True,
    )


def do_cancel_appointment(
    appointment: Appointment, by: User, *, request: HttpRequest | None = None
) -> Appointment:
    """The seafarer, or clinic staff, cancel a booking that has not happened yet. The slot
    becomes free again (the unique constraint only counts active bookings)."""
    with transaction.atomic():
        locked = (
            Appointment.objects.select_for_update().select_related("slot").get(pk=appointment.pk)
        )
        if locked.status != Appointment.Status.BOOKED:
            raise BookingRefused(_("这个预约已不能取消。"), "not_booked")
        if locked.slot.starts_at <= timezone.now():
            raise BookingRefused(_("就诊时间已过,不能取消。"), "past")
        locked.status = Appointment.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        record_audit(
            by,
            "consultations.cancel",
            target=locked,
            purpose=BOOKING_PURPOSE,
            request=request,
            detail={"slot": locked.slot_id, "by_seafarer": by.pk == locked.seafarer_id},
        )
        if by.pk != locked.seafarer_id:
            seafarer, pk, when = locked.seafarer, locked.pk, locked.slot.starts_at
            if locked.green_channel:
                url = reverse("voyages:green_channel")
            else:
                url = wording.seafarer_page(locked, anchor=False)
            message = wording.message("cancelled_by_provider", locked.slot.service)
            transaction.on_commit(
                lambda: do_send_notification(
                    seafarer,
                    kind="appointment.cancelled",
                    message=message,
                    params={"when": when},
                    url=url,
                    dedupe_key=f"appointment-cancelled-{pk}",
                ),
                robust=True,
            )
    return locked


def do_mark_attended(
    appointment: Appointment,
    clinician: User,
    *,
    attended: bool = True,
    request: HttpRequest | None = None,
) -> Appointment:
    """Clinic staff record that the seafarer came (or did not: ``attended=False``)."""
    if not clinician.has_role(Role.CLINICIAN):
        raise BookingRefused(_("只有医生可以登记就诊。"), "not_clinician")
    with transaction.atomic():
        locked = (
            Appointment.objects.select_for_update().select_related("slot").get(pk=appointment.pk)
        )
        if locked.status != Appointment.Status.BOOKED:
            raise BookingRefused(_("这个预约已登记过或已取消。"), "not_booked")
        if locked.slot.starts_at > timezone.now():
            raise BookingRefused(_("就诊时间还没到,不能登记。"), "future")
        now = timezone.now()
        if attended:
            locked.status = Appointment.Status.ATTENDED
            locked.attended_at = now
        else:
            locked.status = Appointment.Status.NO_SHOW
        locked.save(update_fields=["status", "attended_at", "updated_at"])
        record_audit(
            clinician,
            "consultations.attended" if attended else "consultations.no_show",
            target=locked,
            purpose=BOOKING_PURPOSE,
            request=request,
            detail={"slot": locked.slot_id},
        )
    return locked
