"""WebRTC signalling for two-person call rooms over a Channels WebSocket.

The consumer admits only a room's two participants in its window (the service's resolver
decides: ``consultations/rooms.py``, ``hotline/rooms.py``) and
relays offer / answer / candidate / chat / bye / state / restart messages to the other one
through a channel-layer group, so the two may sit on different server processes (Redis).
Every frame is validated (``frames.py``: pydantic models, a whitelist of types and fields),
16 KB per frame, a rate limit. Malformed input closes the socket with 4400; nothing a client
sends can raise in here.

Presence: a newcomer announces itself to the group ("peer_joined" for the other side, which
answers "peer_here" to the newcomer); a second connection of the same person replaces the
first (close 4000, e.g. a phone that reconnected before the server noticed the old socket
die); a participant who goes away is reported as "peer_left" so the other side waits for the
rejoin. Who joined and left when is audited; chat and media are never stored.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from channels.db import database_sync_to_async
from django.utils import timezone

from seafarers_home.callroom.actions import do_record_room_join, do_record_room_leave
from seafarers_home.callroom.frames import MAX_FRAME, Malformed, clean_message
from seafarers_home.callroom.rooms import Room, RoomRefused
from seafarers_home.core.socket_sessions import SessionBoundConsumer
from seafarers_home.permissions.roles import has_passed_two_factor
from seafarers_home.permissions.sockets import two_factor_passed

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

MALFORMED = 4400
REPLACED = 4000
RATE_LIMITED = 4429
ROOM_CLOSED = 4409
RATE_WINDOW_SECONDS = 10.0
RATE_LIMIT = 400  # ICE candidates come in bursts; 40 frames a second is far beyond a call.


@database_sync_to_async
def _resolve(resolver: Any, user: User, passed: bool, **kwargs: Any) -> Room:
    return resolver(user, two_factor_passed=passed, **kwargs)


class RoomConsumer(SessionBoundConsumer):
    """A two-person signalling room. Subclasses say how a room is found (``resolve``).

    The sign-in is re-checked for every frame relayed either way (``SessionBoundConsumer``);
    the room itself (roles, consent, the call still on) again when the account changed."""

    room: Room | None = None
    replaced = False

    def resolve(self, user: User, *, two_factor_passed: bool) -> Room:
        raise NotImplementedError

    def permits(self, user: User, session: Any) -> bool:
        return has_passed_two_factor(user, session)

    def account_permits(self, user: User, session: Any) -> bool:
        passed = has_passed_two_factor(user, session)
        try:
            room = self.resolve(user, two_factor_passed=passed)
        except RoomRefused:
            return False
        return self.room is not None and room.group == self.room.group

    async def connect(self) -> None:
        user = self.scope.get("user")
        try:
            # The TOTP step as the WebSocket middleware read it (permissions.sockets).
            self.room = await _resolve(self.resolve, user, two_factor_passed(self.scope))
        except RoomRefused as refusal:
            # Accept first: a close before the handshake reaches a browser as a bare 1006
            # (the server answers HTTP 403), and the page could not tell why.
            await self.accept()
            await self.close(code=refusal.code)
            return
        self.user_id = user.pk
        self.joined_at = time.monotonic()
        self.window_start, self.window_count = self.joined_at, 0
        await self.channel_layer.group_add(self.room.group, self.channel_name)
        await self.bind_session()
        await self.accept()
        await self.send_json(
            {
                "type": "welcome",
                "offerer": self.room.offerer_id == user.pk,
                "peer": self.room.peer_name(user.pk),
                "closes_at": self.room.closes_at.isoformat(),
            }
        )
        await self._group("room.joined")
        await database_sync_to_async(do_record_room_join)(
            user, self.room, detail={"offerer": self.room.offerer_id == user.pk}
        )

    async def disconnect(self, code: int) -> None:
        await self.unbind_session()
        if self.room is None:
            return
        await self.channel_layer.group_discard(self.room.group, self.channel_name)
        if not self.replaced:
            await self._group("room.left")
        seconds = int(time.monotonic() - self.joined_at)
        detail = {"seconds": seconds, "code": code, "replaced": self.replaced}
        await database_sync_to_async(do_record_room_leave)(
            self.scope["user"], self.room, detail=detail
        )
        self.room = None

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if self.room is None or self.revoked:
            return
        if not self._within_rate():
            await self.close(code=RATE_LIMITED)
            return
        if timezone.now() > self.room.closes_at:
            await self.send_json({"type": "closing"})
            await self.close(code=ROOM_CLOSED)
            return
        try:
            if text_data is None or len(text_data) > MAX_FRAME:
                raise Malformed
            message = clean_message(json.loads(text_data))
        except (Malformed, ValueError, RecursionError):
            await self.send_json({"type": "error", "error": "malformed"})  # then the close
            await self.close(code=MALFORMED)
            return
        if message["type"] == "ping":
            await self.send_json({"type": "pong"})
            return
        if not await self.still_signed_in():
            await self.revoke()
            return
        await self._group("room.relay", message=message)

    def _within_rate(self) -> bool:
        now = time.monotonic()
        if now - self.window_start > RATE_WINDOW_SECONDS:
            self.window_start, self.window_count = now, 0
        self.window_count += 1
        return self.window_count <= RATE_LIMIT

    async def _group(self, kind: str, **extra: Any) -> None:
        assert self.room is not None, "sent to the room's group only while in the room"
        event = {"type": kind, "sender": self.channel_name, "user": self.user_id, **extra}
        await self.channel_layer.group_send(self.room.group, event)

    def _from_self(self, event: dict[str, Any]) -> bool:
        return event["sender"] == self.channel_name

    # Group events -----------------------------------------------------------------------

    async def room_joined(self, event: dict[str, Any]) -> None:
        if self._from_self(event) or self.room is None:
            return
        if event["user"] == self.user_id:
            # The same person connected again: the newer connection takes the room.
            self.replaced = True
            await self.send_json({"type": "replaced"})
            await self.close(code=REPLACED)
            return
        if not await self.forward_json({"type": "peer_joined"}):
            return
        await self.channel_layer.send(
            event["sender"], {"type": "room.here", "sender": self.channel_name}
        )

    async def room_here(self, event: dict[str, Any]) -> None:
        if self.room is not None:
            await self.forward_json({"type": "peer_here"})

    async def room_left(self, event: dict[str, Any]) -> None:
        if not self._from_self(event) and event["user"] != self.user_id:
            await self.forward_json({"type": "peer_left"})

    async def room_relay(self, event: dict[str, Any]) -> None:
        if not self._from_self(event) and event["user"] != self.user_id:
            await self.forward_json(event["message"])
