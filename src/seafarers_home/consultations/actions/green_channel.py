"""绿色通道 booking: an eligible seafarer books a reserved (or a general) in-clinic slot through
the one booking function; the rules and the free slots are in ``consultations/green_channel.py``
and ``consultations/slots.py``."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.consultations.actions.appointments import book_once, book_slot
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.services import (
    BookingRefused,
    check_booker,
    screening_summary_for,
)
from seafarers_home.core.idempotency import payload_digest
from seafarers_home.voyages.green_referrals import open_referral, open_referrals
from seafarers_home.voyages.models import GreenChannelReferral


def do_book_green_channel(
    seafarer: User,
    slot: Slot,
    *,
    reason: str = "",
    share_summary: bool = False,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """Book ``slot`` (green or general) under the seafarer's open referral; raises
    ``BookingRefused``, or ``IdempotencyConflict`` when the same key asked for another slot,
    reason or sharing. A resend after the referral was used answers its booking (create_once
    looks for the key before anything is checked)."""
    key = (idempotency_key or "")[:80]
    reason = check_booker(seafarer, reason)
    digest = payload_digest({"slot": slot.pk, "reason": reason, "share": bool(share_summary)})

    def create() -> Appointment:
        referral = open_referral(seafarer)
        if referral is None:
            raise BookingRefused(
                _("您目前没有绿色通道资格。请先申请,或由医生转介。"), "not_eligible"
            )
        # Locked alone (of self): PostgreSQL cannot lock the nullable side of an outer join.
        locked = (
            GreenChannelReferral.objects.select_for_update(of=("self",))
            .filter(pk=referral.pk)
            .first()
        )
        if locked is None or open_referrals().filter(pk=locked.pk).first() is None:
            raise BookingRefused(_("这次转介已经用于一个预约,或已过期。"), "referral_used")
        appointment = book_slot(
            seafarer,
            slot,
            green_channel=True,
            reason=reason,
            screening_summary=screening_summary_for(seafarer) if share_summary else "",
            key=key,
            digest=digest,
            request=request,
        )
        locked.appointment = appointment
        locked.save(update_fields=["appointment", "updated_at"])
        return appointment

    appointment, _created = book_once(seafarer, slot, key, digest, create)
    return appointment
