"""The clinician's consultation note, assessment and plan, and the summary the seafarer sees.

Writing the note again edits it. Each plan action takes effect once, the first time it is
chosen: crisis protocol raises a crisis alert; green channel refers the seafarer to the clinic's
priority slots; follow-up invites the seafarer to book; sharing the summary tells the seafarer
(without health details) that it is waiting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.services import record_audit
from seafarers_home.consultations.models import Appointment
from seafarers_home.consultations.models_clinical import (
    ConsultationNote,
    UrgentEvent,
    UrgentRequest,
)
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.screening.models import RiskLevel
from seafarers_home.screening.training import get_lesson
from seafarers_home.voyages.green_referrals import do_refer_to_green_channel

logger = logging.getLogger("seafarers_home.consultations")

MAX_NOTE_LENGTH = 20_000
MAX_SUMMARY_LENGTH = 4_000


class NoteInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class NoteInput:
    note: str
    assessment: str = ""
    risk_level: str = ""
    plan: list[str] = field(default_factory=list)
    follow_up_on: date | None = None
    lesson_slugs: list[str] = field(default_factory=list)
    shared_summary: str = ""
    share: bool = False


def _validate(data: NoteInput) -> None:
    errors: dict[str, str] = {}
    if not data.note.strip():
        errors["note"] = _("请填写咨询记录。")
    elif len(data.note) > MAX_NOTE_LENGTH:
        errors["note"] = _("咨询记录太长。")
    if data.risk_level and data.risk_level not in RiskLevel.values:
        errors["risk_level"] = _("请选择有效的风险等级。")
    unknown = set(data.plan) - set(ConsultationNote.Plan.values)
    if unknown:
        errors["plan"] = _("处理计划中有无效的选项。")
    if ConsultationNote.Plan.FOLLOW_UP in data.plan and data.follow_up_on is None:
        errors["follow_up_on"] = _("选择预约复诊时请填写复诊日期。")
    if data.follow_up_on is not None and data.follow_up_on < timezone.localdate():
        errors["follow_up_on"] = _("复诊日期不能早于今天。")
    if any(get_lesson(slug) is None for slug in data.lesson_slugs):
        errors["lesson_slugs"] = _("推荐课程中有不存在的课程。")
    if data.share and not data.shared_summary.strip():
        errors["shared_summary"] = _("发送给海员前请写好小结。")
    if len(data.shared_summary) > MAX_SUMMARY_LENGTH:
        errors["shared_summary"] = _("小结太长,请控制在4000字以内。")
    if errors:
        raise NoteInvalid(errors)


def _apply_new_plan_actions(
    note: ConsultationNote, added: set[str], clinician: User, request: HttpRequest | None
) -> None:
    seafarer = note.seafarer
    if ConsultationNote.Plan.CRISIS_PROTOCOL in added:
        do_raise_crisis_alert(
            seafarer,
            source=CrisisAlert.Source.CONSULTATION,
            source_id=f"note-{note.pk}",
            reason="consultation_crisis",
            request=request,
        )
    if ConsultationNote.Plan.GREEN_CHANNEL in added:
        do_refer_to_green_channel(
            seafarer,
            source="clinician",
            referred_by=clinician,
            reason=_("远程咨询后医生转介"),
            request=request,
        )
    if ConsultationNote.Plan.FOLLOW_UP in added:
        do_send_notification(
            seafarer,
            kind="consultation.follow_up",
            message=gettext_lazy("医生建议您预约一次复诊,请选择时间。"),
            url=reverse("consultations:book"),
            dedupe_key=f"note-follow-up-{note.pk}",
        )


def do_write_consultation_note(
    clinician: User,
    data: NoteInput,
    *,
    appointment: Appointment | None = None,
    urgent_request: UrgentRequest | None = None,
    request: HttpRequest | None = None,
) -> ConsultationNote:
    """Create or edit the note of one consultation (an appointment or an urgent episode)."""
    if not clinician.has_role(Role.CLINICIAN):
        raise NoteInvalid({"note": _("只有医生可以写咨询记录。")})
    if (appointment is None) == (urgent_request is None):
        raise ValueError("exactly one of appointment and urgent_request")
    if appointment is not None and appointment.slot.service != "clinical":
        # A legal consultation has no clinical note (its call log goes to the rights case).
        raise NoteInvalid({"note": _("法律咨询没有咨询记录。")})
    _validate(data)
    seafarer_id = (appointment or urgent_request).seafarer_id  # type: ignore[union-attr]
    lookup = {"appointment": appointment} if appointment else {"urgent_request": urgent_request}
    with transaction.atomic():
        note = ConsultationNote.objects.select_for_update().filter(**lookup).first()
        created = note is None
        if note is None:
            note = ConsultationNote(seafarer_id=seafarer_id, clinician=clinician, **lookup)
        previous_plan = set() if created else set(note.plan)
        note.note = data.note.strip()
        note.assessment = data.assessment.strip()
        note.risk_level = data.risk_level
        note.plan = sorted(set(data.plan))
        note.follow_up_on = data.follow_up_on
        note.lesson_slugs = list(dict.fromkeys(data.lesson_slugs))
        note.shared_summary = data.shared_summary.strip()
        if data.share:
            note.shared_at = timezone.now()
        note.save()
        _apply_new_plan_actions(note, set(note.plan) - previous_plan, clinician, request)
        if data.share:
            do_send_notification(
                note.seafarer,
                kind="consultation.summary",
                message=gettext_lazy("医生给您发来了本次咨询的小结。"),
                url=reverse("consultations:summary", args=[note.pk]),
            )
        if urgent_request is not None and created:
            UrgentEvent.objects.create(
                request=urgent_request, actor=clinician, kind=UrgentEvent.Kind.NOTE_WRITTEN
            )
        record_audit(
            clinician,
            "consultation_note.write" if created else "consultation_note.edit",
            target=note,
            purpose="consultation",
            request=request,
            detail={"plan": note.plan, "shared": data.share},
        )
    return note
