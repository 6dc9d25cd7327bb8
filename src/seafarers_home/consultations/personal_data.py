"""远程咨询 as personal data (PIPL arts. 45 and 47). Registered from
ConsultationsConfig.ready().

Exported: the bookings (time, mode, doctor, status, the reason and the screening summary the
seafarer shared, a doctor's reason for cancelling), what the doctor shared after a consultation
(the summary, the plan, the follow-up date, the recommended lessons) and urgent consultations
about the person (times, status, outcome, the callback arranged). The doctor's own working note
and assessment are the hospital's subjective record: the hospital's medical-records office
answers requests for them under the medical-records rules; they are not in this export.

Legal consultations (issue 11 item 8) are bookings too: exported with their service, the legal
worker, the topic and the linked rights case's number; they are no medical record, so erasure
deletes every one of them (a call the legal worker logged belongs to the rights case, and
follows the rights app's rules).

Erasure: a booking that never took place (cancelled, or booked without a consultation held) is
deleted, which frees a future slot. A consultation that took place or has a note, and every
urgent consultation, is a medical record, kept at least 15 years, linked only to the account
(which erasure anonymises); the satellite or mobile number given for an urgent callback is
erased from it. Erasing the account ends an urgent episode still running as withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.consultations.models import (
    Appointment,
    ConsultationNote,
    Service,
    UrgentEvent,
    UrgentRequest,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _name(user: User) -> str:
    return user.display_name if user is not None else ""


def _appointment(appointment: Appointment) -> dict[str, Any]:
    slot = appointment.slot
    legal = slot.service == Service.LEGAL
    return {
        "id": appointment.pk,
        "service": slot.service,
        "starts_at": _iso(slot.starts_at),
        "ends_at": _iso(slot.ends_at),
        "mode": slot.mode,
        "department": slot.department.name,
        "clinician": "" if legal else _name(slot.clinician),
        "legal_worker": _name(slot.clinician) if legal else "",
        "rights_case": appointment.rights_case_id,
        "status": appointment.status,
        "green_channel": appointment.green_channel,
        "reason": appointment.reason,
        "screening_summary_shared": appointment.screening_summary,
        "booked_at": _iso(appointment.created_at),
        "cancelled_at": _iso(appointment.cancelled_at),
        "cancel_reason": appointment.cancel_reason,
        "attended_at": _iso(appointment.attended_at),
    }


def _note(note: ConsultationNote) -> dict[str, Any]:
    shared = note.shared_at is not None
    return {
        "appointment": note.appointment_id,
        "urgent_consultation": note.urgent_request_id,
        "clinician": _name(note.clinician),
        "written_at": _iso(note.created_at),
        "summary": note.shared_summary if shared else "",
        "shared_at": _iso(note.shared_at),
        "plan": list(note.plan),
        "follow_up_on": _iso(note.follow_up_on),
        "lessons": list(note.lesson_slugs),
    }


def export_consultations(user: User) -> dict[str, list[dict[str, Any]]]:
    appointments = Appointment.objects.filter(seafarer=user).select_related(
        "slot__department", "slot__clinician"
    )
    notes = ConsultationNote.objects.filter(seafarer=user).select_related("clinician")
    urgent = UrgentRequest.objects.filter(seafarer=user).select_related("psychiatrist")
    return {
        "appointments": [_appointment(a) for a in appointments.order_by("created_at", "pk")],
        "notes_shared_with_you": [_note(n) for n in notes.order_by("created_at", "pk")],
        "urgent_consultations": [
            {
                "id": request.pk,
                "opened_at": _iso(request.created_at),
                "status": request.status,
                "psychiatrist": _name(request.psychiatrist),
                "callback_number": request.callback_number,
                "callback_at": _iso(request.callback_at),
                "outcome": request.outcome,
                "closed_at": _iso(request.closed_at),
            }
            for request in urgent.order_by("created_at", "pk")
        ],
    }


HELD = Q(status__in=[Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW]) | Q(
    note__isnull=False
)


def erase_consultations(user: User) -> None:
    # A legal consultation is no medical record: none is kept.
    Appointment.objects.filter(seafarer=user, slot__service=Service.LEGAL).delete()
    Appointment.objects.filter(seafarer=user).exclude(HELD).delete()
    # Kept bookings cannot be matched to a resent form any more.
    Appointment.objects.filter(seafarer=user).update(idempotency_key="")
    UrgentRequest.objects.filter(seafarer=user).update(callback_number="")


def deidentify_consultations(user: User) -> None:
    """Erasing the account: an urgent episode still running ends as withdrawn, like its
    crisis alert (``alerts.personal_data``): the person can no longer be reached."""
    now = timezone.now()
    for urgent in UrgentRequest.objects.filter(seafarer=user).exclude(
        status=UrgentRequest.Status.CLOSED
    ):
        urgent.status = UrgentRequest.Status.CLOSED
        urgent.outcome = UrgentRequest.Outcome.WITHDRAWN
        urgent.closed_at = now
        urgent.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
        UrgentEvent.objects.create(
            # As the service writes it: the outcome's label, stored as the timeline's detail.
            request=urgent,
            actor=None,
            kind=UrgentEvent.Kind.CLOSED,
            detail=str(urgent.get_outcome_display()),
        )


def consultation_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in Appointment.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("consultations.appointment", str(pk))
    for pk in ConsultationNote.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("consultations.consultationnote", str(pk))
    for pk in UrgentRequest.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("consultations.urgentrequest", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "consultations",
        gettext_lazy("远程咨询与预约"),
        export=export_consultations,
        erase=erase_consultations,
        deidentify=deidentify_consultations,
        audit_targets=consultation_targets,
        help_text=gettext_lazy(
            "您的预约(时间、方式、医生、原因、您同意提供的心理CT摘要)、医生发给您的小结、处理计划和"
            "复诊日期,以及紧急会诊的经过。删除时,已取消或还没有进行的预约被删除;"
            "已经进行的咨询和紧急会诊属于病历,保存不少于 15 年,但其中的回拨号码会被删除。"
            "医生的工作记录和评估可依照病历管理规定向医院病案室申请查阅和复制。"
            "法律咨询的预约(时间、法律工作者、咨询事项、关联的维权案件编号)不属于病历,删除时全部删除;"
            "法律工作者写在维权案件里的通话记录随案件处理。"
        ),
        # Urgent episodes' timelines hang off the request; notes are the clinician's record.
        models=(
            "consultations.Appointment",
            "consultations.ConsultationNote",
            "consultations.UrgentRequest",
            "consultations.UrgentEvent",
        ),
    )
