"""健康在线咨询 API: categories, asking (idempotent), one's own questions with their replies,
follow-ups (idempotent), and the public knowledge base.

Asking and follow-ups are for seafarers with the health-data consent; everyone else gets 403
before the body is even validated. ``POST /api/v1/inquiries/questions`` and
``POST .../follow-ups`` take an ``Idempotency-Key`` header: the same key with the same payload
answers the stored object (200) and stores nothing twice (a dropped satellite link being
retried); the same key with another payload is refused (422, ``idempotency_conflict``).
Categories and the knowledge base are public, like the knowledge-base pages: published entries
are de-identified and carry no author.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Header, Path, Query, Router, Schema, Status
from ninja.errors import Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import StrictBool

from seafarers_home.api import auth
from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    ErrorOut,
    ValidationErrorOut,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.core import crisis_help
from seafarers_home.core.idempotency import was_replayed
from seafarers_home.core.inputs import NO_NUL_PATTERN, Text
from seafarers_home.inquiries.access import get_own_question
from seafarers_home.inquiries.actions.asking import do_ask_question, do_post_follow_up
from seafarers_home.inquiries.models import Category, Question, Reply
from seafarers_home.inquiries.search import (
    MAX_QUERY_LENGTH,
    entries_for,
    published_entries,
    search_queryset,
)
from seafarers_home.inquiries.search_limits import retry_after as search_retry_after
from seafarers_home.inquiries.services_ask import (
    BODY_MAX_LENGTH,
    BODY_MIN_LENGTH,
    FOLLOW_UP_MAX_LENGTH,
    MEDICINE_CHEST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    InquiryInvalid,
)
from seafarers_home.triage.service import result_for_codes

router = Router(tags=["inquiries"])

LIST_LIMIT = 100
SEARCH_MAX_LIMIT = 50
SEARCH_MAX_OFFSET = 1000
MAX_ID = 2**63 - 1  # BigAutoField: a larger id is a validation error, not a database error


# A write answers 422 for invalid fields (the validation shape) or for a reused
# Idempotency-Key with another payload (``{"detail", "code": "idempotency_conflict"}``).
WRITE_422 = ValidationErrorOut | ErrorOut


CategoryCode = Literal[tuple(Category.values)]  # type: ignore[valid-type]
AgeBandCode = Literal[("", *Question.AgeBand.values)]  # type: ignore[valid-type]
DurationCode = Literal[("", *Question.Duration.values)]  # type: ignore[valid-type]
LocationCode = Literal[("", *Question.Location.values)]  # type: ignore[valid-type]


class CategoryOut(Schema):
    code: str = Field(..., description="The value to send as `category`.", examples=["mental"])
    label_zh: str = Field(..., examples=["心理健康"])
    label_en: str = Field(..., examples=["Mental health"])


class QuestionIn(Schema):
    category: CategoryCode = Field(..., description="One of GET /inquiries/categories.")
    title: Text = Field(..., max_length=TITLE_MAX_LENGTH, examples=["出海后总是失眠"])
    body: Text = Field(
        ...,
        description=f"The question, {BODY_MIN_LENGTH}–{BODY_MAX_LENGTH} characters. Red-flag "
        "wording (suicidal thoughts, chest pain, heavy bleeding…) marks it urgent.",
        max_length=BODY_MAX_LENGTH,
        examples=["出海第三天开始晕船很厉害,吃不下东西,船上药箱只有晕海宁,怎么办?"],
    )
    age_band: AgeBandCode = Field("", description="Optional: " + ", ".join(Question.AgeBand))
    duration: DurationCode = Field("", description="How long: " + ", ".join(Question.Duration))
    location: LocationCode = Field("", description="Where now: " + ", ".join(Question.Location))
    medicine_chest: Text = Field(
        "",
        max_length=MEDICINE_CHEST_MAX_LENGTH,
        description="What the vessel's medicine chest has (optional).",
        examples=["有晕海宁、布洛芬"],
    )
    allow_publish: StrictBool = Field(
        False,
        description="May the answered thread be published, de-identified by the clinician, "
        "to the public knowledge base?",
    )
    safety_answer: Literal["yes", "no", ""] | None = Field(
        "",
        description="The explicit safety question 最近有没有伤害自己或结束生命的想法? "
        "(Any thoughts lately of harming yourself or ending your life?) — show it with the "
        "form. `yes` raises a crisis alert whatever the text says; empty or null: not answered.",
    )


class FollowUpIn(Schema):
    body: Text = Field(
        ...,
        max_length=FOLLOW_UP_MAX_LENGTH,
        description="The seafarer's addition or answer to a clinician's follow-up question.",
        examples=["吃了晕海宁以后好一些了,但是还是头晕。"],
    )


class ReplyOut(Schema):
    id: int
    kind: str = Field(
        ...,
        description="answer (clinician), clarification (a clinician asks for more), "
        "follow_up (the seafarer)",
        examples=["answer"],
    )
    from_clinician: bool
    body: str
    created_at: datetime


class QuestionOut(Schema):
    id: int
    category: str = Field(..., examples=["physical"])
    title: str
    body: str
    age_band: str
    duration: str
    location: str
    medicine_chest: str
    allow_publish: bool
    safety_answer: str = Field(
        "", description="The answer to the safety question: yes, no or empty (not answered)."
    )
    status: str = Field(
        ..., description="open, claimed, awaiting_seafarer, answered, closed", examples=["open"]
    )
    status_label: str = Field(..., examples=["待回复"])
    urgency: str = Field(..., description="routine, urgent_physical, urgent_mental")
    urgent_notice: str | None = Field(
        None,
        description="For an urgent question: what to do AT ONCE (show it prominently); "
        "null for a routine one.",
    )
    due_at: datetime = Field(..., description="By when a clinician promises a first answer.")
    created_at: datetime
    answered_at: datetime | None
    photo_count: int
    replies: list[ReplyOut]


class KnowledgeEntryOut(Schema):
    id: int
    category: str = Field(..., examples=["physical"])
    category_label: str = Field(..., examples=["身体健康"])
    title: str = Field(..., examples=["出海后晕船很厉害怎么办"])
    question_text: str
    answer_text: str
    published_at: datetime


class KnowledgeSearchOut(Schema):
    count: int = Field(..., description="Matching entries in all (results is one page).")
    results: list[KnowledgeEntryOut]


class KnowledgeQuery(Schema):
    q: Text = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL_PATTERN,
        description="Words to find, Chinese or English; every word must occur (AND). Words are "
        "found inside Chinese sentences (晕船 in 出海第三天开始晕船很厉害). Empty: the newest "
        "entries. Example: 晕船.",
    )
    category: CategoryCode | Literal[""] = Field("", description="Only this category.")
    limit: int = Field(20, ge=1, le=SEARCH_MAX_LIMIT)
    offset: int = Field(0, ge=0, le=SEARCH_MAX_OFFSET)


SEAFARER_AUTH = auth.consenting_seafarer_auth(
    not_seafarer=_("只有海员本人可以在线咨询。"),
    no_consent=_("请先在“我的同意”中同意处理健康信息,再使用在线咨询。"),
)


def _urgent_notice(question: Question) -> str | None:
    flags = result_for_codes(question.red_flags)
    if flags.crisis:
        # The same words and numbers as the crisis box of every page (DOMAIN rule 8).
        return crisis_help.crisis_notice_text()
    if flags.physical:
        return gettext(
            "紧急情况:请马上报告船长,由船长联系无线电医疗咨询(海事卫星短码 %(advice)s 医疗咨询、"
            "%(assistance)s 医疗援助);危及生命时拨打 %(rescue)s 或在 VHF %(channel)s 频道呼救。"
            "不要等留言回复。"
        ) % {
            "advice": crisis_help.INMARSAT_MEDICAL_ADVICE_CODE,
            "assistance": crisis_help.INMARSAT_MEDICAL_ASSISTANCE_CODE,
            "rescue": crisis_help.MARITIME_RESCUE_NUMBER,
            "channel": crisis_help.VHF_DISTRESS_CHANNEL,
        }
    return None


def _reply_payload(reply: Reply) -> dict[str, Any]:
    return {
        "id": reply.pk,
        "kind": reply.kind,
        "from_clinician": reply.kind != Reply.Kind.FOLLOW_UP,
        "body": reply.body,
        "created_at": reply.created_at,
    }


def _question_payload(question: Question) -> dict[str, Any]:
    fields = ("category", "title", "body", "age_band", "duration", "location", "medicine_chest")
    return {
        "id": question.pk,
        **{name: getattr(question, name) for name in fields},
        "allow_publish": question.allow_publish,
        "safety_answer": question.safety_answer,
        "status": question.status,
        "status_label": question.get_status_display(),
        "urgency": question.urgency,
        "urgent_notice": _urgent_notice(question),
        "due_at": question.due_at,
        "created_at": question.created_at,
        "answered_at": question.answered_at,
        "photo_count": question.photos.count(),
        "replies": [_reply_payload(r) for r in question.replies.all()],
    }


def _entry_payload(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "category": entry.category,
        "category_label": entry.get_category_display(),
        "title": entry.title,
        "question_text": entry.question_text,
        "answer_text": entry.answer_text,
        "published_at": entry.published_at,
    }


def _invalid(exc: InquiryInvalid) -> NinjaValidationError:
    return NinjaValidationError(
        [
            {"type": "invalid", "loc": ["body", "payload", name], "msg": str(message)}
            for name, message in exc.errors.items()
        ]
    )


@router.get(
    "/inquiries/categories",
    response={200: list[CategoryOut]},
    summary="Question categories",
    description="Public: no authentication needed.",
    url_name="inquiry_categories",
    auth=None,
)
def list_categories(request: HttpRequest) -> list[dict[str, str]]:
    labels = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels[language] = {code: str(label) for code, label in Category.choices}
    return [
        {"code": code, "label_zh": labels["zh-hans"][code], "label_en": labels["en"][code]}
        for code in Category.values
    ]


@router.post(
    "/inquiries/questions",
    response={200: QuestionOut, 201: QuestionOut, **error_responses(401, 403), 422: WRITE_422},
    summary="Ask a clinician a question",
    description="Seafarers with the health-data consent only. Send an `Idempotency-Key` "
    "header and repeat the request with the same key after a dropped link: the stored "
    "question comes back (200) and nothing is stored twice; the same key with another "
    "payload answers 422 `idempotency_conflict`. An urgent question (red-flag wording) comes "
    "back with `urgent_notice`: show it at once. Photos can be attached on the web form only, "
    "not through the API.",
    url_name="inquiry_ask",
    auth=SEAFARER_AUTH,
)
def ask_question(
    request: HttpRequest,
    payload: QuestionIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    try:
        question = do_ask_question(
            request.auth, **payload.model_dump(), idempotency_key=key, request=request
        )
    except InquiryInvalid as exc:
        raise _invalid(exc) from None
    return Status(200 if was_replayed(question) else 201, _question_payload(question))


@router.get(
    "/inquiries/questions",
    response={200: list[QuestionOut], **error_responses(401, 403)},
    summary="My questions with their replies",
    description=f"The signed-in seafarer's own questions, newest first (at most {LIST_LIMIT}), "
    "each with its whole thread.",
    url_name="inquiry_list",
    auth=SEAFARER_AUTH,
)
def list_questions(request: HttpRequest) -> list[dict[str, Any]]:
    questions = (
        Question.objects.filter(seafarer=request.auth)
        .order_by("-created_at", "-pk")
        .prefetch_related("replies")[:LIST_LIMIT]
    )
    return [_question_payload(q) for q in questions]


@router.post(
    "/inquiries/questions/{question_id}/follow-ups",
    response={200: ReplyOut, 201: ReplyOut, **error_responses(401, 403, 404), 422: WRITE_422},
    summary="Add to one of my questions",
    description="The author only (404 for anyone else's question). Answers a clinician's "
    "follow-up question, or adds something; the question goes back to the clinicians. Same "
    "`Idempotency-Key` semantics as asking. A closed question answers 422.",
    url_name="inquiry_follow_up",
    auth=SEAFARER_AUTH,
)
def post_follow_up(
    request: HttpRequest,
    payload: FollowUpIn,
    question_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    question = get_own_question(request.auth, question_id)
    key = clean_idempotency_key(idempotency_key)
    try:
        reply = do_post_follow_up(
            question, request.auth, payload.body, idempotency_key=key, request=request
        )
    except InquiryInvalid as exc:
        raise _invalid(exc) from None
    return Status(200 if was_replayed(reply) else 201, _reply_payload(reply))


@router.get(
    "/inquiries/knowledge",
    response={200: KnowledgeSearchOut, **error_responses(422, 429)},
    summary="Search the knowledge base",
    description="Public: no authentication needed (the entries are published, de-identified "
    "and carry no author). Every word of `q` must occur; best matches first (title matches "
    "weigh more), then the newest. A search (non-empty `q`) counts against a per-client limit "
    "per minute; past it the answer is 429.",
    url_name="inquiry_knowledge_search",
    auth=None,
)
def search_knowledge_api(request: HttpRequest, filters: Query[KnowledgeQuery]) -> dict:
    query = filters.q.strip()
    window = slice(filters.offset, filters.offset + filters.limit)
    if query and (seconds := search_retry_after(request)) is not None:
        # The API's 429: code "throttled", a translated detail and Retry-After (api/errors.py).
        raise Throttled(seconds - 1)
    if query:
        rows = search_queryset(query, category=filters.category)
        return {
            "count": rows.count(),
            "results": [_entry_payload(e) for e in entries_for(rows[window])],
        }
    listed = published_entries().order_by("-published_at", "-pk")
    if filters.category:
        listed = listed.filter(category=filters.category)
    return {"count": listed.count(), "results": [_entry_payload(e) for e in listed[window]]}


@router.get(
    "/inquiries/knowledge/{entry_id}",
    response={200: KnowledgeEntryOut, **error_responses(404, 422)},
    summary="One knowledge-base entry",
    description="Public: no authentication needed.",
    url_name="inquiry_knowledge_entry",
    auth=None,
)
def knowledge_entry_api(request: HttpRequest, entry_id: int = Path(..., ge=1, le=MAX_ID)) -> dict:
    entry = published_entries().filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return _entry_payload(entry)
