"""心理热线 API: join the queue, read one's place and an honest wait, hang up, request and
cancel a callback. For seafarers with the health-data consent only.

POST /hotline/calls and POST /hotline/callbacks take an ``Idempotency-Key`` header: repeat the
request after a dropped satellite link and the same call or callback comes back (200) instead of
a new one (201). Joining while a call is already live also answers that call (200).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Header, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from seafarers_home.api import auth
from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.core.inputs import SaneDatetime, Text, within_window
from seafarers_home.hotline.access import get_own_call, get_own_callback
from seafarers_home.hotline.actions.callbacks import (
    CallbackInvalid,
    do_cancel_callback,
    do_request_callback_once,
)
from seafarers_home.hotline.actions.queue import do_hang_up, do_join_queue_once
from seafarers_home.hotline.models import CallbackRequest, HotlineCall
from seafarers_home.hotline.queue import QUEUED, queue_status
from seafarers_home.hotline.rooms import has_voice

router = Router(tags=["hotline"])


SEAFARER_AUTH = auth.consenting_seafarer_auth(
    not_seafarer=_("只有海员本人可以使用心理热线。"),
    no_consent=_("请先在“我的同意”中同意处理健康信息,再使用心理热线。"),
)


class CallIn(Schema):
    anonymous: bool = Field(False, description="Do not show my name or phone to the counsellor.")


class CallOut(Schema):
    id: int
    status: str = Field(
        description="waiting, offered, connected, completed, abandoned, dropped or "
        "callback_offered (nobody answered in time: book a callback)"
    )
    anonymous: bool
    queued_at: datetime
    position: int = Field(description="1 = next to be offered; 0 when not waiting")
    estimated_wait_seconds: int | None = Field(
        description="null: no counsellor on duty now, no honest estimate (book a callback)"
    )
    counsellors_on_duty: int
    voice_url: str | None = Field(description="the voice room page while connected")


class CallbackIn(Schema):
    target: Literal["satellite", "mobile", "in_app"]
    number: Text = Field("", max_length=40, description="required unless target is in_app")
    window_start: SaneDatetime = Field(description="ISO 8601 with a UTC offset, 1900–2100")
    window_end: SaneDatetime
    anonymous: bool = False


class CallbackOut(Schema):
    id: int
    target: str
    number: str
    window_start: datetime
    window_end: datetime
    time_zone: str
    status: str = Field(description="scheduled, queued, done, failed or cancelled")
    attempts: int
    next_attempt_at: datetime | None


def _call_payload(call: HotlineCall) -> dict[str, Any]:
    status = queue_status(call)
    connected = call.status == HotlineCall.Status.CONNECTED and has_voice(call)
    return {
        "id": call.pk,
        "status": call.status,
        "anonymous": call.anonymous,
        "queued_at": call.queued_at,
        "position": status.position,
        "estimated_wait_seconds": status.estimated_wait_seconds if call.status in QUEUED else 0,
        "counsellors_on_duty": status.counsellors_on_duty,
        "voice_url": reverse("hotline:voice", args=[call.pk]) if connected else None,
    }


@router.post(
    "/hotline/calls",
    response={200: CallOut, 201: CallOut, **error_responses(401, 403, 422)},
    summary="Call the hotline: join the queue for in-app voice",
    description="Joins the live queue. Answers 201 with the new call, or 200 with the caller's "
    "call that is already live (waiting, offered or connected) or that an earlier request with "
    "the same `Idempotency-Key` made (the same key with `anonymous` changed: 422 "
    "`idempotency_conflict`). Poll GET /hotline/calls/{id} every 5–10 s for the place "
    "in the queue; when `status` is `connected`, open `voice_url`; `callback_offered` means "
    "nobody answered in time (HOTLINE_NO_ANSWER_SECONDS): request a callback instead.",
    url_name="hotline_join",
    auth=SEAFARER_AUTH,
)
def join_queue(
    request: HttpRequest,
    payload: CallIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    user = request.auth
    key = clean_idempotency_key(idempotency_key)
    call, created = do_join_queue_once(
        user, anonymous=payload.anonymous, idempotency_key=key, request=request
    )
    return Status(201 if created else 200, _call_payload(call))


@router.get(
    "/hotline/calls/{call_id}",
    response={200: CallOut, **error_responses(401, 403, 404, 422)},
    summary="My call: status, place in the queue, estimated wait",
    description="The estimate is honest: `null` when no counsellor is on duty. Reading it "
    "changes nothing: the queue's timers run on the server every few seconds.",
    url_name="hotline_call_status",
    auth=SEAFARER_AUTH,
)
def call_status(request: HttpRequest, call_id: int) -> dict[str, Any]:
    return _call_payload(get_own_call(request.auth, call_id))


@router.post(
    "/hotline/calls/{call_id}/hang-up",
    response={200: CallOut, **error_responses(401, 403, 404, 422)},
    summary="Hang up (leave the queue, or end a connected call)",
    description="A waiting or offered call is abandoned (the offer is withdrawn), a connected "
    "call ends. Hanging up twice changes nothing.",
    url_name="hotline_hang_up",
    auth=SEAFARER_AUTH,
)
def hang_up(request: HttpRequest, call_id: int) -> dict[str, Any]:
    call = do_hang_up(get_own_call(request.auth, call_id), request.auth, request=request)
    return _call_payload(call)


def _callback_payload(callback: CallbackRequest) -> dict[str, Any]:
    return {
        "id": callback.pk,
        "target": callback.target,
        "number": callback.number,
        "window_start": callback.window_start,
        "window_end": callback.window_end,
        "time_zone": callback.time_zone,
        "status": callback.status,
        "attempts": callback.attempts,
        "next_attempt_at": callback.next_attempt_at,
    }


@router.post(
    "/hotline/callbacks",
    response={200: CallbackOut, 201: CallbackOut, **error_responses(401, 403, 422)},
    summary="Request a callback",
    description="The counsellor rings `number` (the ship's satellite phone or a mobile), or "
    "calls in the app (`in_app`), within the window (send it with a UTC offset; it is shown "
    "back in the seafarer's time zone). At the window's start the callback joins the queue; "
    "failed attempts are retried every HOTLINE_CALLBACK_RETRY_MINUTES, at most "
    "HOTLINE_CALLBACK_MAX_ATTEMPTS times, never after the window. Same `Idempotency-Key` "
    "and payload again: the stored callback (200); the same key with another payload: 422 "
    "`idempotency_conflict`.",
    url_name="hotline_callback_request",
    auth=SEAFARER_AUTH,
)
def request_callback(
    request: HttpRequest,
    payload: CallbackIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    user = request.auth
    key = clean_idempotency_key(idempotency_key)
    try:
        callback, created = do_request_callback_once(
            user,
            target=payload.target,
            number=payload.number,
            window_start=payload.window_start,
            window_end=payload.window_end,
            anonymous=payload.anonymous,
            idempotency_key=key,
            request=request,
        )
    except CallbackInvalid as error:
        raise NinjaValidationError(
            [
                {"type": "invalid_callback", "loc": ["body", "payload", name], "msg": message}
                for name, message in error.errors.items()
            ]
        ) from None
    return Status(201 if created else 200, _callback_payload(callback))


@router.get(
    "/hotline/callbacks",
    response={200: list[CallbackOut], **error_responses(401, 403)},
    summary="My callback requests (newest first)",
    url_name="hotline_callback_list",
    auth=SEAFARER_AUTH,
)
def list_callbacks(request: HttpRequest) -> list[dict[str, Any]]:
    mine = within_window(CallbackRequest.objects.filter(seafarer=request.auth), "window_end")
    rows = mine.order_by("-created_at")[:50]
    return [_callback_payload(c) for c in rows]


@router.post(
    "/hotline/callbacks/{callback_id}/cancel",
    response={200: CallbackOut, **error_responses(401, 403, 404, 422)},
    summary="Cancel a callback request",
    description="A scheduled or queued callback is cancelled (its queued call leaves the "
    "queue). Cancelling again, or a callback already done or failed, changes nothing.",
    url_name="hotline_callback_cancel",
    auth=SEAFARER_AUTH,
)
def cancel_callback(request: HttpRequest, callback_id: int) -> dict[str, Any]:
    callback = get_own_callback(request.auth, callback_id)
    return _callback_payload(do_cancel_callback(callback, request.auth, request=request))
