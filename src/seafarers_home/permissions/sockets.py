"""The two-factor state of a WebSocket connection, read in one place.

The HTTP middleware (``accounts.middleware.StaffTwoFactorMiddleware``) does not run for
WebSockets. ``TwoFactorMiddleware`` sits inside Channels' ``AuthMiddlewareStack`` and reads,
once per connection, whether the signed-in person may act in this session (staff: the TOTP
step passed); consumers ask ``two_factor_passed(scope)`` instead of reading the session's
flag themselves. A scope the middleware never saw counts as not passed (fail closed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware

from seafarers_home.permissions.roles import has_passed_two_factor

SCOPE_KEY = "two_factor_passed"

Scope = MutableMapping[str, Any]


class TwoFactorMiddleware(BaseMiddleware):
    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[..., Any]
    ) -> Any:
        scope = dict(scope)
        # Roles and the session are read from the database: in a thread.
        scope[SCOPE_KEY] = await database_sync_to_async(has_passed_two_factor)(
            scope.get("user"), scope.get("session")
        )
        return await self.inner(scope, receive, send)


def two_factor_passed(scope: Scope) -> bool:
    return bool(scope.get(SCOPE_KEY, False))
