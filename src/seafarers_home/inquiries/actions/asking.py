"""A seafarer's writes on the message board: asking (triaged, photos re-encoded, idempotent)
and following up. Validation, triage wiring and digests stay in services_ask.py."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, find_replay, mark_replay
from seafarers_home.inquiries.models import Question, QuestionPhoto, Reply
from seafarers_home.inquiries.overdue import due_at_for, schedule_overdue_check
from seafarers_home.triage.context import crisis_context
from seafarers_home.triage.safety import clean_safety_answer
from seafarers_home.triage.service import triage_text

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User
from seafarers_home.inquiries.services_ask import (
    FOLLOW_UP_MAX_LENGTH,
    KEY_MAX_LENGTH,
    PURPOSE,
    InquiryInvalid,
    NotTheAuthor,
    _check_text,
    _digest,
    _escalate_for_follow_up,
    _notify_claimer,
    _question_errors,
    _raise_alert,
    _read_photos,
    _reencode_all,
    _reply_digest,
    urgency_for,
)


def do_ask_question(
    seafarer: User,
    *,
    category: str,
    title: str,
    body: str,
    age_band: str = "",
    duration: str = "",
    location: str = "",
    medicine_chest: str = "",
    allow_publish: bool = False,
    safety_answer: str | None = "",
    photos: Sequence[Any] = (),
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Question:
    """Store a question (triaged, with its re-encoded photos) or return the stored one for a
    replayed key. Raises ``InquiryInvalid`` or ``IdempotencyConflict`` before writing."""
    fields = {
        "category": (category or "").strip(),
        "title": (title or "").strip(),
        "body": (body or "").strip(),
        "age_band": (age_band or "").strip(),
        "duration": (duration or "").strip(),
        "location": (location or "").strip(),
        "medicine_chest": (medicine_chest or "").strip(),
        "allow_publish": bool(allow_publish),
    }
    key = (idempotency_key or "").strip()[:KEY_MAX_LENGTH]
    errors = _question_errors(fields)
    answer = clean_safety_answer(safety_answer)
    if answer is None:
        errors["safety_answer"] = _("请从给出的选项中选择。")
    else:
        fields["safety_answer"] = answer
    raws = _read_photos(list(photos), errors)
    if errors:
        raise InquiryInvalid(errors)
    digest = _digest({**fields, "photos": [hashlib.sha256(raw).hexdigest() for raw in raws]})
    mine = Question.objects.filter(seafarer=seafarer)
    replay = find_replay(mine, key, digest)  # before the costly re-encoding and triage
    if replay is not None:
        return mark_replay(replay)
    reencoded = _reencode_all(raws, errors)
    if errors:
        raise InquiryInvalid(errors)

    flags = triage_text(
        "\n".join((fields["title"], fields["body"], fields["medicine_chest"])),
        safety_answer=fields["safety_answer"],
        context=crisis_context(seafarer),
    )
    urgency = urgency_for(flags)
    now = timezone.now()

    def create() -> Question:
        question = Question.objects.create(
            seafarer=seafarer,
            **fields,
            urgency=urgency,
            red_flags=flags.codes,
            due_at=due_at_for(urgency, now),
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        QuestionPhoto.objects.bulk_create(
            QuestionPhoto(
                question=question,
                image=photo.data,
                width=photo.width,
                height=photo.height,
                byte_size=photo.byte_size,
                position=position,
            )
            for position, photo in enumerate(reencoded)
        )
        record_audit(
            seafarer,
            "inquiry.ask",
            target=question,
            purpose=PURPOSE,
            request=request,
            detail={"photos": len(reencoded), "urgent": flags.urgent},
        )
        if flags.crisis:
            _raise_alert(seafarer, question, flags, request)
        schedule_overdue_check(question)
        return question

    question, created = create_once(mine, key, digest if key else "", create)
    return question if created else mark_replay(question)


def do_post_follow_up(
    question: Question,
    seafarer: User,
    body: str,
    *,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Reply:
    """Add the seafarer's follow-up to their question. A question waiting for the seafarer,
    or already answered, goes back to the clinicians (CLAIMED if a clinician holds it, else
    OPEN). Red flags in the follow-up escalate the question as when asking. Raises
    ``NotTheAuthor``, ``InquiryInvalid`` or ``IdempotencyConflict`` before writing."""
    if question.seafarer_id != seafarer.pk:
        raise NotTheAuthor(question.pk)
    text = (body or "").strip()
    key = (idempotency_key or "").strip()[:KEY_MAX_LENGTH]
    digest = _digest({"kind": Reply.Kind.FOLLOW_UP, "body": text})
    mine = Reply.objects.filter(question=question, author=seafarer)
    replay = find_replay(mine, key, digest, digest_of=_reply_digest)
    if replay is not None:
        return mark_replay(replay)  # before the checks: a resend after closing still answers
    errors: dict[str, str] = {}
    _check_text(errors, "body", text, minimum=1, maximum=FOLLOW_UP_MAX_LENGTH)
    if question.status == Question.Status.CLOSED:
        errors["body"] = _("这条留言已经关闭,不能再补充。如有新问题,请重新提问。")
    if errors:
        raise InquiryInvalid(errors)
    flags = triage_text(text)

    def create() -> Reply:
        # No join here: PostgreSQL cannot lock the nullable side of an outer join.
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status == Question.Status.CLOSED:
            raise InquiryInvalid(
                {"body": _("这条留言已经关闭,不能再补充。如有新问题,请重新提问。")}
            )
        reply = Reply.objects.create(
            question=locked,
            author=seafarer,
            kind=Reply.Kind.FOLLOW_UP,
            body=text,
            idempotency_key=key,
        )
        changed = _escalate_for_follow_up(locked, flags, seafarer, request)
        if locked.status in (Question.Status.AWAITING_SEAFARER, Question.Status.ANSWERED):
            locked.status = (
                Question.Status.CLAIMED if locked.claimed_by_id else Question.Status.OPEN
            )
            changed.append("status")
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        if "due_at" in changed:
            schedule_overdue_check(locked)
        record_audit(
            seafarer,
            "inquiry.follow_up",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"reply": reply.pk, "urgent": flags.urgent},
        )
        transaction.on_commit(lambda: _notify_claimer(locked, reply), robust=True)
        return reply

    reply, created = create_once(mine, key, digest, create, digest_of=_reply_digest)
    if not created:
        return mark_replay(reply)
    question.refresh_from_db()
    return reply
