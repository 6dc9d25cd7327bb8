"""Booking, cancelling and attending appointments: the one booking function of the project.

Every booking — a remote consultation (``actions/booking.py``) or an in-clinic green-channel
visit (``consultations.green_channel``) — goes through ``do_book_appointment``. Two guards keep a
slot to one person:

1. the slot row is locked (``select_for_update``) while it is checked and booked, so two
   bookers of the same slot queue up on PostgreSQL and the second sees the first's booking;
2. the partial unique constraint ``one_active_appointment_per_slot`` refuses a second
   active booking at the database level (SQLite ignores row locks; the constraint still
   holds), and the loser gets the same translated "already taken" error.

Refusals (``BookingRefused``) happen before anything is written. A green-channel slot may
be booked only as a green-channel booking by an eligible seafarer (an open referral, see
``consultations.green_channel``). The screening summary (bands and risk level of the latest
completed 心理CT, never answers) is stored only when the seafarer allowed it; the caller
builds it with ``screening_summary_for`` and passes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.consultations import availability
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.core.idempotency import IdempotencyConflict, create_once
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.screening.aggregates import instrument_title
from seafarers_home.screening.instruments import UnknownInstrument, get_instrument
from seafarers_home.screening.models import Screening
from seafarers_home.voyages.green_referrals import open_referral

BOOKING_PURPOSE = "appointment booking"
ACTIVE_STATUSES = (
    Appointment.Status.BOOKED,
    Appointment.Status.ATTENDED,
    Appointment.Status.NO_SHOW,
)
REASON_MAX_LENGTH = 2000


class BookingRefused(Exception):
    """A booking, cancellation or attendance that may not happen; ``message`` is translated
    and ``code`` is stable (the API returns it)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def hospital_time(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(hospital_zone())


def screening_summary_for(seafarer: User) -> str:
    """Date, instruments' bands and risk level of the latest completed 心理CT — never
    answers or item scores. Empty when there is none."""
    screening = (
        Screening.objects.filter(seafarer=seafarer, status=Screening.Status.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if screening is None:
        return ""
    parts = []
    for response in screening.responses.order_by("created_at", "pk"):
        label = response.band
        try:
            instrument = get_instrument(response.instrument_code, response.instrument_version)
            label = next((b.label for b in instrument.bands if b.code == response.band), label)
        except UnknownInstrument:
            pass
        parts.append(f"{instrument_title(response.instrument_code)}: {label}")
    completed = hospital_time(screening.completed_at) if screening.completed_at else None
    head = _("心理CT %(date)s,风险等级:%(risk)s") % {
        "date": completed.strftime("%Y-%m-%d") if completed else "—",
        "risk": screening.get_risk_level_display() or "—",
    }
    return "\n".join([head, *parts])


def _check_bookable(slot: Slot, seafarer: User, *, green_channel: bool, now: datetime.datetime):
    if slot.is_withdrawn:
        raise BookingRefused(_("这个号源已撤回,请选择其他时间。"), "withdrawn")
    if slot.starts_at <= now:
        raise BookingRefused(_("这个时间已经过去,请选择其他时间。"), "past")
    if Appointment.objects.filter(slot=slot, status__in=ACTIVE_STATUSES).exists():
        raise BookingRefused(_("这个号源已被预约,请选择其他时间。"), "taken")
    if slot.green_channel and not green_channel:
        raise BookingRefused(
            _("这个号源为绿色通道预留,只有经转介或申请的归港海员可以预约。"), "green_reserved"
        )
    if green_channel and open_referral(seafarer) is None:
        raise BookingRefused(_("您目前没有绿色通道资格。请先申请,或由医生转介。"), "not_eligible")


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


def check_booker(seafarer: User, reason: str) -> str:
    """The person and the reason may book; the reason stripped. Raises ``BookingRefused``."""
    if not seafarer.has_role(Role.SEAFARER):
        raise BookingRefused(_("只有海员可以预约。"), "not_seafarer")
    if not has_health_data_consent(seafarer):
        raise BookingRefused(_("预约就诊需要先同意健康信息处理。"), "no_consent")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise BookingRefused(
            _("就诊原因过长(最多 %(max)d 字)。") % {"max": REASON_MAX_LENGTH}, "long_reason"
        )
    return reason


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
    )
    record_audit(
        seafarer,
        "consultations.book",
        target=appointment,
        purpose=BOOKING_PURPOSE,
        request=request,
        detail={
            "slot": locked.pk,
            "green_channel": green_channel,
            "summary_shared": bool(screening_summary),
        },
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
        message = gettext_lazy("您已预约 %(when)s 的远程咨询,到时在“我的远程咨询”进入咨询室。")
        url = f"{reverse('consultations:mine')}#a{appointment.pk}"
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
            page = "voyages:green_channel" if locked.green_channel else "consultations:mine"
            transaction.on_commit(
                lambda: do_send_notification(
                    seafarer,
                    kind="appointment.cancelled",
                    message=gettext_lazy("您 %(when)s 的预约已被医院取消,可以重新预约。"),
                    params={"when": when},
                    url=reverse(page),
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


# -- the consultation's booking rules (actions/booking.py) --------------------------------

CANCEL_REASON_MAX_LENGTH = 500


def cancel_deadline(appointment: Appointment) -> datetime.datetime:
    return appointment.slot.starts_at - datetime.timedelta(hours=settings.CONSULTATION_CANCEL_HOURS)


def seafarer_may_change(appointment: Appointment, now: datetime.datetime | None = None) -> bool:
    return appointment.status == Appointment.Status.BOOKED and (
        now or timezone.now()
    ) < cancel_deadline(appointment)


def within_hours(slot: Slot) -> bool:
    """A slot made from weekly hours is bookable only while those hours still give it."""
    if not slot.from_availability:
        return True  # published by hand (e.g. the clinic's in-clinic list)
    day = slot.starts_at.astimezone(hospital_zone()).date()
    wanted = availability.wanted_slots(
        slot.clinician, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    )
    return (slot.starts_at, slot.ends_at, slot.mode) in wanted


def crisis_alert_raised_for(appointment: Appointment) -> bool:
    """Whether the booking's reason raised a crisis alert (the page then shows the help)."""
    return CrisisAlert.objects.filter(
        source="consultation", source_id=str(appointment.pk), reason="red_flag_words"
    ).exists()
