"""心理CT API: the instruments, submitting a scored response, one's own results, FHIR R4.

POST /api/v1/screenings is idempotent: the client sends an ``Idempotency-Key`` header and
may repeat the request after a dropped satellite link; the same key with the same payload
answers the stored response (200), the same key with another payload is refused (422,
``idempotency_conflict``). Only seafarers with health-data consent may submit or list; a
company officer never reaches an individual's answers or scores through any operation here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Header, Path, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import StrictInt

from seafarers_home.api import auth
from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.audit.reads import record_read
from seafarers_home.core.idempotency import was_replayed
from seafarers_home.core.inputs import NO_NUL_PATTERN
from seafarers_home.screening import fhir
from seafarers_home.screening.access import get_response_for_user
from seafarers_home.screening.actions import do_submit_response
from seafarers_home.screening.instruments import (
    Instrument,
    UnknownInstrument,
    all_instruments,
    get_instrument,
)
from seafarers_home.screening.models import Response
from seafarers_home.screening.scoring import InvalidAnswers, score

router = Router(tags=["screening"])

LIST_LIMIT = 200


class OptionOut(Schema):
    value: int
    label_zh: str
    label_en: str


class ItemOut(Schema):
    id: str
    text_zh: str
    text_en: str
    reverse: bool
    safety: bool
    scored: bool
    skip_rest_if: int | None
    options: list[OptionOut]


class BandOut(Schema):
    code: str
    min: float
    max: float
    label_zh: str
    label_en: str


class InstrumentOut(Schema):
    code: str
    version: str
    title_zh: str
    title_en: str
    recall_zh: str
    recall_en: str
    min_total: int
    max_total: int
    licence: str
    loinc: dict[str, str]
    zh_needs_review: bool
    assigned_only: bool
    items: list[ItemOut]
    bands: list[BandOut]


class ScreeningIn(Schema):
    instrument: str
    version: str | None = None
    # Strict: "2" or true is not an answer value (pydantic would coerce them).
    answers: dict[str, StrictInt]


class ResponseOut(Schema):
    id: int
    screening_id: int | None
    instrument: str
    version: str
    total: float | None
    band: str
    band_label: str
    safety_positive: bool
    risk_level: str
    created_at: datetime


def _instrument_payload(instrument: Instrument) -> dict[str, Any]:
    return {
        "code": instrument.code,
        "version": instrument.version,
        "title_zh": instrument.title_zh,
        "title_en": instrument.title_en,
        "recall_zh": instrument.recall_zh,
        "recall_en": instrument.recall_en,
        "min_total": instrument.min_total,
        "max_total": instrument.max_total,
        "licence": instrument.licence,
        "loinc": instrument.loinc,
        "zh_needs_review": instrument.zh_needs_review,
        "assigned_only": instrument.assigned_only,
        "items": instrument.items,
        "bands": instrument.bands,
    }


def _response_payload(response: Response) -> dict[str, Any]:
    label = ""
    try:
        instrument = get_instrument(response.instrument_code, response.instrument_version)
        band = next((b for b in instrument.bands if b.code == response.band), None)
        label = band.label if band else ""
    except UnknownInstrument:
        pass
    return {
        "id": response.pk,
        "screening_id": response.screening_id,
        "instrument": response.instrument_code,
        "version": response.instrument_version,
        "total": response.total_score,
        "band": response.band,
        "band_label": label,
        "safety_positive": response.safety_positive,
        "risk_level": response.risk_level,
        "created_at": response.created_at,
    }


def _answer_errors(exc: InvalidAnswers) -> NinjaValidationError:
    return NinjaValidationError(
        [
            {"type": "invalid_answer", "loc": ["body", "payload", "answers", item], "msg": msg}
            for item, msg in exc.errors.items()
        ]
    )


NOT_SEAFARER = _("只有海员本人可以提交或查看心理CT结果。")
NO_CONSENT = _("请先在“我的同意”中同意处理健康信息,再进行心理CT。")
SEAFARER_AUTH = auth.consenting_seafarer_auth(not_seafarer=NOT_SEAFARER, no_consent=NO_CONSENT)


@router.get(
    "/instruments",
    response={200: list[InstrumentOut], **error_responses(401)},
    summary="Screening instruments",
    url_name="instrument_list",
)
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    return [_instrument_payload(i) for i in all_instruments()]


@router.get(
    "/instruments/{code}/fhir",
    response={200: dict[str, Any], **error_responses(401, 404, 422)},
    summary="An instrument as a FHIR R4 Questionnaire",
    url_name="instrument_fhir",
)
def instrument_fhir(
    request: HttpRequest,
    code: str = Path(..., pattern=NO_NUL_PATTERN),
    version: str | None = Query(None, pattern=NO_NUL_PATTERN),
) -> dict:
    try:
        instrument = get_instrument(code, version)
    except UnknownInstrument:
        raise Http404 from None
    return fhir.questionnaire(instrument)


@router.post(
    "/screenings",
    response={200: ResponseOut, 201: ResponseOut, **error_responses(401, 403, 422)},
    summary="Submit answers to one instrument",
    description="Scores the answers from the instrument definition and stores them. "
    "Repeat the request with the same `Idempotency-Key` after a dropped link: the stored "
    "result comes back (200) and nothing is stored twice.",
    url_name="screening_submit",
    auth=SEAFARER_AUTH,
)
def submit_screening(
    request: HttpRequest,
    payload: ScreeningIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    user = request.auth
    key = clean_idempotency_key(idempotency_key)
    try:
        instrument = get_instrument(payload.instrument, payload.version)
        # Submissions are scored with the current version only (a retired one stays readable).
        if instrument.version != get_instrument(payload.instrument).version:
            raise UnknownInstrument(payload.version)
    except UnknownInstrument:
        raise NinjaValidationError(
            [
                {
                    "type": "unknown_instrument",
                    "loc": ["body", "payload", "instrument"],
                    "msg": str(_("未知的量表或版本。")),
                }
            ]
        ) from None
    try:
        # Refused before the service is reached, so nothing half-way is ever stored.
        score(instrument, payload.answers)
    except InvalidAnswers as exc:
        raise _answer_errors(exc) from None

    try:
        response = do_submit_response(
            user,
            payload.instrument,
            payload.answers,
            idempotency_key=key,
            request=request,
        )
    except InvalidAnswers as exc:
        raise _answer_errors(exc) from None
    return Status(200 if was_replayed(response) else 201, _response_payload(response))


@router.get(
    "/screenings",
    response={200: list[ResponseOut], **error_responses(401, 403)},
    summary="My screening results",
    url_name="screening_list",
    auth=SEAFARER_AUTH,
)
def list_screenings(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.auth
    responses = Response.objects.filter(seafarer=user).order_by("-created_at", "-pk")
    return [_response_payload(r) for r in responses[:LIST_LIMIT]]


@router.get(
    "/screenings/{response_id}/fhir",
    response={200: dict[str, Any], **error_responses(401, 403, 404, 422)},
    summary="One of my results as a FHIR R4 QuestionnaireResponse",
    url_name="screening_fhir",
)
def screening_fhir(request: HttpRequest, response_id: int) -> dict:
    # Seafarer: own only; clinician: any; everyone else (officers included) 404.
    request.user = request.auth
    response = get_response_for_user(request.auth, response_id)
    if response.seafarer_id == request.auth.pk:
        auth.require_consenting_seafarer(
            request.auth, not_seafarer=NOT_SEAFARER, no_consent=NO_CONSENT
        )
    else:
        record_read(
            request.auth,
            "screening.response_exported",
            target=response,
            purpose="fhir_export",
            request=request,
        )
    return fhir.questionnaire_response(response)
