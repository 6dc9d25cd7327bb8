"""The hotline's in-app voice: a kind of call room (callroom/rooms.py).

Audio only; the participants are the call's seafarer and the counsellor who accepted it; the
room is open while the call is CONNECTED. The counsellor makes the WebRTC offers. An anonymous
caller is "匿名来电者" to the counsellor, in the room as on every other page.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import Role
from seafarers_home.callroom.rooms import (
    NO_CONSENT,
    NOT_SIGNED_IN,
    NOT_THEIRS,
    WRONG_TIME,
    Room,
    RoomRefused,
)
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.hotline.access import caller_label
from seafarers_home.hotline.models import CallbackRequest, HotlineCall
from seafarers_home.permissions.roles import has_passed_two_factor

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

logger = logging.getLogger("seafarers_home.hotline")

KIND = "hotline_voice"
MAX_CALL_HOURS = 6


def has_voice(call: HotlineCall) -> bool:
    """In-app calls, and callbacks the seafarer asked to take in the app."""
    if call.channel == HotlineCall.Channel.IN_APP:
        return True
    return (
        call.channel == HotlineCall.Channel.CALLBACK
        and call.callback is not None
        and call.callback.target == CallbackRequest.Target.IN_APP
    )


def room_group(call_id: int) -> str:
    return f"room.{KIND}.{call_id}"


def hotline_room(
    user: User, call_id: int, *, two_factor_passed: bool, now: datetime | None = None
) -> Room:
    """The voice room of ``call_id`` for ``user``, or ``RoomRefused`` (same codes as a
    consultation room: 4401, 4403, 4404, 4409 once the call is not connected)."""
    if user is None or not user.is_authenticated:
        raise RoomRefused(NOT_SIGNED_IN, _("请先登录。"))
    if user.needs_two_factor and not two_factor_passed:
        raise RoomRefused(NOT_SIGNED_IN, _("请先完成双重验证。"))
    call = (
        HotlineCall.objects.select_related("seafarer", "counsellor", "callback")
        .filter(pk=call_id, counsellor__isnull=False, seafarer__isnull=False)
        .first()
    )
    if call is None or not has_voice(call):
        raise RoomRefused(NOT_THEIRS)
    is_seafarer = user.pk == call.seafarer_id
    is_counsellor = user.pk == call.counsellor_id and user.has_role(Role.COUNSELLOR)
    if not (is_seafarer or is_counsellor):
        raise RoomRefused(NOT_THEIRS)
    if is_seafarer and not has_health_data_consent(user):
        raise RoomRefused(NO_CONSENT, _("使用心理热线前需要您同意健康信息处理。"))
    opens_at = call.answered_at or call.queued_at
    room = Room(
        kind=KIND,
        key=str(call.pk),
        participant_ids=frozenset({call.seafarer_id, call.counsellor_id}),
        offerer_id=call.counsellor_id,
        opens_at=opens_at,
        closes_at=call.ended_at or opens_at + timedelta(hours=MAX_CALL_HOURS),
        target=call,
        names={call.seafarer_id: caller_label(call), call.counsellor_id: str(call.counsellor)},
    )
    if call.status != HotlineCall.Status.CONNECTED:
        raise RoomRefused(WRONG_TIME, _("这通电话已经结束。"), room=room)
    return room


def get_hotline_room_for_user(request: HttpRequest, pk: int) -> Room:
    passed = has_passed_two_factor(request.user, request.session)
    return hotline_room(request.user, pk, two_factor_passed=passed)


def close_voice_room(call_id: int) -> None:
    """Tell whoever is still in the room that the call has ended (the page says so)."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(room_group(call_id), {"type": "room.closing"})
    except Exception:  # the room also closes at its next message; the call has ended anyway
        logger.exception("closing the voice room of call %s failed", call_id)


def close_voice_room_on_commit(call_id: int) -> None:
    transaction.on_commit(lambda: close_voice_room(call_id), robust=True)
