"""The jobs API (issue 13 item 7): search published postings, one posting with the caller's
certificate match, apply (``Idempotency-Key``: a resend after a dropped link is one
application), my applications with their status and messages, withdraw. Nothing from the
health services is in any answer: an application carries only what the seafarer typed and the
certificates they chose to share."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from seafarers_home.api import auth
from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    ApiError,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.api.requests import AuthenticatedApiRequest
from seafarers_home.core.inputs import NO_NUL_PATTERN, Text
from seafarers_home.jobs.access import get_own_application, get_visible_posting
from seafarers_home.jobs.actions.applying import do_apply, do_withdraw_application
from seafarers_home.jobs.actions.posting import terms_of
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.matching import Filters, apply_filters, certificate_match, open_postings
from seafarers_home.jobs.models import Application, Posting, Rank, VesselType
from seafarers_home.permissions.roles import is_seafarer

router = Router(tags=["jobs"])
PAGE_SIZE = 20
NOT_A_SEAFARER = _("只有海员本人可以使用。")


SEAFARER_AUTH = auth.role_auth(is_seafarer, NOT_A_SEAFARER)


class PostingOut(Schema):
    id: int
    company: str
    status: str
    terms: dict[str, Any] = Field(..., description="The advertised terms (as approved).")


class MatchOut(Schema):
    kind: str
    name: str
    state: str = Field(..., description="held, expires (before the contract ends) or missing")


class PostingDetailOut(PostingOut):
    required_valid_until: datetime.date
    match: list[MatchOut] = Field(..., description="The caller's wallet against the posting.")


class SearchIn(Schema):
    rank: Rank | None = None
    vessel_type: VesselType | None = None
    area: str = Field("", max_length=80, pattern=NO_NUL_PATTERN)
    wage_from: int | None = Field(None, ge=0, le=10_000_000)
    page: int = Field(1, ge=1, le=10_000)


class ApplyIn(Schema):
    name: Text = Field(..., max_length=60)
    rank: Rank
    sea_service_months: int = Field(..., ge=0, le=720)
    languages: Text = Field("", max_length=100)
    certificate_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        default_factory=list, max_length=20
    )


class MessageOut(Schema):
    from_company: bool
    body: str
    created_at: datetime.datetime


class ApplicationOut(Schema):
    id: int
    posting_id: int
    company: str
    status: str
    status_label: str
    terms: dict[str, Any] = Field(..., description="The terms as approved when applying.")
    shared_certificates: list[dict[str, Any]]
    messages: list[MessageOut]
    created_at: datetime.datetime


def _posting(posting: Posting) -> dict[str, Any]:
    return {
        "id": posting.pk,
        "company": posting.company.display_name,
        "status": posting.status,
        "terms": terms_of(posting),
    }


def _application(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "posting_id": application.posting_id,
        "company": application.posting.company.display_name,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "terms": application.version.terms,
        "shared_certificates": application.shared_certificates,
        "messages": [
            {"from_company": m.from_company, "body": m.body, "created_at": m.created_at}
            for m in application.messages.all()
        ],
        "created_at": application.created_at,
    }


@router.get(
    "/jobs/postings",
    response={200: list[PostingOut], **error_responses(401, 403, 422)},
    summary="Search published job postings",
    url_name="jobs_postings",
    auth=SEAFARER_AUTH,
)
def search_postings(
    request: AuthenticatedApiRequest, filters: Query[SearchIn]
) -> list[dict[str, Any]]:
    chosen = Filters(
        rank=filters.rank or "",
        vessel_type=filters.vessel_type or "",
        area=filters.area.strip(),
        wage_from=filters.wage_from,
    )
    postings = apply_filters(open_postings(request.auth), chosen).order_by("joining_on", "pk")
    page = Paginator(postings, PAGE_SIZE).get_page(filters.page)
    return [_posting(posting) for posting in page.object_list]


@router.get(
    "/jobs/postings/{posting_id}",
    response={200: PostingDetailOut, **error_responses(401, 403, 404, 422)},
    summary="One posting with my certificate match",
    url_name="jobs_posting",
    auth=SEAFARER_AUTH,
)
def posting_detail(request: AuthenticatedApiRequest, posting_id: int) -> dict[str, Any]:
    posting = get_visible_posting(request.auth, posting_id)
    return {
        **_posting(posting),
        "required_valid_until": posting.required_valid_until,
        "match": [
            {"kind": m.kind, "name": m.name, "state": m.state}
            for m in certificate_match(request.auth, posting)
        ],
    }


@router.post(
    "/jobs/postings/{posting_id}/applications",
    response={200: ApplicationOut, 201: ApplicationOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Apply for a posting",
    description="Send an `Idempotency-Key` and repeat it unchanged after a dropped link: the "
    "first application comes back (200). Applying again with another key, or to a closed "
    "posting, answers 409 `refused`; bad input 422 `invalid_application`.",
    url_name="jobs_apply",
    auth=SEAFARER_AUTH,
)
def apply(
    request: AuthenticatedApiRequest,
    posting_id: int,
    payload: ApplyIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    posting = get_visible_posting(request.auth, posting_id)
    before = Application.objects.filter(seafarer=request.auth).count()
    try:
        application = do_apply(
            request.auth,
            posting,
            name=payload.name,
            rank=payload.rank,
            sea_service_months=payload.sea_service_months,
            languages=payload.languages,
            certificate_ids=payload.certificate_ids,
            idempotency_key=key,
            request=request,
        )
    except Refused as error:
        raise ApiError(409, "refused", error.message) from None
    except JobInvalid as error:
        raise ApiError(422, "invalid_application", " ".join(error.errors.values())) from None
    created = Application.objects.filter(seafarer=request.auth).count() > before
    return Status(201 if created else 200, _application(application))


@router.get(
    "/jobs/applications",
    response={200: list[ApplicationOut], **error_responses(401, 403)},
    summary="My job applications with their status and messages",
    url_name="jobs_applications",
    auth=SEAFARER_AUTH,
)
def my_applications(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    rows = (
        Application.objects.filter(seafarer=request.auth)
        .select_related("posting__company", "version")
        .prefetch_related("messages")
        .order_by("-created_at", "-pk")[:100]
    )
    return [_application(application) for application in rows]


@router.post(
    "/jobs/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Withdraw my application",
    url_name="jobs_withdraw",
    auth=SEAFARER_AUTH,
)
def withdraw(request: AuthenticatedApiRequest, application_id: int) -> dict[str, Any]:
    try:
        application = get_own_application(request.auth, application_id)
    except Http404:
        raise ApiError(404, "not_found", _("找不到这份投递。")) from None
    try:
        application = do_withdraw_application(request.auth, application, request=request)
    except Refused as error:
        raise ApiError(409, "refused", error.message) from None
    return _application(application)
