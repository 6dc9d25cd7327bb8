"""The seafarer's questions as a type of personal data (PIPL arts. 45 and 47).

Export: every question with its details, photos (base64 JPEG, as stored) and the whole thread.

Erasure: a question that no clinician has answered or asked about yet is deleted with its
photos and follow-ups. A thread a clinician has responded to is a record of an online
consultation, which is kept (DOMAIN rule 5: every consultation is recorded and traceable, as
screening reviews are kept); it stays visible to the seafarer and is taken off the way to
the knowledge base (``allow_publish`` is cleared). Entries already published are de-identified
copies and are not personal data; erasing the account also cuts their internal link to the
question, so nothing leads from the public entry back to the person.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.inquiries.models import KnowledgeEntry, Question, Reply

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

CLINICIAN_KINDS = (Reply.Kind.ANSWER, Reply.Kind.CLARIFICATION)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_questions(user: User) -> list[dict[str, Any]]:
    rows = []
    questions = Question.objects.filter(seafarer=user).prefetch_related("photos", "replies")
    for question in questions.order_by("created_at", "pk"):
        rows.append(
            {
                "id": question.pk,
                "asked_at": _iso(question.created_at),
                "category": question.category,
                "title": question.title,
                "body": question.body,
                "age_band": question.age_band,
                "duration": question.duration,
                "location": question.location,
                "medicine_chest": question.medicine_chest,
                "allow_publish": question.allow_publish,
                "status": question.status,
                "urgency": question.urgency,
                "safety_answer": question.safety_answer,
                "red_flags": list(question.red_flags),
                "photos": [
                    {
                        "width": photo.width,
                        "height": photo.height,
                        "jpeg_base64": base64.b64encode(bytes(photo.image)).decode("ascii"),
                    }
                    for photo in question.photos.all()
                ],
                "replies": [
                    {
                        "at": _iso(reply.created_at),
                        "kind": reply.kind,
                        "by": "self" if reply.author_id == user.pk else "clinician",
                        "body": reply.body,
                    }
                    for reply in question.replies.all()
                ],
            }
        )
    return rows


def erase_questions(user: User) -> None:
    questions = Question.objects.filter(seafarer=user)
    responded = Reply.objects.filter(question__seafarer=user, kind__in=CLINICIAN_KINDS)
    responded_ids = set(responded.values_list("question_id", flat=True))
    questions.exclude(pk__in=responded_ids).delete()
    questions.filter(pk__in=responded_ids).update(allow_publish=False)


def deidentify_questions(user: User) -> None:
    KnowledgeEntry.objects.filter(question__seafarer=user).update(question=None)


def question_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in Question.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("inquiries.question", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "health_questions",
        gettext_lazy("在线咨询留言"),
        export=export_questions,
        erase=erase_questions,
        deidentify=deidentify_questions,
        audit_targets=question_targets,
        help_text=gettext_lazy(
            "您在健康在线咨询里的提问、照片和补充,以及医生的回复。删除时,还没有医生回复的留言会被删除;"
            "医生已经回复的属于咨询记录,依法保存,但不会再发布到知识库。"
        ),
        models=("inquiries.Question", "inquiries.QuestionPhoto", "inquiries.Reply"),
    )
