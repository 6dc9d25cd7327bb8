"""WebSockets past the pool: a socket opened while the server's pooled connections are all in
use is told "busy" (503 + Retry-After on the handshake), never 500 (core/socket_busy.py; the
load test found uvicorn's 500s with a few hundred idle sockets beside the page traffic)."""

from __future__ import annotations

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

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
