"""The activities' API (issue 12 item 6): the activities open to me with their free places, one
activity, signing up (``Idempotency-Key``: a resend after a dropped link signs up once), my
sign-ups (with the check-in code of a confirmed one), cancelling and confirming a place offered
from the waiting list. The same access functions and actions as the web pages. Seafarers only
(403 and a code for anyone else)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from ninja import Header, Path, Router, Schema, Status
from pydantic import Field

from seafarers_home.activities.access import (
    get_own_signup_by_id,
    get_seafarer_activity,
    seafarer_activities,
)
from seafarers_home.activities.actions.signups import (
    do_cancel_sign_up,
    do_confirm_offer,
    do_sign_up,
)
from seafarers_home.activities.forms import MAX_GUESTS
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.activities.services import (
    SignUpRefused,
    guests_allowed,
    listed_places,
    signups_open,
    with_places,
)
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
    Count,
    refused,
)

router = Router(tags=["activities"])
LIST_LIMIT = 30

if TYPE_CHECKING:
    from seafarers_home.activities.services import PlacedActivity


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    kind_label: str
    organiser: str
    online: bool
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    signup_deadline: datetime.datetime
    capacity: int
    free_places: int
    waiting: int
    max_guests: int = Field(..., description="Guests each seafarer may bring (families).")
    open: bool = Field(..., description="Sign-up is open (before the deadline, not cancelled).")
    cancelled: bool


class SignUpIn(Schema):
    guests: Count = Field(0, ge=0, le=MAX_GUESTS, description="Up to the activity's max_guests.")


class SignUpOut(Schema):
    id: int
    activity: ActivityOut
    status: str = Field(
        ...,
        description="confirmed, offered (a place from the waiting list: confirm it before "
        "`offered_until`), waiting, cancelled or lapsed",
    )
    guests: int
    offered_until: datetime.datetime | None
    check_in_code: str = Field("", description="What the QR code says, for a confirmed place.")
    checked_in_at: datetime.datetime | None
    created_at: datetime.datetime


def _activity(activity: PlacedActivity) -> dict[str, Any]:
    places = listed_places(activity)
    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "organiser": activity.organisation.display_name,
        "online": activity.online,
        "place": activity.place,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "signup_deadline": activity.signup_deadline,
        "capacity": activity.capacity,
        "free_places": places.free,
        "waiting": places.waiting,
        "max_guests": guests_allowed(activity),
        "open": signups_open(activity),
        "cancelled": activity.is_cancelled,
    }


def _counted(pks: list[int]) -> dict[int, dict[str, Any]]:
    rows = with_places(Activity.objects.filter(pk__in=pks).select_related("organisation"))
    return {activity.pk: _activity(activity) for activity in rows}


def _signup(signup: SignUp, activity: dict[str, Any]) -> dict[str, Any]:
    confirmed = signup.status == SignUp.Status.CONFIRMED
    return {
        "id": signup.pk,
        "activity": activity,
        "status": signup.status,
        "guests": signup.guests,
        "offered_until": signup.offered_until,
        "check_in_code": signup.code if confirmed else "",
        "checked_in_at": signup.checked_in_at,
        "created_at": signup.created_at,
    }


def _one(signup: SignUp) -> dict[str, Any]:
    return _signup(signup, _counted([signup.activity_id])[signup.activity_id])


@router.get(
    "/activities",
    response={200: list[ActivityOut], **error_responses(401, 403)},
    summary="Upcoming activities open to me, with their free places",
    url_name="activity_list",
    auth=SEAFARER_AUTH,
)
def activities(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    upcoming = with_places(
        seafarer_activities(request.auth)
        .filter(ends_at__gt=timezone.now())
        .filter(Q(status=Activity.Status.PUBLISHED))
    ).order_by("starts_at", "pk")[:LIST_LIMIT]
    return [_activity(activity) for activity in upcoming]


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **READ_ERRORS},
    summary="One activity",
    url_name="activity_detail",
    auth=SEAFARER_AUTH,
)
def activity_detail(
    request: AuthenticatedApiRequest, activity_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    activity = get_seafarer_activity(request.auth, activity_id)
    return _counted([activity.pk])[activity.pk]


@router.post(
    "/activities/{activity_id}/sign-ups",
    response={200: SignUpOut, 201: SignUpOut, **WRITE_ERRORS},
    summary="Sign up (or join the waiting list when full)",
    description="Send an `Idempotency-Key` and repeat it unchanged after a dropped link: the "
    "sign-up made the first time comes back (200). The same key with other guests answers "
    "422 `idempotency_conflict` (as every write of the API). Past the deadline "
    "(`deadline`), cancelled (`cancelled`), "
    "already signed up (`already`), more guests than allowed (`guests`, `too_many`) or not "
    "for my company's crews (`audience`): 409 with that code; nothing is stored.",
    url_name="activity_sign_up",
    auth=SEAFARER_AUTH,
)
def sign_up(
    request: AuthenticatedApiRequest,
    payload: SignUpIn,
    activity_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    activity = get_seafarer_activity(request.auth, activity_id)
    try:
        signup, created = do_sign_up(
            request.auth, activity, guests=payload.guests, idempotency_key=key, request=request
        )
    except SignUpRefused as error:
        return refused(error.code, error.message)
    return Status(201 if created else 200, _one(signup))


@router.get(
    "/activities/sign-ups/mine",
    response={200: list[SignUpOut], **error_responses(401, 403)},
    summary="My sign-ups, newest first",
    url_name="activity_my_sign_ups",
    auth=SEAFARER_AUTH,
)
def my_sign_ups(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    rows = list(SignUp.objects.filter(seafarer=request.auth).order_by("-created_at", "-pk")[:100])
    activities = _counted(list({signup.activity_id for signup in rows}))
    return [_signup(signup, activities[signup.activity_id]) for signup in rows]


@router.post(
    "/activities/sign-ups/{signup_id}/cancel",
    response={200: SignUpOut, **WRITE_ERRORS},
    summary="Cancel my sign-up or waiting-list place",
    description="Cancelling twice answers the cancelled sign-up. After check-in: 409 "
    "`checked_in`. Freed places go to the waiting list, oldest first.",
    url_name="activity_cancel_sign_up",
    auth=SEAFARER_AUTH,
)
def cancel(request: AuthenticatedApiRequest, signup_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    signup = get_own_signup_by_id(request.auth, signup_id)
    try:
        signup = do_cancel_sign_up(request.auth, signup, request=request)
    except SignUpRefused as error:
        return refused(error.code, error.message)
    return _one(signup)


@router.post(
    "/activities/sign-ups/{signup_id}/confirm",
    response={200: SignUpOut, **WRITE_ERRORS},
    summary="Take the place offered to me from the waiting list, before `offered_until`",
    url_name="activity_confirm",
    auth=SEAFARER_AUTH,
)
def confirm(request: AuthenticatedApiRequest, signup_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    signup = get_own_signup_by_id(request.auth, signup_id)
    try:
        signup = do_confirm_offer(request.auth, signup, request=request)
    except SignUpRefused as error:
        return refused(error.code, error.message)
    return _one(signup)
