from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consultations.models import Appointment, Mode, Slot
from tests.personas import World

HEADERS = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


def make_appointment(
    world: World,
    *,
    starts_in: timedelta = timedelta(0),
    minutes: int = 30,
    mode: str = Mode.REMOTE,
    seafarer: User | None = None,
    clinician: User | None = None,
    status: str = Appointment.Status.BOOKED,
) -> Appointment:
    starts_at = timezone.now() + starts_in
    slot = Slot.objects.create(
        department=world.clinic,
        clinician=clinician or world.clinician,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        mode=mode,
    )
    return Appointment.objects.create(slot=slot, seafarer=seafarer or world.seafarer, status=status)


@pytest.fixture
def appointment_factory(world: World) -> Callable[..., Appointment]:
    return lambda **kwargs: make_appointment(world, **kwargs)


def session_headers(user: User, *, two_factor: bool = True) -> list[tuple[bytes, bytes]]:
    from tests.personas import login

    client = login(Client(), user, two_factor=two_factor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [*HEADERS, (b"cookie", cookie.encode())]


class Communicator:
    """tests/ops/conftest.py's WebsocketCommunicator plus raw frames and the close code."""

    def __init__(self, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        from seafarers_home.asgi import application
        from tests.ops.conftest import WebsocketCommunicator

        self.inner = WebsocketCommunicator(application, path, headers=headers)
        self.app = self.inner._app

    async def connect(self) -> tuple[bool, int | None]:
        """(True, None) once in the room; (False, code) when the room accepts the socket
        only to close it with a reason code (as browsers see it)."""
        self.buffer: list[dict] = []
        accepted, code = await self.inner.connect()
        if not accepted:
            return accepted, code
        first = await self.receive()
        if "closed" in first:
            return False, first["closed"]
        self.buffer.append(first)
        return True, None

    async def send_json(self, message: object) -> None:
        import json

        await self.send_text(json.dumps(message))

    async def send_text(self, text: str) -> None:
        await self.app.send_input({"type": "websocket.receive", "text": text})

    async def send_bytes(self, data: bytes) -> None:
        await self.app.send_input({"type": "websocket.receive", "bytes": data})

    async def receive(self, timeout: float = 5) -> dict:
        """The next message as JSON, or {"closed": code}."""
        import json

        if getattr(self, "buffer", None):
            return self.buffer.pop(0)
        output = await self.app.receive_output(timeout)
        if output["type"] == "websocket.close":
            return {"closed": output.get("code", 1000)}
        return json.loads(output["text"])

    async def receive_until(self, kind: str, timeout: float = 5) -> dict:
        while True:
            message = await self.receive(timeout)
            if message.get("type") == kind or "closed" in message:
                return message

    async def nothing(self, timeout: float = 0.3) -> bool:
        return not getattr(self, "buffer", None) and await self.app.receive_nothing(timeout)

    async def disconnect(self) -> None:
        await self.inner.disconnect()
