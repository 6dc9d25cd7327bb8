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
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.outcomes import close_alerts_for_cause
from seafarers_home.alerts.services import on_duty
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.inquiries.models import (
    AnswerTemplate,
    Category,
    ClinicianSpecialty,
    Question,
    Reply,
)
from seafarers_home.notifications.services import do_send_notification

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


class NotAClinician(PermissionError):
    """Only clinicians claim, answer and keep answer templates."""


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


def _require_clinician(user: User) -> None:
    if not user.has_role(Role.CLINICIAN):
        raise NotAClinician


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


def do_claim_question(
    question: Question, clinician: User, request: HttpRequest | None = None
) -> Question:
    """Take the question. Claiming one's own claim again changes nothing; a question claimed
    by another clinician raises ``AlreadyClaimed``."""
    _require_clinician(clinician)
    with transaction.atomic():
        locked = _lock(question)
        if locked.status == Question.Status.CLOSED:
            raise QuestionClosed
        if locked.claimed_by_id == clinician.pk:
            return locked
        _take(locked, clinician, timezone.now())
        locked.save(update_fields=["claimed_by", "claimed_at", "status", "updated_at"])
        record_audit(clinician, "inquiry.claim", target=locked, purpose=PURPOSE, request=request)
    return locked


def do_release_question(
    question: Question, clinician: User, request: HttpRequest | None = None
) -> Question:
    """Give the question back to the queue (only its claimer may)."""
    _require_clinician(clinician)
    with transaction.atomic():
        locked = _lock(question)
        if locked.claimed_by_id != clinician.pk:
            raise NotClaimer
        locked.claimed_by = None
        locked.claimed_at = None
        if locked.status == Question.Status.CLAIMED:
            locked.status = Question.Status.OPEN
        locked.save(update_fields=["claimed_by", "claimed_at", "status", "updated_at"])
        record_audit(clinician, "inquiry.release", target=locked, purpose=PURPOSE, request=request)
    return locked


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


