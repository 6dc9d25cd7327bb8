from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANAGE = str(ROOT / "manage.py")

# Variables of the surrounding environment that would leak into a subprocess' settings.
SETTINGS_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "FIELD_ENCRYPTION_KEYS",
    "SMS_BACKEND",
    "SMS_GATEWAY_URL",
    "TIME_ZONE",
    "PLATFORM_HOTLINE_NUMBER",
    "VAR_DIR",
    "STATIC_ROOT",
    "DB_POOL",
    "DB_POOL_MIN_SIZE",
    "DB_POOL_MAX_SIZE",
    "DB_POOL_TIMEOUT",
    "REQUESTS_IN_FLIGHT_MAX",
    "REQUESTS_QUEUE_SECONDS",
    "BUSY_RETRY_AFTER_SECONDS",
    "GC_THRESHOLDS",
)


def clean_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The current environment without our settings variables, with a private VAR_DIR."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["VAR_DIR"] = str(tmp_path / "var")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path)


class WebsocketCommunicator:
    """The subset of channels.testing.WebsocketCommunicator we use. channels.testing itself
    imports daphne (its live-server helper), which this project does not install."""

    def __init__(self, application, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        from asgiref.testing import ApplicationCommunicator

        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
        }
        self._app = ApplicationCommunicator(application, scope)

    async def connect(self, timeout: float = 5) -> tuple[bool, int | None]:
        await self._app.send_input({"type": "websocket.connect"})
        response = await self._app.receive_output(timeout)
        if response["type"] == "websocket.close":
            # A refused socket: tell the consumer the client has gone, as a browser's close
            # does, so it ends now while the loop runs. Left running, it would be cancelled when
            # async_to_sync closes the loop, and cancelling a wait on the Redis channel layer
            # can hang there for good (seen once in a full PostgreSQL + Redis run).
            await self.disconnect()
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept"
        return True, None

    async def receive_json_from(self, timeout: float = 5) -> object:
        import json

        response = await self._app.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def receive_nothing(self, timeout: float = 0.3) -> bool:
        return await self._app.receive_nothing(timeout)

    async def disconnect(self) -> None:
        await self._app.send_input({"type": "websocket.disconnect", "code": 1000})
        await self._app.wait(5)
