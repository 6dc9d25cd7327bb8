"""远程咨询 API: the call room's ICE configuration (STUN/TURN servers, TURN credentials).

The same rules as the room page: only the booked seafarer and the slot's clinician, only a
remote appointment, only in the room's window. TURN credentials are time-limited (coturn's
TURN REST scheme); a client fetches them again before an ICE restart once they near expiry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from seafarers_home.api.errors import ApiError, error_responses
from seafarers_home.callroom.ice import ice_configuration
from seafarers_home.callroom.rooms import NO_CONSENT, WRONG_TIME, RoomRefused
from seafarers_home.consultations.rooms import consultation_room
from seafarers_home.permissions.roles import has_passed_two_factor

router = Router(tags=["consultations"])


class IceServerOut(Schema):
    urls: list[str]
    username: str | None = None
    credential: str | None = None


class IceConfigurationOut(Schema):
    ice_servers: list[IceServerOut]
    expires_at: datetime | None
    room_opens_at: datetime
    room_closes_at: datetime
    websocket: str


@router.get(
    "/consultations/appointments/{appointment_id}/ice",
    response={200: IceConfigurationOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The call room's ICE configuration (STUN/TURN servers, TURN credentials)",
    description="For the booked seafarer and the slot's clinician, from "
    "CONSULTATION_JOIN_EARLY_MINUTES before the start to CONSULTATION_JOIN_LATE_MINUTES "
    "after the end of a remote appointment. `expires_at` is when the TURN credentials end; "
    "`websocket` is the room's signalling path. 404 for anyone else's appointment, 403 for a "
    "seafarer without health-data consent, 409 outside the room's window.",
    url_name="consultation_room_ice",
)
def room_ice(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    user = request.auth
    # A token was issued after the TOTP code; a session says so itself.
    passed = hasattr(request, "api_token") or has_passed_two_factor(user, request.session)
    try:
        room = consultation_room(user, appointment_id, two_factor_passed=passed)
    except RoomRefused as refusal:
        if refusal.code == NO_CONSENT:
            raise ApiError(403, "consent_required", refusal.message) from refusal
        if refusal.code == WRONG_TIME:
            raise ApiError(409, "room_not_open", _("现在不在咨询室开放时间内。")) from refusal
        raise ApiError(404, "not_found", _("未找到。")) from refusal
    return {
        **ice_configuration(user),
        "room_opens_at": room.opens_at,
        "room_closes_at": room.closes_at,
        "websocket": f"/ws/consultations/{appointment_id}/",
    }
