"""WebSockets say "busy" too (issue 20 items 1 and 8): a socket whose connect finds no pooled
database connection within DB_POOL_TIMEOUT, or no Redis connection for the channel layer, is
answered like an HTTP request past the bound, not with uvicorn's 500.

Opening a socket reads the session, the user and the two-factor state from the database
(Channels' session and auth middleware, the consumers' ``connect``). The load test
(``bench/load_test.py``) opened a few hundred idle notification sockets beside the page
traffic: when the pool ran dry, each of those reads raised the pool's time-out inside the
consumer and uvicorn rejected the handshake with "500 Internal Server Error". Here, before the
socket is accepted, the handshake gets a 503 with Retry-After (the ASGI WebSocket denial
response, which uvicorn supports; a close with 1013 where the server does not); after it, the
socket is closed with 1013 "try again later". The channel layer's Redis pool is bounded and
waits briefly (core/channel_layer.py); a socket it still cannot serve is "busy" the same way.
The browser's reconnect logic backs off and tries again; nothing else is needed from a
database (or a Redis) that has no connection to give.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from seafarers_home.core.overload import is_pool_timeout

logger = logging.getLogger("seafarers_home.overload")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TRY_AGAIN_LATER = 1013
BUSY_TEXT = "服务器繁忙,请稍后再试。"


class SocketBusyGuard:
    """ASGI middleware for the WebSocket stack: a pool time-out becomes "busy"."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = {"accepted": False, "finished": False}

        async def tracked(message: Message) -> None:
            kind = message["type"]
            if kind == "websocket.accept":
                state["accepted"] = True
            elif kind in ("websocket.close", "websocket.http.response.start"):
                state["finished"] = True
            await send(message)

        try:
            await self.inner(scope, receive, tracked)
        except Exception as exc:
            if not (is_pool_timeout(exc) or is_channel_layer_unavailable(exc)):
                raise
            logger.warning("socket %s answered busy: %r", scope.get("path"), exc)
            if state["finished"]:
                return
            if state["accepted"]:
                await send({"type": "websocket.close", "code": TRY_AGAIN_LATER})
            elif "websocket.http.response" in scope.get("extensions", {}):
                await _deny_busy(send)
            else:
                await send({"type": "websocket.close", "code": TRY_AGAIN_LATER})


REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def is_channel_layer_unavailable(exc: BaseException) -> bool:
    """Redis could not give the channel layer a connection: its client pool is exhausted
    (``MaxConnectionsError`` from a plain pool, which the load test met with a few hundred
    sockets opening at once; "No connection available." from the bounded pool of
    core/channel_layer.py after its wait), Redis cannot be reached or does not answer in time.
    All pass; the client's reconnect backs off."""
    return isinstance(exc, REDIS_UNAVAILABLE) or isinstance(exc.__cause__, REDIS_UNAVAILABLE)


async def _deny_busy(send: Send) -> None:
    await send(
        {
            "type": "websocket.http.response.start",
            "status": 503,
            "headers": [
                (b"retry-after", str(settings.BUSY_RETRY_AFTER_SECONDS).encode("ascii")),
                (b"content-type", b"text/plain; charset=utf-8"),
            ],
        }
    )
    await send({"type": "websocket.http.response.body", "body": BUSY_TEXT.encode("utf-8")})