def do_reply(
    question: Question,
    clinician: User,
    body: str,
    *,
    kind: str = Reply.Kind.ANSWER,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Reply:
    """Post an answer or a follow-up question (CLARIFICATION → waits for the seafarer).

    Only the claimer replies; an unclaimed question is claimed by replying. The same
    idempotency key with the same text returns the stored reply and writes nothing.
    """
    _require_clinician(clinician)
    if kind not in (Reply.Kind.ANSWER, Reply.Kind.CLARIFICATION):
        raise AnswerInvalid(_("回复类型无效。"))
    text = clean_reply_body(body)
    key = (idempotency_key or "")[:80]
    digest = payload_digest({"kind": kind, "body": text})
    with transaction.atomic():
        locked = _lock(question)

        def create() -> Reply:
            if locked.status == Question.Status.CLOSED:
                raise QuestionClosed
            now = timezone.now()
            newly_claimed = locked.claimed_by_id is None
            _take(locked, clinician, now)
            reply = Reply.objects.create(
                question=locked, author=clinician, kind=kind, body=text, idempotency_key=key
            )
            if kind == Reply.Kind.CLARIFICATION:
                locked.status = Question.Status.AWAITING_SEAFARER
            elif locked.status in (Question.Status.OPEN, Question.Status.AWAITING_SEAFARER):
                locked.status = Question.Status.CLAIMED
            if locked.first_answered_at is None:
                locked.first_answered_at = now
            locked.save(
                update_fields=[
                    "claimed_by",
                    "claimed_at",
                    "status",
                    "first_answered_at",
                    "updated_at",
                ]
            )
            record_audit(
                clinician,
                "inquiry.reply",
                target=locked,
                purpose=PURPOSE,
                request=request,
                detail={"reply": reply.pk, "kind": kind, "claimed": newly_claimed},
            )
            _notify_seafarer(locked, reply)
            if kind == Reply.Kind.ANSWER:
                # A clinician has answered the red-flagged question: its crisis alert ends with
                # that outcome and stops paging (a clarification alone does not end it).
                close_alerts_for_cause(
                    "inquiry",
                    locked.pk,
                    outcome=CrisisAlert.Outcome.ANSWERED,
                    actor=clinician,
                    request=request,
                )
            return reply

        mine = Reply.objects.filter(question=locked, author=clinician)
        reply, _created = create_once(mine, key, digest, create, digest_of=reply_digest)
    return reply


def do_mark_answered(
    question: Question, clinician: User, request: HttpRequest | None = None
) -> Question:
    """Close the clinician's work on the question: it has at least one answer."""
    _require_clinician(clinician)
    with transaction.atomic():
        locked = _lock(question)
        if locked.status == Question.Status.CLOSED:
            raise QuestionClosed
        if locked.claimed_by_id != clinician.pk:
            raise NotClaimer
        if locked.status == Question.Status.ANSWERED:
            return locked
        if not locked.replies.filter(kind=Reply.Kind.ANSWER).exists():
            raise NothingAnswered
        locked.status = Question.Status.ANSWERED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at", "updated_at"])
        record_audit(
            clinician, "inquiry.mark_answered", target=locked, purpose=PURPOSE, request=request
        )
    return locked


# Answer templates -------------------------------------------------------------------------


def templates_for(clinician: User) -> QuerySet[AnswerTemplate]:
    """The clinician's own templates and those other clinicians shared."""
    return AnswerTemplate.objects.filter(Q(owner=clinician) | Q(shared=True)).select_related(
        "owner"
    )


def do_save_answer_template(
    clinician: User,
    *,
    title: str,
    body: str,
    category: str = "",
    shared: bool = False,
    template: AnswerTemplate | None = None,
    request: HttpRequest | None = None,
) -> AnswerTemplate:
    """Create a template (or update ``template``, which must be the clinician's own)."""
    _require_clinician(clinician)
    title = (title or "").strip()
    text = (body or "").strip()
    if not title or len(title) > TEMPLATE_TITLE_MAX_LENGTH:
        raise AnswerInvalid(_("模板名称须为 1–80 个字。"))
    if not text or len(text) > TEMPLATE_BODY_MAX_LENGTH:
        raise AnswerInvalid(_("模板内容须为 1–4000 个字。"))
    if category and category not in Category.values:
        raise AnswerInvalid(_("类别无效。"))
    if template is not None and template.owner_id != clinician.pk:
        raise NotOwner
    with transaction.atomic():
        if template is None:
            template = AnswerTemplate(owner=clinician)
        template.title, template.body = title, text
        template.category, template.shared = category, bool(shared)
        template.save()
        record_audit(
            clinician,
            "inquiry.template_save",
            target=template,
            purpose=PURPOSE,
            request=request,
            detail={"shared": template.shared},
        )
    return template


def do_delete_answer_template(
    template: AnswerTemplate, clinician: User, request: HttpRequest | None = None
) -> None:
    """Delete one of the clinician's own templates."""
    _require_clinician(clinician)
    if template.owner_id != clinician.pk:
        raise NotOwner
    with transaction.atomic():
        record_audit(
            clinician, "inquiry.template_delete", target=template, purpose=PURPOSE, request=request
        )
        template.delete()


# Specialties -------------------------------------------------------------------------------


def specialties_of(clinician: User) -> list[str]:
    return list(
        ClinicianSpecialty.objects.filter(clinician=clinician).values_list("category", flat=True)
    )


def do_set_specialties(
    clinician: User, categories: Iterable[str], request: HttpRequest | None = None
) -> list[str]:
    """Replace the categories the clinician answers ("my specialty" in the queue)."""
    _require_clinician(clinician)
    wanted = sorted({c for c in categories if c in Category.values})
    with transaction.atomic():
        ClinicianSpecialty.objects.filter(clinician=clinician).exclude(category__in=wanted).delete()
        have = set(specialties_of(clinician))
        ClinicianSpecialty.objects.bulk_create(
            [ClinicianSpecialty(clinician=clinician, category=c) for c in wanted if c not in have]
        )
        record_audit(
            clinician,
            "inquiry.specialties",
            target=clinician,
            purpose=PURPOSE,
            request=request,
            detail={"categories": wanted},
        )
    return wanted


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


def pending_due_at(question_id: int) -> datetime | None:
    """The future promised time of a question that still waits for a first response (the
    escalation task ran early, or the promised time moved); None otherwise."""
    return (
        Question.objects.filter(
            pk=question_id,
            escalated_at__isnull=True,
            first_answered_at__isnull=True,
            status__in=WAITING_FOR_CLINICIAN,
            due_at__gt=timezone.now(),
        )
        .values_list("due_at", flat=True)
        .first()
    )
