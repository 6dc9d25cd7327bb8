"""A dead worker is noticed: the real `manage.py db_worker` beats, /healthz answers 200 while it
runs and 503 once it has been stopped longer than WORKER_SILENT_SECONDS; supervisors and
administrators then see a red banner."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from seafarers_home.core.models import WorkerHeartbeat
from seafarers_home.core.worker_health import worker_heartbeat
from tests.ops.conftest import MANAGE, ROOT, clean_env, manage
from tests.ops.test_serve import start, stop, wait_healthy
from tests.sqlite_template import copy_migrated_sqlite, default_sqlite_path

BANNER = "后台任务程序没有运行"


# A beat a second, silent after 6 s: room for a busy 2-core machine to run a beat late without
# the test reading a living worker as dead.
WORKER_SETTINGS = {"DEBUG": "1", "WORKER_HEARTBEAT_SECONDS": "1", "WORKER_SILENT_SECONDS": "6"}


@pytest.fixture(scope="module")
def sqlite_worker_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = clean_env(tmp_path_factory.mktemp("worker"), **WORKER_SETTINGS)
    copy_migrated_sqlite(default_sqlite_path(env))
    return env


@pytest.fixture
def worker_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The server and the worker on the database the suite runs on: PostgreSQL's test
    database (committed rows visible to both processes), or a migrated SQLite file."""
    if connection.vendor != "postgresql":
        return request.getfixturevalue("sqlite_worker_env")
    request.getfixturevalue("transactional_db")
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    (tmp_path / "var").mkdir()
    return clean_env(tmp_path, DATABASE_URL=url, **WORKER_SETTINGS)


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    log = Path(env["VAR_DIR"]) / "worker.log"
    return subprocess.Popen(
        [sys.executable, MANAGE, "db_worker", "--no-reload", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def healthz(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def wait_for(port: int, status: int, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    seen: tuple[int, dict] = (0, {})
    while time.monotonic() < deadline:
        seen = healthz(port)
        if seen[0] == status:
            return seen[1]
        time.sleep(0.3)
    raise AssertionError(f"/healthz stayed {seen} instead of {status}")


def test_healthz_follows_the_real_worker(worker_env):
    server, port, log = start(worker_env, "--no-worker")
    worker = start_worker(worker_env)
    try:
        wait_healthy(server, port, log)
        body = wait_for(port, 200)
        # Beats arrive while it runs: the heartbeat is fresh and moves on.
        deadline = time.monotonic() + 20
        while body["worker"]["status"] != "ok" and time.monotonic() < deadline:
            time.sleep(0.3)
            body = wait_for(port, 200)
        assert body["worker"]["status"] == "ok", body
        first = body["worker"]["last_heartbeat"]
        deadline = time.monotonic() + 20
        while body["worker"]["last_heartbeat"] == first and time.monotonic() < deadline:
            time.sleep(0.5)
            body = wait_for(port, 200)
        assert body["worker"]["last_heartbeat"] > first
        assert body["worker"]["heartbeat_age_seconds"] < 6

        stop(worker)
        body = wait_for(port, 503, timeout=40)
        assert body["status"] == "error"
        assert body["database"] == "ok"
        assert body["worker"]["status"] == "silent"
        assert body["worker"]["heartbeat_age_seconds"] >= 6
        # Cron's safety net queues a beat nobody runs: the queue's lag shows it growing.
        assert manage("runperiodic", "--job", "worker.heartbeat", env=worker_env).returncode == 0
        time.sleep(1.5)
        body = wait_for(port, 503)
        assert body["worker"]["oldest_due_task_age_seconds"] > 0
        assert body["worker"]["due_tasks"] >= 1
        # A load balancer asks about this web process only: it stays in rotation.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?scope=web") as resp:
            assert resp.status == 200
            assert "worker" not in json.loads(resp.read())

        worker = start_worker(worker_env)  # a restarted worker is healthy again at once
        assert wait_for(port, 200, timeout=20)["worker"]["status"] == "ok"
    finally:
        stop(worker)
        stop(server)


def beat(seconds_ago: float) -> None:
    WorkerHeartbeat.objects.update_or_create(
        queue="default",
        defaults={"beat_at": timezone.now() - datetime.timedelta(seconds=seconds_ago)},
    )


def test_a_site_that_never_saw_a_worker_fails_once_a_task_is_overdue(db, settings):
    settings.WORKER_SILENT_SECONDS = 120
    assert Client().get("/healthz").status_code == 200  # nothing due yet: nothing undone
    worker_heartbeat.using(run_after=timezone.now() - datetime.timedelta(seconds=60)).enqueue()
    response = Client().get("/healthz")
    assert response.status_code == 200, response.json()
    assert 55 < response.json()["worker"]["oldest_due_task_age_seconds"] < 120
    worker_heartbeat.using(run_after=timezone.now() - datetime.timedelta(seconds=600)).enqueue()
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "never"
    assert response.json()["worker"]["due_tasks"] == 2


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("clinician", "/alerts/"),
        ("union_staff", "/hotline/supervisor/"),
        ("admin", "/admin/"),
    ],
)
def test_supervisors_see_a_red_banner_while_the_worker_is_silent(
    client_for, settings, persona, path
):
    settings.WORKER_SILENT_SECONDS = 120
    client = client_for(persona)
    beat(seconds_ago=10)
    page = client.get(path)
    assert page.status_code == 200
    assert BANNER not in page.content.decode()

    beat(seconds_ago=600)
    page = client.get(path).content.decode()
    assert BANNER in page
    assert 'id="worker-down"' in page
    assert "最后一次心跳在 10 分钟前" in page


def test_a_seafarer_page_shows_no_banner(client_for, settings):
    beat(seconds_ago=6000)
    assert BANNER not in client_for("seafarer").get("/").content.decode()


def test_a_beat_clears_the_old_finished_beats(transactional_db):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    for _ in range(3):
        worker_heartbeat.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    beats = DBTaskResult.objects.filter(
        task_path="seafarers_home.core.worker_health.worker_heartbeat"
    )
    assert beats.finished().count() == 3
    beats.finished().update(finished_at=timezone.now() - datetime.timedelta(hours=2))
    recent = beats.finished().first()
    DBTaskResult.objects.filter(pk=recent.pk).update(finished_at=timezone.now())
    worker_heartbeat.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    # The two old ones are gone; the recent one and this run's stay. No beat enqueues the
    # next: the periodic job worker.heartbeat does (core/periodic_jobs.py).
    assert beats.finished().count() == 2
    assert beats.filter(status="READY").count() == 0
    assert WorkerHeartbeat.objects.get().beat_at > timezone.now() - datetime.timedelta(minutes=1)
