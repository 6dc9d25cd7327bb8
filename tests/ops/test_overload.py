"""Overload: a real `manage.py serve` process on PostgreSQL with a small connection pool and a
small bound on requests in flight. It must answer 200 or 503 (+ Retry-After, a Chinese page,
JSON for the API) and never 500, and the crisis paths must never be shed.

A request is held in flight deterministically by locking the session table from the test:
a request that carries a session cookie then waits inside the server, holding its slot and
its pooled connection, until the lock is released.
"""

from __future__ import annotations

import http.client
import json
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver

from seafarers_home.core.overload import (
    NEVER_SHED,
    NEVER_SHED_POST_ONLY,
    RequestsInFlightMiddleware,
)
from tests.ops.conftest import ROOT, clean_env, manage
from tests.ops.test_serve import start, stop, wait_healthy

Response = tuple[int, dict[str, str], bytes]


def request(port: int, path: str, method: str = "GET", **headers: str) -> Response:
    body = b"{}" if method == "POST" else None
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


def signed_cookie() -> dict[str, str]:
    """A session cookie: reading it queries django_session, which the test can lock."""
    return {"Cookie": f"sessionid={secrets.token_hex(16)}"}


def url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_never_shed_name_is_a_url_of_the_site():
    # A renamed URL would silently drop out of the allow-list and be shed under load.
    assert NEVER_SHED_POST_ONLY <= NEVER_SHED
    missing = NEVER_SHED - url_names(get_resolver())
    assert not missing, missing


