"""The hotline's caller pages, counsellor console, records, voice room and API (issue 6).

The caller's pages and API operations need the health-data consent: the consented seafarers
call; the calls and callbacks are OWNER's, so the other consented seafarer gets 404 on them
and the seafarer without the consent the consent page (403). The counsellor pages are the
world's counsellor's; the objects are theirs (offered to them, taken by them, their
records)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.hotline.models import (
    CallbackRequest,
    CallRecord,
    CounsellorState,
    HotlineCall,
    HotlineFollowUp,
)
from tests.permission_rules.base import CONSENTED, OTHER_SEAFARER, OWNER, Rule
from tests.personas import World

COUNSELLOR = frozenset({"counsellor"})


def _call(world: World, **fields: Any) -> HotlineCall:
    now = timezone.now()
    return HotlineCall.objects.create(
        seafarer=world.seafarer, channel="in_app", queued_at=now, **fields
    )


def _waiting(world: World) -> dict[str, Any]:
    call = HotlineCall.objects.create(
        seafarer=world.consented_seafarer, channel="in_app", queued_at=timezone.now()
    )
    return {"pk": call.pk}


def _owners_connected(world: World) -> dict[str, Any]:
    call = HotlineCall.objects.create(
        seafarer=world.consented_seafarer,
        channel="in_app",
        queued_at=timezone.now(),
        status="connected",
        counsellor=world.counsellor,
        answered_at=timezone.now(),
    )
    return {"pk": call.pk}


def _offered(world: World) -> dict[str, Any]:
    CounsellorState.objects.create(user=world.counsellor, state="available")
    expires = timezone.now() + timedelta(minutes=5)
    call = _call(world, status="offered", offered_to=world.counsellor, offer_expires_at=expires)
    return {"pk": call.pk}


def _connected(world: World) -> dict[str, Any]:
    call = _call(world, status="connected", counsellor=world.counsellor, answered_at=timezone.now())
    return {"pk": call.pk}


def _callback(world: World, seafarer: Any = None) -> CallbackRequest:
    now = timezone.now()
    return CallbackRequest.objects.create(
        seafarer=seafarer or world.seafarer,
        target="satellite",
        number="+870773123456",
        window_start=now + timedelta(hours=1),
        window_end=now + timedelta(hours=2),
        next_attempt_at=now + timedelta(hours=1),
    )


def _connected_callback(world: World) -> dict[str, Any]:
    call = HotlineCall.objects.create(
        seafarer=world.seafarer,
        channel="callback",
        callback=_callback(world),
        queued_at=timezone.now(),
        status="connected",
        counsellor=world.counsellor,
        answered_at=timezone.now(),
    )
    return {"pk": call.pk}


def _record(world: World) -> CallRecord:
    return CallRecord.objects.create(
        seafarer=world.seafarer,
        counsellor=world.counsellor,
        source="manual",
        channel="phone_line",
        started_at=timezone.now(),
    )


def _follow_up(world: World) -> dict[str, Any]:
    follow_up = HotlineFollowUp.objects.create(
        record=_record(world), assigned_to=world.counsellor, due_at=timezone.now()
    )
    return {"pk": follow_up.pk}


def _owners_callback(world: World) -> dict[str, Any]:
    return {"pk": _callback(world, world.consented_seafarer).pk}


# The caller's pages: 404 for everyone without the seafarer role, the consent page (403)
# for a seafarer without the consent; the API answers both with 403 and a code.
CALLER: dict[str, Any] = {"health": True}
CALLER_API: dict[str, Any] = {"health": True, "refused": 403}
# The owner's call or callback: the other consented seafarer gets 404.
MINE: dict[str, Any] = {"allowed": frozenset({OWNER}), "not_theirs": frozenset({OTHER_SEAFARER})}
OWNERS: dict[str, Any] = {**MINE, **CALLER}
OWNERS_API: dict[str, Any] = {**MINE, **CALLER_API}

RULES = {
    # the caller (health consent needed)
    "hotline:call": Rule(allowed=CONSENTED, **CALLER),
    "hotline:join": Rule(allowed=CONSENTED, method="post", **CALLER),
    "hotline:hang_up": Rule(method="post", kwargs=_waiting, **OWNERS),
    "hotline:callback_new": Rule(allowed=CONSENTED, method="post", allowed_answer=400, **CALLER),
    "hotline:callback_cancel": Rule(method="post", kwargs=_owners_callback, **OWNERS),
    # the voice room: the call's seafarer and its counsellor; nobody else learns of it
    "hotline:voice": Rule(allowed=COUNSELLOR | {OWNER}, kwargs=_owners_connected),
    "hotline:voice_ice": Rule(allowed=COUNSELLOR | {OWNER}, kwargs=_owners_connected),
    # the counsellor
    "hotline:console": Rule(allowed=COUNSELLOR),
    "hotline:state": Rule(allowed=COUNSELLOR, method="post"),
    "hotline:heartbeat": Rule(allowed=COUNSELLOR, method="post"),
    "hotline:accept": Rule(allowed=COUNSELLOR, method="post", kwargs=_offered),
    "hotline:decline": Rule(allowed=COUNSELLOR, method="post", kwargs=_offered),
    "hotline:end": Rule(allowed=COUNSELLOR, method="post", kwargs=_connected),
    "hotline:callback_attempt": Rule(allowed=COUNSELLOR, method="post", kwargs=_connected_callback),
    "hotline:follow_up_done": Rule(allowed=COUNSELLOR, method="post", kwargs=_follow_up),
    "hotline:records": Rule(allowed=COUNSELLOR),
    "hotline:log_call": Rule(allowed=COUNSELLOR),
    "hotline:record": Rule(allowed=COUNSELLOR, kwargs=lambda w: {"pk": _record(w).pk}),
    "hotline:crisis": Rule(allowed=COUNSELLOR, kwargs=lambda w: {"pk": _record(w).pk}),
    # the API (seafarers with the health consent only; a missing role or consent is a 403)
    "api:hotline_join": Rule(allowed=CONSENTED, method="post", **CALLER_API),
    "api:hotline_call_status": Rule(kwargs=lambda w: {"call_id": _waiting(w)["pk"]}, **OWNERS_API),
    "api:hotline_hang_up": Rule(
        method="post", kwargs=lambda w: {"call_id": _waiting(w)["pk"]}, **OWNERS_API
    ),
    "api:hotline_callback_request": Rule(
        allowed=CONSENTED, method="post", allowed_answer=422, **CALLER_API
    ),
    "api:hotline_callback_list": Rule(allowed=CONSENTED, **CALLER_API),
    "api:hotline_callback_cancel": Rule(
        method="post", kwargs=lambda w: {"callback_id": _owners_callback(w)["pk"]}, **OWNERS_API
    ),
}
