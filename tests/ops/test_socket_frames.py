"""A frame that is not JSON text gets an error frame, not a crashed handler: the notification
stream and the alert board stay open and keep delivering; a call room answers the error and
closes with 4400 as its protocol says (tests/consultations_room/test_signalling.py)."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.conf import settings
from django.test import Client

from seafarers_home.alerts.services import CLINICIANS_GROUP
from seafarers_home.notifications.consumers import user_group
from tests.personas import World, login

ORIGIN = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
BAD_FRAMES = [
    {"type": "websocket.receive", "text": "not json"},
    {"type": "websocket.receive", "text": "[" * 100_000},  # nesting past the parser's depth
    {"type": "websocket.receive", "bytes": b"\x00\x01binary"},
]


def headers_of(user) -> list[tuple[bytes, bytes]]:
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [*ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]


def socket(path: str, headers: list[tuple[bytes, bytes]]) -> ApplicationCommunicator:
    from seafarers_home.asgi import application

    scope = {
        "type": "websocket",
        "path": path,
        "query_string": b"",
        "headers": headers,
        "subprotocols": [],
    }
    return ApplicationCommunicator(application, scope)


async def frames_then_event(path, headers, group, event, frame) -> tuple[dict, dict]:
    app = socket(path, headers)
    await app.send_input({"type": "websocket.connect"})
    assert (await app.receive_output(5))["type"] == "websocket.accept"
    await app.send_input(frame)
    error = await app.receive_output(5)
    # Still open and serving: an event sent to its group arrives.
    await get_channel_layer().group_send(group, event)
    delivered = await app.receive_output(5)
    await app.send_input({"type": "websocket.disconnect", "code": 1000})
    await app.wait(5)
    return error, delivered


@pytest.mark.parametrize("frame", BAD_FRAMES, ids=["text", "deep", "binary"])
def test_the_notification_stream_answers_an_error_frame_and_stays_open(
    world: World, transactional_db, frame
):
    event = {"type": "notify", "payload": {"kind": "test", "text": "still here"}}
    error, delivered = async_to_sync(frames_then_event)(
        "/ws/notifications/",
        headers_of(world.seafarer),
        user_group(world.seafarer.pk),
        event,
        frame,
    )
    assert error["type"] == "websocket.send"
    assert json.loads(error["text"]) == {"type": "error", "error": "invalid_json"}
    assert json.loads(delivered["text"]) == {"kind": "test", "text": "still here"}


@pytest.mark.parametrize("frame", BAD_FRAMES, ids=["text", "deep", "binary"])
def test_the_alert_board_answers_an_error_frame_and_stays_open(
    world: World, transactional_db, frame
):
    event = {"type": "alert.event", "event": "raised", "alert": {"id": 1}}
    error, delivered = async_to_sync(frames_then_event)(
        "/ws/alerts/", headers_of(world.clinician), CLINICIANS_GROUP, event, frame
    )
    assert json.loads(error["text"]) == {"type": "error", "error": "invalid_json"}
    assert json.loads(delivered["text"])["alert"] == {"id": 1}
