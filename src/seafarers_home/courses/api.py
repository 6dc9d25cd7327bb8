"""The training courses' API (issue 12 item 6): upcoming sessions with their free seats, one
session with my prerequisites checked against my wallet, applying (``Idempotency-Key``: a
resend after a dropped link is one application; applying again answers the live one), my
applications and their status, withdrawing, and confirming a seat offered from the waiting
list. The same access functions and actions as the web pages. Documents are photographed on
the web page (the JSON API carries none)."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Header, Path, Router, Schema, Status
from pydantic import Field

from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.api.requests import AuthenticatedApiRequest
from seafarers_home.certificates.api_schemas import (
    MAX_ID,
    READ_ERRORS,
    SEAFARER_AUTH,
    WRITE_ERRORS,
    Plain,
    invalid,
    refused,
)
from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.validity import today_for
from seafarers_home.core.idempotency import was_replayed
from seafarers_home.courses.access import get_own_application, get_published_session
from seafarers_home.courses.actions.applying import NOTE_MAX, do_apply, do_withdraw_application
from seafarers_home.courses.actions.offers import do_confirm_seat
from seafarers_home.courses.errors import CourseInvalid, Refused
from seafarers_home.courses.models import Application, CourseSession
from seafarers_home.courses.prerequisites import requirements_for
from seafarers_home.courses.seats import seat_counts
from seafarers_home.permissions.roles import is_seafarer

router = Router(tags=["courses"])
LIST_LIMIT = 50


class SessionOut(Schema):
    id: int
    course: str
    provider: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    seats: int
    free_seats: int
    waiting: int
    fee: str = Field(..., description="As the provider records it; paid offline, never here.")
    prerequisites: list[str] = Field(..., description="Certificate kind codes required.")
    prerequisites_valid_until: datetime.date
    documents: str
    issues_kind: str = Field(..., description="The certificate kind issued on completion.")
    cancelled: bool


class RequirementOut(Schema):
    kind: str
    name: str
    met: bool
    reason: str


class SessionDetailOut(SessionOut):
    requirements: list[RequirementOut] = Field(
        ..., description="For a seafarer: my wallet against the prerequisites."
    )


class CourseApplyIn(Schema):
    note: Plain = Field("", max_length=NOTE_MAX)


class CourseApplicationOut(Schema):
    id: int
    session: SessionOut
    status: str = Field(
        ...,
        description="pending, approved, offered (a seat from the waiting list: confirm it "
        "before `offered_until`), waitlisted, declined, withdrawn, completed, no_show, "
        "cancelled, lapsed",
    )
    status_label: str
    decline_reason: str
    offered_until: datetime.datetime | None
    certificate_id: int | None = Field(..., description="The wallet record on completion.")
    created_at: datetime.datetime


def _session(session: CourseSession, taken: int, waiting: int) -> dict[str, Any]:
    course = session.course
    fee = session.fee_text or (f"{session.fee_amount} 元" if session.fee_amount else "")
    return {
        "id": session.pk,
        "course": course.title,
        "provider": course.provider.name,
        "description": course.description,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place": session.place,
        "seats": session.seats,
        "free_seats": max(0, session.seats - taken),
        "waiting": waiting,
        "fee": fee,
        "prerequisites": list(session.prerequisites),
        "prerequisites_valid_until": session.required_valid_until,
        "documents": session.documents,
        "issues_kind": course.issues_kind,
        "cancelled": session.cancelled_at is not None,
    }


def _sessions(sessions: list[CourseSession]) -> dict[int, dict[str, Any]]:
    counts = seat_counts(sessions)
    return {s.pk: _session(s, counts[s.pk].taken, counts[s.pk].waiting) for s in sessions}


def _application(application: Application, session: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": application.pk,
        "session": session,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "decline_reason": application.decline_reason,
        "offered_until": application.offered_until,
        "certificate_id": application.certificate_id,
        "created_at": application.created_at,
    }


def _one(application: Application) -> dict[str, Any]:
    session = application.session
    return _application(application, _sessions([session])[session.pk])


@router.get(
    "/courses/sessions",
    response={200: list[SessionOut], **error_responses(401)},
    summary="Upcoming course sessions with their free seats",
    url_name="course_sessions",
)
def sessions(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    upcoming = list(
        CourseSession.objects.filter(starts_on__gt=today_for(request.auth), cancelled_at=None)
        .select_related("course__provider")
        .order_by("starts_on", "pk")[:LIST_LIMIT]
    )
    return list(_sessions(upcoming).values())


@router.get(
    "/courses/sessions/{session_id}",
    response={200: SessionDetailOut, **READ_ERRORS},
    summary="One session, with my prerequisites checked against my wallet",
    url_name="course_session",
)
def session_detail(
    request: AuthenticatedApiRequest, session_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    session = get_published_session(session_id)
    out = _sessions([session])[session.pk]
    requirements = requirements_for(request.auth, session) if is_seafarer(request.auth) else []
    out["requirements"] = [
        {"kind": r.kind, "name": kind_name(r.kind), "met": r.met, "reason": r.reason}
        for r in requirements
    ]
    return out


@router.post(
    "/courses/sessions/{session_id}/applications",
    response={200: CourseApplicationOut, 201: CourseApplicationOut, **WRITE_ERRORS},
    summary="Apply for a session",
    description="Send an `Idempotency-Key` and repeat it unchanged after a dropped link: the "
    "application made the first time comes back (200), as does my live application when I "
    "apply again. A session that has begun or was cancelled, or prerequisites missing from "
    "my wallet (the reason says which, and why), answer 409 `refused`.",
    url_name="course_apply",
    auth=SEAFARER_AUTH,
)
def apply(
    request: AuthenticatedApiRequest,
    payload: CourseApplyIn,
    session_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    session = get_published_session(session_id)
    try:
        application = do_apply(
            request.auth, session, note=payload.note, idempotency_key=key, request=request
        )
    except Refused as error:
        return refused("refused", error.message)
    except CourseInvalid as error:
        return invalid(error.errors)
    return Status(200 if was_replayed(application) else 201, _one(application))


@router.get(
    "/courses/applications",
    response={200: list[CourseApplicationOut], **error_responses(401, 403)},
    summary="My course applications and their status",
    url_name="course_applications",
    auth=SEAFARER_AUTH,
)
def my_applications(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    rows = list(
        Application.objects.filter(seafarer=request.auth)
        .select_related("session__course__provider")
        .order_by("-created_at", "-pk")[:100]
    )
    by_session = _sessions(list({a.session_id: a.session for a in rows}.values()))
    return [_application(a, by_session[a.session_id]) for a in rows]


@router.post(
    "/courses/applications/{application_id}/withdraw",
    response={200: CourseApplicationOut, **WRITE_ERRORS},
    summary="Withdraw my application (a seat it held goes to the oldest waiting)",
    url_name="course_withdraw",
    auth=SEAFARER_AUTH,
)
def withdraw(
    request: AuthenticatedApiRequest, application_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    application = get_own_application(request.auth, application_id)
    try:
        application = do_withdraw_application(application, request.auth, request=request)
    except Refused as error:
        return refused("refused", error.message)
    return _one(application)


@router.post(
    "/courses/applications/{application_id}/confirm",
    response={200: CourseApplicationOut, **WRITE_ERRORS},
    summary="Take the seat offered to me from the waiting list, before `offered_until`",
    description="Confirming twice answers the approved application; after the deadline the "
    "seat has passed on: 409 `refused`.",
    url_name="course_confirm",
    auth=SEAFARER_AUTH,
)
def confirm(
    request: AuthenticatedApiRequest, application_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    application = get_own_application(request.auth, application_id)
    try:
        application = do_confirm_seat(application, request.auth, request=request)
    except Refused as error:
        return refused("refused", error.message)
    return _one(application)
