"""绿色通道: priority in-clinic appointments for returning seafarers under stress.

Who is eligible is the referral's business (``voyages/green_referrals.py``): a seafarer with an
open referral. Priority: the clinic reserves a share of each day's in-clinic slots, the
earliest ones (``consultations.slots``). Only eligible seafarers may book them, so the next
free green slot is usually days before the next free general one. An eligible seafarer may
also take a general slot; either way the booking carries the referral and — only when the
seafarer ticks the box — the summary of their latest 心理CT (bands and risk level, never
answers).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.services import (
    BookingRefused,
    do_book_appointment,
    screening_summary_for,
)
from seafarers_home.consultations.slots import free_slots
from seafarers_home.voyages.green_referrals import open_referrals
from seafarers_home.voyages.models import GreenChannelReferral


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
