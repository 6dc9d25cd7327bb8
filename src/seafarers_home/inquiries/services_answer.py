"""Answering questions on the message board: claiming, replying, marking answered, answer
templates, clinicians' specialties, and escalating questions left unanswered past their
promised time.

Claiming takes a row lock on the question (``select_for_update``; SQLite's IMMEDIATE
transactions serialise writers instead), so of two clinicians claiming at once exactly one
wins and the other gets ``AlreadyClaimed``. Only the claimer replies; replying to an
unclaimed question claims it in the same transaction.

Overdue: a question is overdue when its promised time (``due_at``) has passed and no clinician
has responded at all (``first_answered_at`` empty) while it waits for a clinician (OPEN or
CLAIMED). A question awaiting the seafarer's answer to a clinician's follow-up question is not
overdue: the clinician responded in time (a clarification counts as the first response). Each
overdue question is escalated once (``escalated_at`` is set by a conditional UPDATE, so a
second run, a retried task or the sweep command finds nothing to do) and the duty clinicians
(every clinician when nobody is on duty), plus the clinician who claimed it, get a
notification without health details.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.alerts.services import on_duty
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import payload_digest
from seafarers_home.inquiries.models import (
    AnswerTemplate,
    ClinicianSpecialty,
    Question,
    Reply,
)
from seafarers_home.notifications.actions import do_send_notification

logger = logging.getLogger("seafarers_home.inquiries")

PURPOSE = "online health consultation"
REPLY_MAX_LENGTH = 4000
TEMPLATE_TITLE_MAX_LENGTH = 80
TEMPLATE_BODY_MAX_LENGTH = 4000

# Notification texts go out by SMS too: no health details, no names, only that something waits.
# Kept in Chinese (the recipients' language) whatever language the sender's page is in.
# Lazy: rendered in the recipient's language by do_send_notification; no "please sign in" (the
# inbox reader is signed in, the SMS reader opens the app).
REPLY_MESSAGE = gettext_lazy("您的在线咨询有新回复。")
CLARIFICATION_MESSAGE = gettext_lazy("医生对您的在线咨询有追问,请查看并补充。")
OVERDUE_MESSAGE = gettext_lazy("有一条在线咨询已超过承诺回复时间,请尽快处理。")

# A question waits for a clinician in these states; AWAITING_SEAFARER waits for the seafarer.
WAITING_FOR_CLINICIAN = (Question.Status.OPEN, Question.Status.CLAIMED)


class AlreadyClaimed(Exception):
    """Another clinician has claimed the question."""

    def __init__(self, claimed_by: User | None) -> None:
        super().__init__("question already claimed")
        self.claimed_by = claimed_by


class NotClaimer(Exception):
    """Only the clinician who claimed a question may release it or mark it answered."""


class NotOwner(Exception):
    """Only a template's owner changes or deletes it."""


class QuestionClosed(Exception):
    """The question is closed: nothing is changed."""


class NothingAnswered(Exception):
    """A question can be marked answered only after at least one answer."""


class AnswerInvalid(ValueError):
    """Empty or oversized text; ``message`` is translated for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _lock(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


def _take(locked: Question, clinician: User, now: datetime) -> None:
    if locked.claimed_by_id is not None and locked.claimed_by_id != clinician.pk:
        raise AlreadyClaimed(locked.claimed_by)
    if locked.claimed_by_id == clinician.pk:
        return
    locked.claimed_by = clinician
    locked.claimed_at = now
    if locked.status == Question.Status.OPEN:
        locked.status = Question.Status.CLAIMED


def thread_url(question: Question) -> str:
    return reverse("inquiries:thread", kwargs={"pk": question.pk})


def staff_thread_url(question: Question) -> str:
    return reverse("inquiries:staff_thread", kwargs={"pk": question.pk})


def clean_reply_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise AnswerInvalid(_("请填写回复内容。"))
    if len(text) > REPLY_MAX_LENGTH:
        raise AnswerInvalid(
            _("回复最多 %(limit)d 个字,现在是 %(count)d 个字。")
            % {"limit": REPLY_MAX_LENGTH, "count": len(text)}
        )
    return text


def reply_digest(reply: Reply) -> str:
    """Replies store no digest: a resent reply is the same when its kind and text are."""
    return payload_digest({"kind": reply.kind, "body": reply.body})


def _notify_seafarer(question: Question, reply: Reply) -> None:
    message = CLARIFICATION_MESSAGE if reply.kind == Reply.Kind.CLARIFICATION else REPLY_MESSAGE
    do_send_notification(
        question.seafarer,
        kind="inquiry.reply",
        message=message,
        url=thread_url(question),
        dedupe_key=f"inquiry.reply.{reply.pk}",
    )


# Answer templates -------------------------------------------------------------------------


def templates_for(clinician: User) -> QuerySet[AnswerTemplate]:
    """The clinician's own templates and those other clinicians shared."""
    return AnswerTemplate.objects.filter(Q(owner=clinician) | Q(shared=True)).select_related(
        "owner"
    )


# Specialties -------------------------------------------------------------------------------


def specialties_of(clinician: User) -> list[str]:
    return list(
        ClinicianSpecialty.objects.filter(clinician=clinician).values_list("category", flat=True)
    )


# Overdue escalation ------------------------------------------------------------------------


def overdue_filter(now: datetime) -> dict[str, object]:
    """Field lookups of a question that is overdue at ``now``."""
    return {
        "status__in": WAITING_FOR_CLINICIAN,
        "first_answered_at__isnull": True,
        "due_at__lte": now,
    }


def _due_questions(now: datetime, question_id: int | None):
    qs = Question.objects.filter(escalated_at__isnull=True, **overdue_filter(now)).select_related(
        "claimed_by"
    )
    if question_id is not None:
        qs = qs.filter(pk=question_id)
    if connection.features.has_select_for_update_skip_locked:
        # Several workers take disjoint rows; SQLite's IMMEDIATE transactions serialise instead.
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return qs.order_by("due_at", "pk")


def _escalation_recipients(question: Question, now: datetime) -> list[User]:
    """The duty clinicians (every clinician with nobody on duty), and the clinician who
    claimed the question without answering it."""
    people = on_duty(1, now)
    claimer = question.claimed_by
    if claimer is not None and claimer.is_active and claimer not in people:
        people.append(claimer)
    return people


def escalate_overdue_questions(question_id: int | None = None) -> int:
    """Mark every overdue question (or just ``question_id``) escalated and notify the duty
    clinicians. Returns how many were escalated; a second run finds nothing to do."""
    now = timezone.now()
    escalated = 0
    with transaction.atomic():
        for question in _due_questions(now, question_id):
            # The conditional UPDATE is the claim: whoever sets escalated_at escalates.
            claimed = Question.objects.filter(pk=question.pk, escalated_at__isnull=True).update(
                escalated_at=now, updated_at=now
            )
            if not claimed:
                continue
            recipients = _escalation_recipients(question, now)
            record_audit(
                None,
                "inquiry.escalate",
                target=question,
                purpose=PURPOSE,
                detail={"recipients": [person.pk for person in recipients]},
            )
            for person in recipients:
                do_send_notification(
                    person,
                    kind="inquiry.overdue",
                    message=OVERDUE_MESSAGE,
                    url=staff_thread_url(question),
                    dedupe_key=f"inquiry.overdue.{question.pk}",
                )
            escalated += 1
    if escalated:
        logger.info("escalated %d overdue question(s)", escalated)
    return escalated
