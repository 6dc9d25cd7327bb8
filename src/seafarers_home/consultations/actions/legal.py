"""Booking a legal consultation (issue 11 item 8): a seafarer books a legal worker's free slot,
on the same booking core as 远程咨询 (``appointments.book_slot`` under the slot's row lock and
the one-active-booking constraint; reminders, .ics, cancelling and the call room alike).

What differs: no health-data consent is asked (it is no health service) and no screening
summary is ever attached; the seafarer says what it is about (triaged like every free-text
channel: a crisis raises the clinical alert at once, DOMAIN rule 8) and may link one of their
own submitted rights cases, so that the legal worker may log the call on its timeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.consultations import wording
from seafarers_home.consultations.actions.appointments import book_once, book_slot
from seafarers_home.consultations.actions.booking import (
    _check_slot,
    _tell_clinician,
    _triage_reason,
)
from seafarers_home.consultations.models import Appointment, Service, Slot
from seafarers_home.consultations.reminders import schedule_reminders
from seafarers_home.consultations.services import BookingRefused, check_booker
from seafarers_home.core.idempotency import payload_digest

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def do_book_legal_consultation_once(
    seafarer: User,
    slot: Slot,
    *,
    topic: str,
    rights_case_id: int | None = None,
    own_case_ids: frozenset[int] = frozenset(),
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[Appointment, bool]:
    """Book a legal worker's slot: ``(appointment, created)``. ``own_case_ids`` are the
    seafarer's own submitted cases (the caller reads them); a ``rights_case_id`` outside them
    is refused. Raises ``BookingRefused``; the same ``idempotency_key`` again returns the first
    booking, or ``IdempotencyConflict`` when it asks for something else."""
    key = (idempotency_key or "")[:80]
    topic = (topic or "").strip()
    digest = payload_digest({"slot": slot.pk, "reason": topic, "case": rights_case_id})
    topic = check_booker(seafarer, topic, Service.LEGAL)
    if rights_case_id is not None and rights_case_id not in own_case_ids:
        raise BookingRefused(_("只能关联您自己已提交的维权案件。"), "not_your_case")

    def create() -> Appointment:
        _check_slot(seafarer, slot, service=Service.LEGAL)
        appointment = book_slot(
            seafarer,
            slot,
            green_channel=False,
            reason=topic,
            screening_summary="",
            key=key,
            digest=digest,
            request=request,
            rights_case_id=rights_case_id,
        )
        schedule_reminders(appointment)
        _triage_reason(seafarer, appointment, request)
        _tell_clinician(
            appointment,
            wording.message("provider_booked", Service.LEGAL),
            slot.starts_at,
            f"consultation-booked-{appointment.pk}",
        )
        return appointment

    return book_once(seafarer, slot, key, digest, create)
