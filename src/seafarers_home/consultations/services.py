"""The rules of booking, cancelling and attending appointments; the writes, with the one booking
function of the project, are in ``actions/appointments.py``.

Every booking — a remote consultation (``actions/booking.py``) or an in-clinic green-channel
visit (``consultations.green_channel``) — goes through ``do_book_appointment``. Two guards keep
a slot to one person:

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

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.consultations import availability
from seafarers_home.consultations.models import Appointment, Service, Slot
from seafarers_home.lib.zones import hospital_zone
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


def refuse_if_taken(slot: Slot, seafarer: User) -> None:
    """Raise BookingRefused when the slot is booked: by someone else, or by this seafarer,
    who is told it is already theirs (a second try from a stale page or another device)."""
    holder = (
        Appointment.objects.filter(slot=slot, status__in=ACTIVE_STATUSES)
        .values_list("seafarer_id", flat=True)
        .first()
    )
    if holder is None:
        return
    if holder == seafarer.pk:
        raise BookingRefused(_("您已经预约了这个时间,可以在您的预约列表里查看。"), "taken")
    raise BookingRefused(_("这个号源已被预约,请选择其他时间。"), "taken")


def _check_bookable(slot: Slot, seafarer: User, *, green_channel: bool, now: datetime.datetime):
    if slot.is_withdrawn:
        raise BookingRefused(_("这个号源已撤回,请选择其他时间。"), "withdrawn")
    if slot.starts_at <= now:
        raise BookingRefused(_("这个时间已经过去,请选择其他时间。"), "past")
    refuse_if_taken(slot, seafarer)
    if slot.green_channel and not green_channel:
        raise BookingRefused(
            _("这个号源为绿色通道预留,只有经转介或申请的归港海员可以预约。"), "green_reserved"
        )
    if green_channel and open_referral(seafarer) is None:
        raise BookingRefused(_("您目前没有绿色通道资格。请先申请,或由医生转介。"), "not_eligible")


def check_booker(seafarer: User, reason: str, service: str = Service.CLINICAL) -> str:
    """The person and the reason may book; the reason stripped. Raises ``BookingRefused``.
    A legal consultation is no health service: it needs no health-data consent."""
    if not seafarer.has_role(Role.SEAFARER):
        raise BookingRefused(_("只有海员可以预约。"), "not_seafarer")
    if service == Service.CLINICAL and not has_health_data_consent(seafarer):
        raise BookingRefused(_("预约就诊需要先同意健康信息处理。"), "no_consent")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise BookingRefused(
            _("就诊原因过长(最多 %(max)d 字)。") % {"max": REASON_MAX_LENGTH}, "long_reason"
        )
    return reason


# -- the consultation's booking rules (actions/booking.py) --------------------------------

CANCEL_REASON_MAX_LENGTH = 500


def cancel_deadline(appointment: Appointment) -> datetime.datetime:
    return appointment.slot.starts_at - datetime.timedelta(hours=settings.CONSULTATION_CANCEL_HOURS)


def too_late_refusal(appointment: Appointment) -> BookingRefused:
    """The seafarer's change after the deadline; where to turn instead depends on the service."""
    hours = settings.CONSULTATION_CANCEL_HOURS
    if appointment.slot.service == Service.LEGAL:
        message = _("距开始已不足 %(hours)d 小时,不能再取消。如有急事请在维权案件里留言。")
    else:
        message = _("距开始已不足 %(hours)d 小时,不能再取消或改约。如有急事请拨打心理热线。")
    return BookingRefused(message % {"hours": hours}, "too_late")


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
        slot.clinician,
        day - datetime.timedelta(days=1),
        day + datetime.timedelta(days=1),
        slot.service,
    )
    return (slot.starts_at, slot.ends_at, slot.mode) in wanted


def crisis_alert_raised_for(appointment: Appointment) -> bool:
    """Whether the booking's reason raised a crisis alert (the page then shows the help)."""
    return CrisisAlert.objects.filter(
        source="consultation", source_id=str(appointment.pk), reason="red_flag_words"
    ).exists()
