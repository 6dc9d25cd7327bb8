"""WebSockets past the pool: a socket opened while the server's pooled connections are all in
use is told "busy" (503 + Retry-After on the handshake), never 500 (core/socket_busy.py; the
load test found uvicorn's 500s with a few hundred idle sockets beside the page traffic)."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from redis.exceptions import MaxConnectionsError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from seafarers_home.core.socket_busy import SocketBusyGuard
from tests.ops.conftest import WebsocketCommunicator
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
