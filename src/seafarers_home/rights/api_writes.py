"""The seafarer's writes of the rights API (issue 11 item 11), through the same access
functions and actions as the web pages: open a case (``Idempotency-Key``), post a message
(``Idempotency-Key``), upload evidence (multipart; photos re-encoded, PDFs checked, sizes
limited; a resent file is stored once), join a crew case by its code (joining again with the
same claim answers the claim: 200) and apply for legal aid (once per case: a resend answers the
application).

What the schema can say, it says (lengths, patterns, the categories, currencies and answers as
enums), and a request it refuses is a 422. The rules it cannot say — a category's own fields
(``GET /rights/categories``), an IMO check digit, a date not in the future, an invite code that
exists, a case still open — answer 409 with a translated message per field; nothing is
stored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Header, Path, Schema, Status, UploadedFile
from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from seafarers_home.api.errors import IDEMPOTENCY_KEY_HEADER, clean_idempotency_key, error_responses
from seafarers_home.core.idempotency import was_replayed
from seafarers_home.core.inputs import Text
from seafarers_home.rights.access import get_case_for_seafarer, get_own_case
from seafarers_home.rights.actions.crew import do_join_crew_case
from seafarers_home.rights.actions.legal_aid import do_apply_for_legal_aid
from seafarers_home.rights.actions.reporting import (
    do_add_evidence,
    do_post_seafarer_message,
    do_submit_case,
)
from seafarers_home.rights.api_schemas import (
    MAX_ID,
    SEAFARER_AUTH,
    RightsCaseOut,
    RightsEntryOut,
    RightsRefusedOut,
    case_payload,
    entry_payload,
    refused,
    router,
)
from seafarers_home.rights.categories import all_categories, currencies, get_category
from seafarers_home.rights.crew import CODE_LENGTH
from seafarers_home.rights.evidence import MAX_FILES_PER_CASE, MAX_FILES_PER_UPLOAD, MAX_PDF_BYTES
from seafarers_home.rights.models import LegalAidApplication
from seafarers_home.rights.models import Status as CaseStatus
from seafarers_home.rights.reporting import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    MESSAGE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    CaseInvalid,
)

# The widest a category's field may be (category_schema.FieldSpec.max_length's bound).
FIELD_VALUE_MAX_LENGTH = 500
MAX_FIELDS = 40
AMOUNT_PATTERN = r"^\d{1,8}(\.\d{1,2})?$"
# Up to MAX_FILES_PER_UPLOAD files in the multipart field ``files``. Not "required" in the
# schema: a multipart part with an empty file reaches Django as no file at all, and "no file"
# is the service's refusal (409 with errors['files']), not a malformed request.
EVIDENCE_FILES = File(None, max_length=MAX_FILES_PER_UPLOAD)
WRITE_ERRORS = {**error_responses(401, 403, 404, 422), 409: RightsRefusedOut}


def _encodable(value: str) -> str:
    """No lone surrogate (JSON may carry one; UTF-8 and the database cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("invalid_text", _("内容含有无法保存的字符。")) from None
    return value


Words = Annotated[Text, AfterValidator(_encodable)]
CategoryCode = Literal[tuple(c.code for c in all_categories())]  # type: ignore[valid-type]
CurrencyCode = Literal[tuple(currencies())]  # type: ignore[valid-type]
AnswerCode = Literal[tuple(LegalAidApplication.Answer.values)]  # type: ignore[valid-type]
FieldId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$")]
FieldValue = Annotated[Words, StringConstraints(max_length=FIELD_VALUE_MAX_LENGTH)]


class RightsCaseIn(Schema):
    category: CategoryCode = Field(..., description="A `code` of GET /rights/categories.")
    summary: Words = Field(
        ..., min_length=1, max_length=SUMMARY_MAX_LENGTH, examples=["公司拖欠三个月工资"]
    )
    description: Words = Field(
        ...,
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=DESCRIPTION_MAX_LENGTH,
        description=f"What happened, {DESCRIPTION_MIN_LENGTH}–{DESCRIPTION_MAX_LENGTH} "
        "characters (leading and trailing spaces do not count).",
        examples=["从去年十二月开始公司就没有发工资,船长说等靠港再说。"],
    )
    fields: dict[FieldId, FieldValue] = Field(
        default_factory=dict,
        max_length=MAX_FIELDS,
        # Only ids of the field-id shape: the schema says so (patternProperties alone would let
        # any other key through to a 422).
        json_schema_extra={"additionalProperties": False},
        description="The category's fields by `id` (GET /rights/categories), as text: dates "
        "YYYY-MM-DD, integers and amounts in digits, a money field's currency as "
        "`<id>_currency`, a choice by its option `value`. Checked against the category: a "
        "missing required field, an unknown id or a wrong value answers 409 with "
        "`errors['fields.<id>']`.",
        examples=[
            {
                "employer": "东海远洋船务有限公司",
                "imo": "9074729",
                "known_date": "2026-03-01",
                "months_owed": "3",
                "amount_owed": "36000.50",
                "amount_owed_currency": "CNY",
            }
        ],
    )


class RightsMessageIn(Schema):
    body: Words = Field(..., min_length=1, max_length=MESSAGE_MAX_LENGTH)


class RightsEvidenceItemOut(Schema):
    id: int
    kind: str = Field(..., description="photo (re-encoded JPEG) or pdf")
    byte_size: int


class RightsEvidenceOut(Schema):
    stored: int = Field(..., description="New files stored (a file sent again is not).")
    evidence: list[RightsEvidenceItemOut]


class RightsJoinIn(Schema):
    code: str = Field(
        ...,
        pattern=f"^[A-Za-z0-9]{{{CODE_LENGTH}}}$",
        description="The invite code the first claimant passed on (case does not matter).",
        examples=["K7M2Q9TX"],
    )
    amount: str = Field(
        ...,
        pattern=AMOUNT_PATTERN,
        description="What you are owed, at most two decimals.",
        examples=["24000"],
    )
    currency: CurrencyCode
    consent: Literal[True] = Field(
        ...,
        description="You agree that the case's legal workers see your name and claim and act "
        "for you.",
    )


class RightsLegalAidIn(Schema):
    hardship: AnswerCode = Field(..., description="Financial hardship?")
    employer_reachable: AnswerCode = Field(..., description="Can the employer be reached?")
    monthly_income: str = Field(
        "", pattern=f"^({AMOUNT_PATTERN[1:-1]})?$", description="Household income a month."
    )
    statement: Words = Field(..., min_length=1, max_length=MESSAGE_MAX_LENGTH)


class RightsLegalAidOut(Schema):
    case_id: int
    decision: str = Field(..., description="pending, approved or rejected")
    decision_label: str
    reason: str = Field(..., description="The reason of the decision (empty while pending).")
    lawyer: str = Field(..., description="The partner firm's lawyer assigned on approval.")


def _field_errors(category_code: str, values: dict[str, str], errors: dict[str, str]) -> dict:
    """The action's errors with a category field's named ``fields.<id>``, and the ids the
    category does not have (a client's typo would otherwise be dropped without a word)."""
    category = get_category(category_code)
    known: set[str] = set()
    for spec in category.fields if category else ():
        known.add(spec.id)
        if spec.kind == "money":
            known.add(f"{spec.id}_currency")
    named = {
        (f"fields.{name}" if name in known else name): message for name, message in errors.items()
    }
    for name in sorted(set(values) - known):
        named[f"fields.{name}"] = _("这个类别没有这一项。")
    return named


@router.post(
    "/rights/cases",
    response={200: RightsCaseOut, 201: RightsCaseOut, **WRITE_ERRORS},
    summary="Open a case",
    description="Send an `Idempotency-Key` and repeat it unchanged after a dropped link: the "
    "case comes back (200) and nothing is stored twice; the same key with another payload "
    "answers 422 `idempotency_conflict`. An urgent case (abandonment without food, water or "
    "fuel; violence with the seafarer still aboard) comes back with `urgent_notice`: show it "
    "at once. A crew case comes back with its `invite_code`. Evidence: POST "
    "/rights/cases/{case_id}/evidence afterwards.",
    url_name="rights_open",
    auth=SEAFARER_AUTH,
)
def open_case(
    request: HttpRequest,
    payload: RightsCaseIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    values = dict(payload.fields)
    unknown = _field_errors(payload.category, values, {})
    if unknown:
        return refused(unknown)
    try:
        case = do_submit_case(
            request.auth,
            category=payload.category,
            summary=payload.summary,
            description=payload.description,
            values=values,
            idempotency_key=key,
            request=request,
        )
    except CaseInvalid as exc:
        return refused(_field_errors(payload.category, values, exc.errors))
    return Status(200 if was_replayed(case) else 201, case_payload(case, request.auth))


@router.post(
    "/rights/cases/{case_id}/messages",
    response={200: RightsEntryOut, 201: RightsEntryOut, **WRITE_ERRORS},
    summary="Write to the legal workers on my case",
    description="The case's opener or a crewmate who joined it (404 for anyone else). Same "
    "`Idempotency-Key` semantics as opening a case. Words of crisis also reach the hospital's "
    "crisis team, as on every channel.",
    url_name="rights_message",
    auth=SEAFARER_AUTH,
)
def post_message(
    request: HttpRequest,
    payload: RightsMessageIn,
    case_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    case = get_case_for_seafarer(request.auth, case_id)
    key = clean_idempotency_key(idempotency_key)
    try:
        entry = do_post_seafarer_message(
            case, request.auth, payload.body, idempotency_key=key, request=request
        )
    except CaseInvalid as exc:
        return refused(exc.errors)
    return Status(200 if was_replayed(entry) else 201, entry_payload(entry, request.auth))


@router.post(
    "/rights/cases/{case_id}/evidence",
    response={200: RightsEvidenceOut, 201: RightsEvidenceOut, **WRITE_ERRORS},
    summary="Add photos or PDFs to my case",
    description=f"The case's opener only. Multipart, 1–{MAX_FILES_PER_UPLOAD} files in "
    f"`files`, at most {MAX_FILES_PER_CASE} per case. Photos (JPEG, PNG, …) are re-encoded "
    f"without their metadata (place, phone); a PDF must be a whole PDF of at most "
    f"{MAX_PDF_BYTES // (1024 * 1024)} MB. Anything else, or too many files, answers 409 "
    "with `errors['files']` and stores nothing. A file sent again is not stored twice "
    "(200, `stored` 0): resending after a dropped link is safe.",
    url_name="rights_evidence",
    auth=SEAFARER_AUTH,
)
def upload_evidence(
    request: HttpRequest,
    case_id: int = Path(..., ge=1, le=MAX_ID),
    files: list[UploadedFile] | None = EVIDENCE_FILES,
) -> Status:
    case = get_own_case(request.auth, case_id)
    try:
        stored = do_add_evidence(case, request.auth, files or [], request=request)
    except CaseInvalid as exc:
        return refused(exc.errors)
    items = [
        {"id": e.pk, "kind": e.kind, "byte_size": e.byte_size}
        for e in case.evidence.defer("content").order_by("created_at", "pk")
    ]
    return Status(201 if stored else 200, {"stored": stored, "evidence": items})


@router.post(
    "/rights/join",
    response={200: RightsCaseOut, 201: RightsCaseOut, **WRITE_ERRORS},
    summary="Join a crewmate's case with its invite code",
    description="With your own amount owed and your consent. Joining again with the same "
    "amount and currency answers the case (200): resending after a dropped link is safe. An "
    "unknown or expired code, your own case, a case already joined with another claim or a "
    "full case answers 409 with `errors['code']`. A crewmate a legal worker added from the "
    "vessel's crew records confirms here too.",
    url_name="rights_join",
    auth=SEAFARER_AUTH,
)
def join_case(request: HttpRequest, payload: RightsJoinIn) -> Status:
    try:
        claim = do_join_crew_case(
            request.auth,
            code=payload.code,
            amount=payload.amount,
            currency=payload.currency,
            consent=payload.consent,
            request=request,
        )
    except CaseInvalid as exc:
        return refused(exc.errors)
    case = get_case_for_seafarer(request.auth, claim.case_id)
    return Status(200 if was_replayed(claim) else 201, case_payload(case, request.auth))


def _aid_payload(application: LegalAidApplication) -> dict[str, Any]:
    return {
        "case_id": application.case_id,
        "decision": application.decision,
        "decision_label": str(application.get_decision_display()),
        "reason": application.reason,
        "lawyer": str(application.lawyer) if application.lawyer else "",
    }


@router.post(
    "/rights/cases/{case_id}/legal-aid",
    response={200: RightsLegalAidOut, 201: RightsLegalAidOut, **WRITE_ERRORS},
    summary="Apply for legal aid on my case",
    description="The case's opener, while the case is open. Once per case: applying again "
    "answers the application already made (200). The union decides with a reason; the "
    "decision notice is on the web (/rights/<case>/legal-aid/notice/).",
    url_name="rights_legal_aid",
    auth=SEAFARER_AUTH,
)
def apply_for_legal_aid(
    request: HttpRequest, payload: RightsLegalAidIn, case_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status:
    case = get_own_case(request.auth, case_id)
    if case.status == CaseStatus.DRAFT:
        return refused({"statement": _("这个案件现在不能申请法律援助。")})
    before = LegalAidApplication.objects.filter(case=case).exists()
    try:
        application = do_apply_for_legal_aid(
            case, request.auth, request=request, **payload.model_dump()
        )
    except CaseInvalid as exc:
        return refused(exc.errors)
    return Status(200 if before else 201, _aid_payload(application))
