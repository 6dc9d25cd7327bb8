"""The hotline's caller pages, counsellor console, records, voice room and API (issue 6).

The matrix's seafarer has not given the health-data consent, so every caller page and API
operation answers 403 to them (and 403/404 to everyone else): ``Rule()`` with nobody allowed.
The counsellor pages are the world's counsellor's; the objects are theirs (offered to them,
taken by them, their records)."""

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
from tests.permission_rules.base import Rule
from tests.personas import World

COUNSELLOR = frozenset({"counsellor"})


def _call(world: World, **fields: Any) -> HotlineCall:
    now = timezone.now()
    return HotlineCall.objects.create(
        seafarer=world.seafarer, channel="in_app", queued_at=now, **fields
    )


def _waiting(world: World) -> dict[str, Any]:
    return {"pk": _call(world).pk}


def _offered(world: World) -> dict[str, Any]:
    CounsellorState.objects.create(user=world.counsellor, state="available")
    expires = timezone.now() + timedelta(minutes=5)
    call = _call(world, status="offered", offered_to=world.counsellor, offer_expires_at=expires)
    return {"pk": call.pk}


def _connected(world: World) -> dict[str, Any]:
    call = _call(world, status="connected", counsellor=world.counsellor, answered_at=timezone.now())
    return {"pk": call.pk}


def _callback(world: World) -> CallbackRequest:
    now = timezone.now()
    return CallbackRequest.objects.create(
        seafarer=world.seafarer,
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


RULES = {
    # the caller (health consent needed: nobody in the matrix has it)
    "hotline:call": Rule(),
    "hotline:join": Rule(method="post"),
    "hotline:hang_up": Rule(method="post", kwargs=_waiting),
    "hotline:callback_new": Rule(method="post"),
    "hotline:callback_cancel": Rule(method="post", kwargs=lambda w: {"pk": _callback(w).pk}),
    # the voice room: the call's seafarer (no consent here → 403) and its counsellor
    "hotline:voice": Rule(allowed=COUNSELLOR, kwargs=_connected),
    "hotline:voice_ice": Rule(allowed=COUNSELLOR, kwargs=_connected),
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
    # the API (seafarers with the health consent only)
    "api:hotline_join": Rule(method="post"),
    "api:hotline_call_status": Rule(kwargs=lambda w: {"call_id": _waiting(w)["pk"]}),
    "api:hotline_hang_up": Rule(method="post", kwargs=lambda w: {"call_id": _waiting(w)["pk"]}),
    "api:hotline_callback_request": Rule(method="post"),
    "api:hotline_callback_list": Rule(),
    "api:hotline_callback_cancel": Rule(
        method="post", kwargs=lambda w: {"callback_id": _callback(w).pk}
    ),
}
