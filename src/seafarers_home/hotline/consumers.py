"""ws/hotline/<call_id>/: the in-app voice of a hotline call, on the consultations' room
consumer. On top of the relay it keeps the counsellor's heartbeat while they talk, ends the
call when either side hangs up ("bye"), closes the room when the call ends elsewhere, and when
the counsellor's side vanishes (browser closed, link lost) schedules the stale check: if they
have not come back within HOTLINE_HEARTBEAT_SECONDS the call is marked dropped and the caller
is offered a callback."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from seafarers_home.callroom.consumers import Malformed, RoomConsumer, clean_message
from seafarers_home.callroom.rooms import Room
from seafarers_home.hotline.actions.queue import (
    do_end_call,
    do_hang_up,
    do_touch_counsellor_presence,
)
from seafarers_home.hotline.models import HotlineCall
from seafarers_home.hotline.rooms import hotline_room
from seafarers_home.hotline.tasks import drop_stale_check

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

logger = logging.getLogger("seafarers_home.hotline")
TOUCH_EVERY_SECONDS = 15.0
CLOSED = 4409


def _hang_up(call_id: int, user: User) -> None:
    call = HotlineCall.objects.filter(pk=call_id).first()
    if call is None:
        return
    if call.seafarer_id == user.pk:
        do_hang_up(call, user)
    elif call.counsellor_id == user.pk:
        do_end_call(call, user)


def _schedule_stale_check(call_id: int) -> None:
    run_after = timezone.now() + timedelta(seconds=settings.HOTLINE_HEARTBEAT_SECONDS + 1)
    drop_stale_check.using(run_after=run_after).enqueue(call_id)


class HotlineRoomConsumer(RoomConsumer):
    touched_at = 0.0

    def resolve(self, user: User, *, two_factor_passed: bool) -> Room:
        call_id = int(self.scope["url_route"]["kwargs"]["call_id"])
        return hotline_room(user, call_id, two_factor_passed=two_factor_passed)

    @property
    def is_counsellor(self) -> bool:
        return self.room is not None and self.room.offerer_id == self.user_id

    async def connect(self) -> None:
        await super().connect()
        if self.is_counsellor:
            await self._heartbeat(force=True)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        room = self.room
        await super().receive(text_data=text_data, bytes_data=bytes_data)
        if room is None or self.room is None or self.revoked:
            return
        if self.is_counsellor:
            await self._heartbeat()
        try:
            kind = clean_message(json.loads(text_data or ""))["type"]
        except (Malformed, ValueError, RecursionError):
            return
        if kind == "bye":
            await database_sync_to_async(_hang_up)(int(room.key), self.scope["user"])

    async def disconnect(self, code: int) -> None:
        room, counsellor, replaced = self.room, self.is_counsellor, self.replaced
        await super().disconnect(code)
        if room is not None and counsellor and not replaced:
            await database_sync_to_async(_schedule_stale_check)(int(room.key))

    async def _heartbeat(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.touched_at > TOUCH_EVERY_SECONDS:
            self.touched_at = now
            await database_sync_to_async(do_touch_counsellor_presence)(self.user_id)

    async def room_closing(self, event: dict[str, Any]) -> None:
        """The call ended (hung up, ended on the console, dropped): the page says so."""
        if self.room is None or self.revoked:
            return
        await self.send_json({"type": "closing"})
        await self.close(code=CLOSED)
