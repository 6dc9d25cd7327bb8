"""The clinicians' writes on the message board: claiming and releasing a question under its row
lock, replying (idempotent), marking answered, answer templates and specialties. The queue
rules and helpers stay in services_answer.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.outcomes import close_alerts_for_cause
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.inquiries.models import (
    AnswerTemplate,
    Category,
    ClinicianSpecialty,
    Question,
    Reply,
)
from seafarers_home.inquiries.services_answer import (
    PURPOSE,
    TEMPLATE_BODY_MAX_LENGTH,
    TEMPLATE_TITLE_MAX_LENGTH,
    AnswerInvalid,
    NotClaimer,
    NothingAnswered,
    NotOwner,
    QuestionClosed,
    _lock,
    _notify_seafarer,
    _take,
    clean_reply_body,
    reply_digest,
    specialties_of,
)
from seafarers_home.permissions.roles import require_clinician


def do_claim_question(
    question: Question, clinician: User, request: HttpRequest | None = None
) -> Question:
    """Take the question. Claiming one's own claim again changes nothing; a question claimed
    by another clinician raises ``AlreadyClaimed``."""
    require_clinician(clinician)
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
    require_clinician(clinician)
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
    require_clinician(clinician)
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
    require_clinician(clinician)
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
    require_clinician(clinician)
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
    require_clinician(clinician)
    if template.owner_id != clinician.pk:
        raise NotOwner
    with transaction.atomic():
        record_audit(
            clinician, "inquiry.template_delete", target=template, purpose=PURPOSE, request=request
        )
        template.delete()


def do_set_specialties(
    clinician: User, categories: Iterable[str], request: HttpRequest | None = None
) -> list[str]:
    """Replace the categories the clinician answers ("my specialty" in the queue)."""
    require_clinician(clinician)
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
