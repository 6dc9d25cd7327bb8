"""绿色通道: priority in-clinic appointments for returning seafarers under stress.

Who is eligible: a seafarer with an **open referral** (``GreenChannelReferral``) — one made
in the last ``REFERRAL_VALID_DAYS`` days whose appointment is not yet booked (none, or a
cancelled one). Referrals come from

- the return 心理CT (``source="return_screening"``): the care pathway refers a seafarer whose
  after-return screening is follow-up or worse (``voyages.care_facts``);
- the seafarer (``"self"``): any seafarer back from a voyage may ask, "under work or life
  stress" is reason enough (``do_request_green_channel``);
- a clinician (or the counsellor of the 14-day follow-up) (``"clinician"``).

Referring is idempotent per open referral: while one is open, a second referral returns it.

Priority: the clinic reserves a share of each day's in-clinic slots, the earliest ones
(``consultations.slots``). Only eligible seafarers may book them, so the next free green slot
is usually days before the next free general one. An eligible seafarer may also take a
general slot; either way the booking carries the referral and — only when the seafarer ticks
the box — the summary of their latest 心理CT (bands and risk level, never answers).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.services import (
    BookingRefused,
    do_book_appointment,
    screening_summary_for,
)
from seafarers_home.consultations.slots import free_slots
from seafarers_home.notifications.services import do_send_notification
from seafarers_home.voyages.models import GreenChannelReferral, Voyage
from seafarers_home.voyages.phases import seafarer_today

REFERRAL_VALID_DAYS = 90
PURPOSE = "green channel (seafarer clinic)"
REASON_MAX_LENGTH = 1000


class ReferralInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def open_referrals(now: datetime.datetime | None = None) -> QuerySet[GreenChannelReferral]:
    since = (now or timezone.now()) - datetime.timedelta(days=REFERRAL_VALID_DAYS)
    return GreenChannelReferral.objects.filter(created_at__gte=since).filter(
        Q(appointment__isnull=True) | Q(appointment__status=Appointment.Status.CANCELLED)
    )


def open_referral(seafarer: User) -> GreenChannelReferral | None:
    """The seafarer's open referral (the oldest, so the waiting time counts from it)."""
    return open_referrals().filter(seafarer=seafarer).order_by("created_at", "pk").first()


def returned_voyage(seafarer: User) -> Voyage | None:
    """The seafarer's latest voyage returned (recorded, not cancelled) in the last
    ``REFERRAL_VALID_DAYS`` days of their own calendar: "returning" seafarers."""
    today = seafarer_today(seafarer)
    return (
        Voyage.objects.filter(
            seafarer=seafarer,
            cancelled_at__isnull=True,
            actual_return__lte=today,
            actual_return__gte=today - datetime.timedelta(days=REFERRAL_VALID_DAYS),
        )
        .order_by("-actual_return", "-pk")
        .first()
    )


def do_refer_to_green_channel(
    seafarer: User,
    *,
    source: str,
    voyage: Voyage | None = None,
    screening: object | None = None,
    referred_by: User | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> GreenChannelReferral:
    """Give ``seafarer`` a green-channel referral, or return their open one."""
    if source not in GreenChannelReferral.Source.values:
        raise ReferralInvalid(_("未知的转介来源。"))
    if not seafarer.has_role(Role.SEAFARER):
        raise ReferralInvalid(_("只能为海员转介绿色通道。"))
    if not has_health_data_consent(seafarer):
        raise ReferralInvalid(_("这位海员尚未同意健康信息处理,暂不能转介。"))
    if source == GreenChannelReferral.Source.CLINICIAN and (
        referred_by is None or not referred_by.has_role(Role.CLINICIAN, Role.COUNSELLOR)
    ):
        raise ReferralInvalid(_("只有医生或咨询员可以转介。"))
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    with transaction.atomic():
        # One open referral per seafarer: concurrent referrers queue on the user row.
        User.objects.select_for_update().filter(pk=seafarer.pk).first()
        existing = open_referral(seafarer)
        if existing is not None:
            return existing
        referral = GreenChannelReferral.objects.create(
            seafarer=seafarer,
            voyage=voyage,
            source=source,
            referred_by=referred_by,
            screening=screening,
            reason=reason,
        )
        record_audit(
            referred_by,
            "voyages.green_channel.refer",
            target=referral,
            purpose=PURPOSE,
            request=request,
            detail={"source": source, "seafarer": seafarer.pk, "voyage": voyage and voyage.pk},
        )
        transaction.on_commit(
            lambda: do_send_notification(
                seafarer,
                kind="green_channel.referred",
                message=gettext_lazy("您可以通过绿色通道优先预约海员心理咨询科的门诊,请选择时间。"),
                url=reverse("voyages:green_channel"),
                dedupe_key=f"green-channel-referral-{referral.pk}",
            ),
            robust=True,
        )
    return referral


def do_request_green_channel(
    seafarer: User, *, reason: str = "", request: HttpRequest | None = None
) -> GreenChannelReferral:
    """A seafarer back from a voyage asks for the green channel ("under work or life
    stress" needs no proof)."""
    voyage = returned_voyage(seafarer)
    if voyage is None:
        raise ReferralInvalid(
            _(
                "绿色通道面向归港海员。登记了归港日期的海员可以申请;在船上可以使用远程咨询和心理热线。"
            )
        )
    return do_refer_to_green_channel(
        seafarer,
        source=GreenChannelReferral.Source.SELF,
        voyage=voyage,
        referred_by=seafarer,
        reason=reason,
        request=request,
    )


def free_green_slots(limit: int = 10) -> list[Slot]:
    """The next free reserved slots of the seafarer clinic, earliest first."""
    return list(free_slots(green=True)[:limit])


def free_general_slots(limit: int = 10) -> list[Slot]:
    return list(free_slots(green=False)[:limit])


def book_green_channel(
    referral: GreenChannelReferral,
    slot: Slot,
    *,
    reason: str = "",
    share_summary: bool = False,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """Book ``slot`` (green or general) under ``referral``; raises ``BookingRefused``."""
    seafarer = referral.seafarer
    with transaction.atomic():
        locked = (
            GreenChannelReferral.objects.select_for_update(of=("self",))
            .filter(pk=referral.pk)
            .select_related("appointment")
            .first()
        )
        if locked is None or open_referrals().filter(pk=locked.pk).first() is None:
            if idempotency_key and locked is not None and locked.appointment_id:
                earlier = locked.appointment
                if earlier.idempotency_key == idempotency_key and earlier.slot_id == slot.pk:
                    return earlier
            raise BookingRefused(_("这次转介已经用于一个预约,或已过期。"), "referral_used")
        summary = screening_summary_for(seafarer) if share_summary else ""
        appointment = do_book_appointment(
            seafarer,
            slot,
            green_channel=True,
            reason=reason,
            screening_summary=summary,
            idempotency_key=idempotency_key,
            request=request,
        )
        locked.appointment = appointment
        locked.save(update_fields=["appointment", "updated_at"])
    return appointment
