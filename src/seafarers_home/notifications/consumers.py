"""A per-user notification stream: later apps send events to the group ``user.<id>``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seafarers_home.core.socket_sessions import SessionBoundConsumer
from seafarers_home.permissions.roles import has_passed_two_factor
from seafarers_home.permissions.sockets import two_factor_passed

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


class NotificationsConsumer(SessionBoundConsumer):
    def permits(self, user: User, session: Any) -> bool:
        # Staff who have not passed TOTP this session get no stream, as they get no pages.
        return has_passed_two_factor(user, session)

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if not two_factor_passed(self.scope):
            await self.close(code=4401)
            return
        self.group_name = user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.bind_session()
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
        await self.unbind_session()

    async def notify(self, event: dict[str, Any]) -> None:
        await self.forward_json(event.get("payload", {}))
