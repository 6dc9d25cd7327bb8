"""Sockets against the ASGI application in-process, on the in-memory channel layer and, when
REDIS_URL is set (CI), on the configured Redis layer: the sign-in rules must hold on both."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from seafarers_home.accounts.models import User
from tests.personas import login

HEADERS = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


@pytest.fixture(params=["memory", "redis"])
def layer(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    if request.param == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    else:
        if not django_settings.REDIS_URL:
            pytest.skip("REDIS_URL is not set (CI sets it)")
        configured = copy.deepcopy(django_settings.CHANNEL_LAYERS)
        configured["default"]["CONFIG"]["prefix"] = f"wstest-{uuid.uuid4().hex[:8]}"
        settings.CHANNEL_LAYERS = configured
    yield request.param


def signed_in(user: User) -> tuple[Client, list[tuple[bytes, bytes]]]:
    """A browser session of ``user`` (staff past the TOTP step) and the socket's headers."""
    client = login(Client(), user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return client, [
        *HEADERS,
        (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]


class Socket:
    """One WebSocket on the ASGI application; ``next()`` is the next frame as JSON, or
    ``{"closed": code}``."""

    def __init__(self, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        from asgiref.testing import ApplicationCommunicator

        from seafarers_home.asgi import application

        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
        }
        self.app = ApplicationCommunicator(application, scope)

    async def open(self) -> dict[str, Any]:
        await self.app.send_input({"type": "websocket.connect"})
        output = await self.app.receive_output(5)
        assert output["type"] == "websocket.accept", output
        return output

    async def next(self, timeout: float = 5) -> dict[str, Any]:
        output = await self.app.receive_output(timeout)
        if output["type"] == "websocket.close":
            return {"closed": output.get("code", 1000)}
        return json.loads(output["text"])

    async def send(self, message: dict[str, Any]) -> None:
        await self.app.send_input({"type": "websocket.receive", "text": json.dumps(message)})

    async def silent(self, timeout: float = 0.5) -> bool:
        return await self.app.receive_nothing(timeout)

    async def leave(self) -> None:
        await self.app.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.app.wait(5)