def test_the_pool_is_read_from_the_environment(tmp_path):
    code = "from seafarers_home import settings as s; print(json.dumps(s.DATABASES['default']))"
    env = clean_env(
        tmp_path,
        DATABASE_URL="postgres://u@127.0.0.1:5432/db",
        DB_POOL_MIN_SIZE="3",
        DB_POOL_MAX_SIZE="7",
        DB_POOL_TIMEOUT="2.5",
        PYTHONPATH=str(ROOT / "src"),
    )
    run = [sys.executable, "-c", f"import json; {code}"]
    out = subprocess.run(run, env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    database = json.loads(out.stdout)
    assert database["OPTIONS"]["pool"] == {"min_size": 3, "max_size": 7, "timeout": 2.5}
    assert database["CONN_MAX_AGE"] == 0
    # Prepared statements are opt-in (README "Connections and load").
    assert "server_side_binding" not in database["OPTIONS"]
    prepared = subprocess.run(
        run, env={**env, "DB_PREPARED": "1"}, capture_output=True, text=True, cwd=tmp_path
    )
    options = json.loads(prepared.stdout)["OPTIONS"]
    assert (options["server_side_binding"], options["prepare_threshold"]) == (True, 3)

    persistent = subprocess.run(
        run, env={**env, "DB_CONN_MAX_AGE": "60"}, capture_output=True, text=True, cwd=tmp_path
    )
    assert persistent.returncode != 0
    assert "DB_CONN_MAX_AGE must be 0" in persistent.stderr

    without = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    sqlite = subprocess.run(
        run, env={**without, "DB_PREPARED": "1"}, capture_output=True, text=True, cwd=tmp_path
    )
    assert "pool" not in json.loads(sqlite.stdout)["OPTIONS"]
    assert "server_side_binding" not in json.loads(sqlite.stdout)["OPTIONS"]


SELECT_BY_PHONE = "SELECT id FROM accounts_user WHERE phone = %s"


@pytest.mark.django_db
def test_with_db_prepared_a_query_used_again_on_a_connection_is_prepared_once():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    # A connection with the options DB_PREPARED=1 gives (checked above), to the test database.
    options = {"server_side_binding": True, "prepare_threshold": 3}
    prepared = DatabaseWrapper({**connection.settings_dict, "OPTIONS": options}, alias="prepared")
    try:
        with prepared.cursor() as cursor:
            for n in range(6):  # one statement, six parameters
                cursor.execute(SELECT_BY_PHONE, [f"1390000000{n}"])
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            statements = [row[0] for row in cursor.fetchall()]
    finally:
        prepared.close()
    assert len(statements) == 1 and "WHERE phone = $1" in statements[0]


def test_the_checks_want_headroom_for_the_crisis_paths(tmp_path):
    env = clean_env(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert "W070" not in manage("check", env=env).stderr
    no_headroom = manage("check", env={**env, "DB_POOL_MAX_SIZE": "8"})
    assert "seafarers_home.W070" in no_headroom.stderr
    unbounded = manage("check", env={**env, "REQUESTS_IN_FLIGHT_MAX": "0"})
    assert "seafarers_home.W070" in unbounded.stderr
    inverted = manage("check", env={**env, "DB_POOL_MIN_SIZE": "12"})
    assert inverted.returncode != 0
    assert "seafarers_home.E071" in inverted.stderr


# The live server ------------------------------------------------------------------------------


@pytest.fixture
def live_database(transactional_db) -> str:
    """The URL of the test database, for a server process: committed rows are visible."""
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (run with DATABASE_URL=postgres://...)")
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class SessionLock:
    """ACCESS EXCLUSIVE on django_session, held until release(); counts the waiting backends."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.database = url.rsplit("/", 1)[1]
        self.holder = psycopg.connect(url)
        self.holder.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        self.watcher = psycopg.connect(url, autocommit=True)

    def wait_for_waiters(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.watcher.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock'",
                [self.database],
            ).fetchone()
            if row and row[0] >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"fewer than {count} requests waited on the session table")

    def release(self) -> None:
        self.holder.rollback()
        self.holder.close()
        self.watcher.close()


def serve(tmp_path: Path, database_url: str, **overrides: str):
    env = clean_env(
        tmp_path,
        DEBUG="1",
        DATABASE_URL=database_url,
        STATICFILES_STORAGE_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        BUSY_RETRY_AFTER_SECONDS="7",
        **overrides,
    )
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    process, port, log = start(env, "--no-worker")
    wait_healthy(process, port, log)
    return process, port, log


def in_background(port: int, path: str, **headers: str) -> tuple[threading.Thread, list]:
    result: list = []
    thread = threading.Thread(target=lambda: result.append(request(port, path, **headers)))
    thread.start()
    return thread, result


def assert_busy_page(answer: Response) -> None:
    status, headers, body = answer
    assert status == 503
    assert headers["retry-after"] == "7"
    assert headers["content-type"].startswith("text/html")
    html = body.decode()
    assert "服务器繁忙" in html
    assert 'href="tel:12356"' in html  # the crisis numbers, without the database


def test_more_concurrent_requests_than_the_pool_holds_never_answer_500(tmp_path, live_database):
    # No in-flight bound here: the pool (2 connections, 0.5 s wait) is the resource that runs out.
    process, port, log = serve(
        tmp_path,
        live_database,
        DB_POOL_MIN_SIZE="1",
        DB_POOL_MAX_SIZE="2",
        DB_POOL_TIMEOUT="0.5",
        REQUESTS_IN_FLIGHT_MAX="0",
    )
    try:
        # Both connections held by requests that wait on the lock: the pool is empty.
        lock = SessionLock(live_database)
        try:
            held = [in_background(port, "/", **signed_cookie()) for _ in range(2)]
            lock.wait_for_waiters(2)
            with ThreadPoolExecutor(8) as pool:
                pages = list(pool.map(lambda _: request(port, "/"), range(6)))
                apis = list(pool.map(lambda _: request(port, "/api/v1/inquiries/categories"), "ab"))
        finally:
            lock.release()
        for page in pages:
            assert_busy_page(page)
        for status, headers, body in apis:
            assert (status, headers["retry-after"]) == (503, "7")
            assert json.loads(body)["code"] == "busy"
        for thread, result in held:
            thread.join(60)
            assert result[0][0] == 200

        # A burst of 40 at once against 2 connections: each gets a page or "busy", never 500.
        def hit(n: int) -> int:
            path = "/api/v1/inquiries/categories" if n % 3 == 0 else "/"
            return request(port, path, **(signed_cookie() if n % 2 else {}))[0]

        with ThreadPoolExecutor(40) as pool:
            statuses = list(pool.map(hit, range(40)))
        assert set(statuses) <= {200, 503}, statuses
        assert 200 in statuses
    finally:
        stop(process)
    assert "Internal Server Error" not in log.read_text()


CRISIS_PATHS = [
    # (method, path, the answer it gets without signing in: anything but shed)
    ("GET", "/help/", 200),
    ("GET", "/healthz", 200),
    ("POST", "/screening/1/phq9/", 403),  # answers (the CSRF check refuses this one)
    ("GET", "/screening/1/result/", 302),
    ("POST", "/inquiries/ask/", 403),
    ("GET", "/hotline/", 302),
    ("GET", "/hotline/console/", 302),
    ("GET", "/consultations/urgent/new/", 302),
    ("GET", "/alerts/", 302),
    ("POST", "/api/v1/screenings", 401),
    ("POST", "/api/v1/inquiries/questions", 401),
    ("POST", "/api/v1/hotline/calls", 401),
]


FORMS_SHED_ON_GET = ["/screening/1/phq9/", "/inquiries/ask/"]


def test_only_the_answers_of_the_questionnaire_and_ask_pages_skip_the_bound(settings, rf):
    # In-process (the middleware's synchronous mode, any database): the bound of one is taken.
    settings.REQUESTS_IN_FLIGHT_MAX = 1
    settings.REQUESTS_QUEUE_SECONDS = 0
    guard = RequestsInFlightMiddleware(lambda request: HttpResponse("served"))
    guard.pooled = False
    assert guard.gate.enter(0)  # a request in flight
    for path in FORMS_SHED_ON_GET:
        assert guard(rf.get(path)).status_code == 503  # showing the form: shed
        assert guard(rf.head(path)).status_code == 503
        assert guard(rf.post(path, {})).content == b"served"  # the answers: never shed
    assert guard(rf.get("/screening/1/result/")).content == b"served"
    assert guard(rf.get("/help/")).content == b"served"
    assert guard(rf.get("/")).status_code == 503
    guard.gate.leave()
    assert guard(rf.get(FORMS_SHED_ON_GET[0])).content == b"served"  # a free slot: served


def test_past_the_bound_it_answers_busy_but_never_on_crisis_paths(tmp_path, live_database):
    process, port, log = serve(
        tmp_path,
        live_database,
        REQUESTS_IN_FLIGHT_MAX="1",
        REQUESTS_QUEUE_SECONDS="1",
        DB_POOL_MAX_SIZE="4",
    )
    try:
        lock = SessionLock(live_database)
        try:
            # One request in flight: the bound of 1 is reached.
            thread, result = in_background(port, "/", **signed_cookie())
            lock.wait_for_waiters(1)

            started = time.monotonic()
            assert_busy_page(request(port, "/"))
            assert time.monotonic() - started >= 0.9  # it waited for a slot first
            english = request(port, "/", **{"Accept-Language": "en"})
            assert english[0] == 503
            assert "The server is busy" in english[2].decode()
            status, headers, body = request(port, "/api/v1/inquiries/categories")
            assert (status, headers["retry-after"]) == (503, "7")
            assert headers["content-type"] == "application/json"
            assert json.loads(body) == {"detail": "服务器繁忙,请稍后再试。", "code": "busy"}
            api_en = request(port, "/api/v1/inquiries/categories", **{"Accept-Language": "en"})
            assert json.loads(api_en[2])["detail"].startswith("The server is busy")

            answers = {(m, p): request(port, p, method=m)[0] for m, p, _ in CRISIS_PATHS}
            assert answers == {(m, p): expected for m, p, expected in CRISIS_PATHS}
            # The forms of those pages raise nothing when shown: their GETs are shed.
            for path in FORMS_SHED_ON_GET:
                assert_busy_page(request(port, path))

            # A request that arrives while the slot is taken waits for it ...
            queued, queued_result = in_background(port, "/")
            time.sleep(0.3)
            assert queued_result == []
        finally:
            lock.release()
        # ... and is served when the slot is given back within REQUESTS_QUEUE_SECONDS.
        queued.join(60)
        assert queued_result[0][0] == 200
        thread.join(60)
        assert result[0][0] == 200
        # The slot is given back: the start page answers again.
        assert request(port, "/")[0] == 200
    finally:
        stop(process)
    assert "Internal Server Error" not in log.read_text()


def test_the_bound_holds_in_a_wsgi_server_too(live_database, live_server):
    # pytest-django's live server: Django's threaded WSGI server in this process, one thread
    # per request, the middleware in its synchronous mode with the default settings.
    port = urlsplit(live_server.url).port
    assert port is not None
    bound = settings.REQUESTS_IN_FLIGHT_MAX
    lock = SessionLock(live_database)
    try:
        held = [in_background(port, "/", **signed_cookie()) for _ in range(bound)]
        lock.wait_for_waiters(bound)
        status, headers, body = request(port, "/")
        assert (status, headers["retry-after"]) == (503, str(settings.BUSY_RETRY_AFTER_SECONDS))
        assert "服务器繁忙" in body.decode()
        assert request(port, "/help/")[0] == 200
    finally:
        lock.release()
    for thread, result in held:
        thread.join(60)
        assert result[0][0] == 200
