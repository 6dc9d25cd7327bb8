"""`manage.py serve` as an operator runs it: a real uvicorn process on a free port."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import websockets

from tests.ops.conftest import MANAGE, ROOT, clean_env
from tests.sqlite_template import copy_migrated_sqlite, default_sqlite_path

START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = clean_env(tmp_path_factory.mktemp("serve"), DEBUG="1")
    copy_migrated_sqlite(default_sqlite_path(env))
    return env


def start(env: dict[str, str], *args: str) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    log = Path(env["VAR_DIR"]) / f"serve-{port}.log"
    process = subprocess.Popen(
        [sys.executable, MANAGE, "serve", "--port", str(port), *args],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return process, port, log


def wait_healthy(process: subprocess.Popen, port: int, log: Path) -> dict:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return json.loads(resp.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"/healthz did not answer within {START_TIMEOUT}s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover - only on a hung server
        process.kill()
        process.wait()


def test_it_serves_http_and_refuses_anonymous_websockets(served_env):
    process, port, log = start(served_env, "--no-worker")
    try:
        assert wait_healthy(process, port, log)["database"] == "ok"

        async def anonymous() -> int:
            uri = f"ws://127.0.0.1:{port}/ws/notifications/"
            try:
                async with websockets.connect(uri, origin=f"http://127.0.0.1:{port}") as ws:
                    await ws.recv()
            except websockets.exceptions.InvalidStatus as exc:
                # Closing before accepting refuses the handshake (HTTP 403).
                return exc.response.status_code
            except websockets.exceptions.ConnectionClosed as exc:  # pragma: no cover
                return exc.rcvd.code if exc.rcvd else 0
            return 200  # pragma: no cover - the socket stayed open: a failure

        assert asyncio.run(asyncio.wait_for(anonymous(), 15)) in (403, 4401)
        assert "task worker started" not in log.read_text()
        # LOG_LEVEL INFO (the default): uvicorn writes an access line per request.
        assert '"GET /healthz HTTP/1.1" 200' in log.read_text()
    finally:
        stop(process)
    assert process.returncode is not None


def test_it_writes_no_access_line_per_request_at_log_level_warning(served_env):
    # "warn": a name Python's logging knows and uvicorn's own list does not.
    process, port, log = start({**served_env, "LOG_LEVEL": "warn"}, "--no-worker")
    try:
        wait_healthy(process, port, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing-here/", timeout=5):
            pass  # pragma: no cover - a 404 raises
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    finally:
        stop(process)
    written = log.read_text()
    assert "serving on http://" in written
    assert "/healthz" not in written
    assert "Not Found: /nothing-here/" in written  # Django's own warning still is
    assert '"GET /nothing-here/ HTTP/1.1" 404' not in written


def test_it_starts_and_stops_the_task_worker_beside_the_server(served_env):
    process, port, log = start(served_env)
    try:
        wait_healthy(process, port, log)
        line = next(ln for ln in log.read_text().splitlines() if "task worker started" in ln)
        worker_pid = int(line.rsplit("pid ", 1)[1].rstrip(")"))
        assert Path(f"/proc/{worker_pid}").exists()
        cmdline = Path(f"/proc/{worker_pid}/cmdline").read_bytes()
        assert b"db_worker" in cmdline
    finally:
        stop(process)
    deadline = time.monotonic() + 15
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker_pid), "the task worker outlived the server"


# What uvicorn's factory does in each server process, read back in a process of its own (the
# freeze would otherwise apply to the test process).
SETTLED = """
import gc, json
import django
from django.conf import settings
before = [gc.get_freeze_count(), list(gc.get_threshold())]
from seafarers_home.asgi import application, serving_application
served = serving_application()
print(json.dumps([before, gc.get_freeze_count(), list(gc.get_threshold()), served is application]))
"""


@pytest.mark.parametrize(
    ("thresholds", "expected"), [("30000,20,40", [30000, 20, 40]), ("", [700, 10, 10])]
)
def test_it_settles_the_heap_of_a_server_process_as_configured(tmp_path, thresholds, expected):
    env = clean_env(tmp_path, DEBUG="1", GC_THRESHOLDS=thresholds)
    env["DJANGO_SETTINGS_MODULE"] = "seafarers_home.settings"
    result = subprocess.run(
        [sys.executable, "-c", SETTLED], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    before, frozen, threshold, same_app = json.loads(result.stdout.strip().splitlines()[-1])
    assert before == [0, [700, 10, 10]]  # importing the app alone changes nothing (tests)
    assert same_app
    assert threshold == expected
    if thresholds:
        assert frozen > 10_000  # the modules, URL patterns and views loaded at start
    else:
        assert frozen == 0


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
