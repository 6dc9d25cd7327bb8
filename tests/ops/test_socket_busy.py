"""WebSockets past the pool: a socket opened while the server's pooled connections are all in
use is told "busy" (503 + Retry-After on the handshake), never 500 (core/socket_busy.py; the
load test found uvicorn's 500s with a few hundred idle sockets beside the page traffic), and
so is a socket whose channel layer finds no Redis connection (core/channel_layer.py)."""

from __future__ import annotations

import asyncio
import copy
import uuid

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.conf import settings as django_settings
from redis.exceptions import MaxConnectionsError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from seafarers_home.accounts.models import User
from seafarers_home.asgi import application
from seafarers_home.core.socket_busy import SocketBusyGuard
from tests.ops.conftest import WebsocketCommunicator
from tests.ops.test_consumers import session_headers
from tests.ops.test_overload import (  # noqa: F401 - live_database is a fixture
    SessionLock,
    in_background,
    live_database,
    serve,
    signed_cookie,
)
from tests.ops.test_serve import stop


def test_a_socket_that_finds_no_pooled_connection_is_told_busy_not_500(tmp_path, live_database):  # noqa: F811
    process, port, log = serve(
        tmp_path,
        live_database,
        DB_POOL_MIN_SIZE="1",
        DB_POOL_MAX_SIZE="2",
        DB_POOL_TIMEOUT="0.5",
        REQUESTS_IN_FLIGHT_MAX="0",
    )
    try:
        # Both pooled connections held by requests waiting on the session table.
        lock = SessionLock(live_database)
        try:
            held = [in_background(port, "/", **signed_cookie()) for _ in range(2)]
            lock.wait_for_waiters(2)
            with (
                pytest.raises(InvalidStatus) as refused,
                connect(
                    f"ws://127.0.0.1:{port}/ws/notifications/",
                    additional_headers=signed_cookie(),
                    origin=f"http://127.0.0.1:{port}",
                    open_timeout=30,
                ),
            ):
                pass
        finally:
            lock.release()
        answer = refused.value.response
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "7"
        assert "服务器繁忙" in answer.body.decode()
        for thread, result in held:
            thread.join(60)
            assert result[0][0] == 200
    finally:
        stop(process)
    assert "Internal Server Error" not in log.read_text()


def test_a_socket_whose_channel_layer_has_no_redis_connection_is_told_busy() -> None:
    # The load test's other finding: with a few hundred sockets opening at once the Redis
    # client's pool ran out (MaxConnectionsError in group_add) and the handshake failed.
    async def consumer_without_redis(scope, receive, send) -> None:
        await receive()  # websocket.connect
        raise MaxConnectionsError("Too many connections")

    async def scenario() -> tuple[bool, int | None]:
        communicator = WebsocketCommunicator(
            SocketBusyGuard(consumer_without_redis), "/ws/notifications/", headers=[]
        )
        return await communicator.connect()

    connected, code = async_to_sync(scenario)()
    assert connected is False
    assert code == 1013  # "try again later", not an error that ends in a 500


# The channel layer on real Redis, its pool exhausted ----------------------------------------


@pytest.fixture
def one_redis_connection(settings) -> None:
    """The configured Redis channel layer with a pool of one connection and a short wait."""
    if not django_settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set (CI sets it)")
    configured = copy.deepcopy(django_settings.CHANNEL_LAYERS)
    configured["default"]["CONFIG"]["prefix"] = f"busytest-{uuid.uuid4().hex[:8]}"
    (host,) = configured["default"]["CONFIG"]["hosts"]
    host.update(max_connections=1, timeout=0.3)
    settings.CHANNEL_LAYERS = configured


def _open_with_the_pool_held(
    headers: list[tuple[bytes, bytes]], *, denial: bool, hold_for: float | None = None
) -> list[dict]:
    """Take every connection of the layer's Redis pool, open /ws/notifications/ as a
    signed-in user (through the whole ASGI stack of asgi.py), and give them back after
    ``hold_for`` seconds (None: after the answer). The server's first messages."""

    async def scenario() -> list[dict]:
        layer = get_channel_layer()
        pool = layer.connection(0).connection_pool
        held = [await pool.get_connection() for _ in range(pool.max_connections)]
        scope = {
            "type": "websocket",
            "path": "/ws/notifications/",
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
            # A server that can answer a refused handshake with an HTTP response (uvicorn).
            "extensions": {"websocket.http.response": {}} if denial else {},
        }
        socket = ApplicationCommunicator(application, scope)
        await socket.send_input({"type": "websocket.connect"})
        if hold_for is not None:
            await asyncio.sleep(hold_for)
            for connection in held:
                await pool.release(connection)
        answers = [await socket.receive_output(5)]
        if answers[0]["type"] == "websocket.http.response.start":
            answers.append(await socket.receive_output(5))
        if hold_for is None:
            for connection in held:
                await pool.release(connection)
        await socket.send_input({"type": "websocket.disconnect", "code": 1000})
        await socket.wait(5)
        await layer.close_pools()
        return answers

    return async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_a_socket_whose_redis_pool_is_exhausted_gets_503_not_an_exception(one_redis_connection):
    user = User.objects.create_user("13900000002", "Haiyuan-2026!", display_name="王海")
    start, body = _open_with_the_pool_held(session_headers(user), denial=True)
    assert start["type"] == "websocket.http.response.start"
    assert start["status"] == 503
    assert (b"retry-after", str(django_settings.BUSY_RETRY_AFTER_SECONDS).encode()) in start[
        "headers"
    ]
    assert "服务器繁忙" in body["body"].decode()


@pytest.mark.django_db(transaction=True)
def test_without_the_http_denial_extension_it_closes_with_try_again_later(one_redis_connection):
    user = User.objects.create_user("13900000002", "Haiyuan-2026!", display_name="王海")
    (close,) = _open_with_the_pool_held(session_headers(user), denial=False)
    assert close == {"type": "websocket.close", "code": 1013}


@pytest.mark.django_db(transaction=True)
def test_a_connection_given_back_within_the_wait_lets_the_socket_open(
    one_redis_connection, settings
):
    # A burst of handshakes queues for the pool instead of failing at once (the load test's
    # few hundred sockets opening together): the wait covers a connection coming back.
    # Two connections: the socket's own wait for messages holds one while it is open, and
    # with a pool of one it would take it back before group_add's turn came.
    configured = copy.deepcopy(settings.CHANNEL_LAYERS)
    configured["default"]["CONFIG"]["hosts"][0].update(max_connections=2, timeout=3)
    settings.CHANNEL_LAYERS = configured
    user = User.objects.create_user("13900000002", "Haiyuan-2026!", display_name="王海")
    (accept,) = _open_with_the_pool_held(session_headers(user), denial=True, hold_for=0.5)
    assert accept["type"] == "websocket.accept"
