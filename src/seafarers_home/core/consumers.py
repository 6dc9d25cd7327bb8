"""A per-user notification stream: later apps send events to the group ``user.<id>``."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from seafarers_home.accounts.middleware import OTP_SESSION_KEY


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


@database_sync_to_async
def _missing_two_factor(user: Any, session: Any) -> bool:
    """Staff who have not passed TOTP this session get no stream, as they get no pages (the
    HTTP middleware does not run for WebSockets). Roles and the session are read from the
    database, hence the thread."""
    if not user.needs_two_factor:
        return False
    return session is None or not session.get(OTP_SESSION_KEY)


class NotificationsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if await _missing_two_factor(user, self.scope.get("session")):
            await self.close(code=4401)
            return
        self.group_name = user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def notify(self, event: dict[str, Any]) -> None:
        await self.send_json(event.get("payload", {}))
