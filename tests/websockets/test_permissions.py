"""The WebSocket half of the permission matrix (issue 17 item 2): every route of the ASGI
application, per persona, connect accepted or refused with the route's close code.

A route that exists and is not in WS_RULES fails ``test_it_covers_every_websocket_route``.
Refusals come two ways: the notification and alert streams close before the handshake; the
call rooms accept first and close at once with their code (so that a browser can tell why).
Each test runs on the in-memory channel layer and on Redis (``layer``; REDIS_URL set)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.conf import settings
from django.test import Client
from django.utils import timezone

from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.hotline.models import HotlineCall
from tests.permission_rules.base import EVERYONE, OWNER
from tests.personas import PERSONA_NAMES, World, login
from tests.websockets.conftest import HEADERS, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

SIGNED_OUT = 4401
NOT_THEIRS = 4404
NOT_A_CLINICIAN = 4403


def _appointment_now(world: World) -> dict[str, Any]:
    now = timezone.now()
    slot = Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=now,
        ends_at=now + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )
    appointment = Appointment.objects.create(slot=slot, seafarer=world.consented_seafarer)
    return {"appointment_id": appointment.pk}


def _connected_call(world: World) -> dict[str, Any]:
    now = timezone.now()
    call = HotlineCall.objects.create(
        seafarer=world.consented_seafarer,
        channel=HotlineCall.Channel.IN_APP,
        queued_at=now,
        status=HotlineCall.Status.CONNECTED,
        counsellor=world.counsellor,
        answered_at=now,
    )
    return {"call_id": call.pk}


@dataclass(frozen=True)
class WsRule:
    """Who gets in: ``allowed`` personas are accepted (and stay); every other persona is
    refused with ``refused``, an anonymous visitor and staff without the TOTP step with
    ``signed_out``."""

    allowed: frozenset[str]
    refused: int
    signed_out: int = SIGNED_OUT
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda world: {})


WS_RULES: dict[str, WsRule] = {
    # everyone's own inbox stream
    "ws/notifications/": WsRule(allowed=EVERYONE, refused=SIGNED_OUT),
    # the alert board's stream: clinicians only; it answers everyone else with its one code
    "ws/alerts/": WsRule(
        allowed=frozenset({"clinician"}), refused=NOT_A_CLINICIAN, signed_out=NOT_A_CLINICIAN
    ),
    # call rooms: their two participants; nobody else learns that the room exists
    "ws/consultations/<int:appointment_id>/": WsRule(
        allowed=frozenset({"clinician", OWNER}), refused=NOT_THEIRS, kwargs=_appointment_now
    ),
    "ws/hotline/<int:call_id>/": WsRule(
        allowed=frozenset({"counsellor", OWNER}), refused=NOT_THEIRS, kwargs=_connected_call
    ),
}


def iter_websocket_routes(routes: list[Any] | None = None, prefix: str = "") -> Iterator[str]:
    """Every route of the WebSocket router, nested routers (an app's own routing) included."""
    if routes is None:
        from seafarers_home.routing import websocket_urlpatterns

        routes = websocket_urlpatterns
    for route in routes:
        pattern = prefix + str(route.pattern)
        callback = getattr(route, "callback", None)
        if isinstance(callback, URLRouter):
            yield from iter_websocket_routes(callback.routes, pattern)
        else:
            yield pattern


CONVERTER = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")


def _path(route: str, kwargs: dict[str, Any]) -> str:
    return "/" + CONVERTER.sub(lambda m: str(kwargs[m.group("name")]), route)


async def _connect(path: str, headers: list[tuple[bytes, bytes]]) -> int | None:
    """None when the socket was accepted and stayed open, else its close code. Either way the
    client leaves, so that the consumer ends while the loop runs (tests/ops/conftest.py)."""
    from seafarers_home.asgi import application

    scope = {
        "type": "websocket",
        "path": path,
        "query_string": b"",
        "headers": headers,
        "subprotocols": [],
    }
    app = ApplicationCommunicator(application, scope)
    await app.send_input({"type": "websocket.connect"})
    first = await app.receive_output(5)
    code: int | None = first.get("code", 1000) if first["type"] == "websocket.close" else None
    if code is None:
        assert first["type"] == "websocket.accept", first
        # A room that accepts only to say why it refuses closes right away; an admitted room
        # says welcome; a stream says nothing until an event.
        if not await app.receive_nothing(0.5):
            frame = await app.receive_output(1)
            if frame["type"] == "websocket.close":
                code = frame.get("code", 1000)
    await app.send_input({"type": "websocket.disconnect", "code": 1000})
    await app.wait(5)
    return code


def _half_signed_in(world: World, name: str) -> list[tuple[bytes, bytes]]:
    """The socket headers of a session that passed the password step only."""
    client = login(Client(), world.persona(name), two_factor=False)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [*HEADERS, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]


def test_it_covers_every_websocket_route() -> None:
    routes = set(iter_websocket_routes())
    missing = sorted(routes - set(WS_RULES))
    assert not missing, f"WebSocket routes without a rule in WS_RULES: {missing}"
    stale = sorted(set(WS_RULES) - routes)
    assert not stale, f"WS_RULES names WebSocket routes that no longer exist: {stale}"


@pytest.mark.parametrize("route", sorted(WS_RULES))
def test_it_admits_each_persona_as_the_rule_says(world: World, layer: str, route: str) -> None:
    rule = WS_RULES[route]
    path = _path(route, rule.kwargs(world))
    sessions = {name: signed_in(world.persona(name))[1] for name in PERSONA_NAMES}

    async def scenario() -> dict[str, int | None]:
        answers = {"anonymous": await _connect(path, list(HEADERS))}
        for name in PERSONA_NAMES:
            answers[name] = await _connect(path, sessions[name])
        return answers

    answers = async_to_sync(scenario)()
    expected = {"anonymous": rule.signed_out} | {
        name: None if name in rule.allowed else rule.refused for name in PERSONA_NAMES
    }
    assert answers == expected


@pytest.mark.parametrize("route", sorted(WS_RULES))
def test_it_refuses_staff_before_the_totp_step(world: World, layer: str, route: str) -> None:
    """Staff who passed only the password step get no socket, as they get no page."""
    rule = WS_RULES[route]
    path = _path(route, rule.kwargs(world))
    staff = [name for name in ("clinician", "counsellor") if name in rule.allowed] or ["clinician"]
    headers = {name: _half_signed_in(world, name) for name in staff}

    async def scenario() -> dict[str, int | None]:
        return {name: await _connect(path, headers[name]) for name in staff}

    assert async_to_sync(scenario)() == dict.fromkeys(staff, rule.signed_out)
