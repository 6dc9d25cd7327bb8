"""Issue 18 item 1: on Redis, an idle WebSocket stays open and still gets the next alert.

redis-py 8 reads with a 5 s socket timeout by default, the same 5 s channels-redis blocks in
BZPOPMIN: every idle socket closed after ~5 s (settings.py, CHANNEL_LAYERS). This runs the
real server (``manage.py serve``, uvicorn) with the production channel layer, holds the alert
board and the notification bell idle for 30 s, then raises a crisis alert from another
process, as a seafarer's answer on another server process would. It takes about 45 s.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets

from tests.consultations_room import harness

REDIS_URL = os.environ.get("REDIS_URL", "")
IDLE_SECONDS = 30  # beyond the 20 s socket timeout and six BZPOPMIN polls of 5 s

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")

SETUP = """
import json
from django.test import Client
from seafarers_home.core.session_keys import OTP_SESSION_KEY
from tests.personas import build_world
world = build_world()
client = Client()
client.force_login(world.clinician)
session = client.session
session[OTP_SESSION_KEY] = True
session.save()
print("SETUP" + json.dumps({"session": session.session_key, "seafarer": world.seafarer.pk}))
"""

RAISE = """
from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
do_raise_crisis_alert(User.objects.get(pk={seafarer}), source="self", source_id="",
    reason="help_now")
"""


@pytest.fixture(scope="module")
def site() -> Iterator[harness.Site]:
    with tempfile.TemporaryDirectory(prefix="sh-idle-") as tmp:
        var_dir = Path(tmp)
        env = harness.site_env(var_dir)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        # DEBUG is off: the audit chain's key must be set (bench's site_env may predate it).
        env.setdefault("AUDIT_HMAC_KEY", secrets.token_urlsafe(48))
        # Every process of this site shares the production channel layer on Redis.
        env["REDIS_URL"] = REDIS_URL
        env["CHANNEL_PREFIX"] = env["CACHE_KEY_PREFIX"] = f"idle-{uuid.uuid4().hex[:8]}"
        harness.migrate(env)
        out = harness._manage(env, "shell", "-c", SETUP)
        people = json.loads(out.split("SETUP", 1)[1].strip().splitlines()[0])
        yield harness.Site(var_dir=var_dir, env=env, people=people)


def test_it_keeps_an_idle_socket_open_and_delivers_the_next_alert(site):
    server = harness.Server(site)
    try:
        outcome = asyncio.run(_idle_then_alert(site, server))
    finally:
        server.stop()
    log = server.log()
    assert outcome["idle"] == {"/ws/alerts/": "open", "/ws/notifications/": "open"}, log
    board = [json.loads(frame) for frame in outcome["alerts"]]
    assert {frame["event"] for frame in board} == {"new"}, log
    assert {frame["alert"]["seafarer"] for frame in board} == {"王海"}
    assert json.loads(outcome["bell"]) == {"kind": "crisis_alert"}
    assert "Traceback" not in log, log


async def _idle_then_alert(site: harness.Site, server: harness.Server) -> dict:
    ws_base = server.base.replace("http://", "ws://")
    headers = {"Cookie": f"sessionid={site.people['session']}"}

    def connect(path: str) -> websockets.ClientConnection:
        return websockets.connect(ws_base + path, origin=server.base, additional_headers=headers)

    async with connect("/ws/alerts/") as board, connect("/ws/notifications/") as bell:
        # Nothing is sent either way for a minute (websockets' pings aside, as a browser's).
        waits = {"/ws/alerts/": board.recv(), "/ws/notifications/": bell.recv()}
        tasks = {path: asyncio.ensure_future(wait) for path, wait in waits.items()}
        await asyncio.wait(tasks.values(), timeout=IDLE_SECONDS)
        idle = {path: _state(task) for path, task in tasks.items()}
        if any(state != "open" for state in idle.values()):
            for task in tasks.values():
                task.cancel()
            return {"idle": idle}
        code = RAISE.format(seafarer=site.people["seafarer"])
        await asyncio.to_thread(harness._manage, site.env, "shell", "-c", code)
        first = await asyncio.wait_for(tasks["/ws/alerts/"], 20)
        second = await asyncio.wait_for(board.recv(), 20)
        rung = await asyncio.wait_for(tasks["/ws/notifications/"], 20)
    return {"idle": idle, "alerts": [first, second], "bell": rung}


def _state(task: asyncio.Future) -> str:
    if not task.done():
        return "open"
    error = task.exception()
    if isinstance(error, websockets.ConnectionClosed):
        return f"closed {error.rcvd.code if error.rcvd else 'without a close frame'}"
    return f"received {task.result()!r}" if error is None else repr(error)
