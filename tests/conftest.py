from __future__ import annotations

import os
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from channels.layers import channel_layers
from channels_redis.core import ChannelLock, RedisChannelLayer
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.utils import translation

from seafarers_home.accounts.sms import LocmemSmsBackend
from seafarers_home.consent.models import ConsentDocument, ConsentKind
from tests import module_world as module_world_helpers
from tests import pg_template
from tests.consultations_room import harness
from tests.personas import PERSONA_NAMES, World, build_world, ensure_consent_document, login


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (``-n 2``) each worker has its own test database (pytest-django adds
    the worker's suffix) and here its own Redis database: worker N uses the configured
    database number + N. A test that clears the cache (a FLUSHDB on Redis) or waits on the
    channel layer must not meet the other worker's keys. The environment variable changes too,
    so that the servers and workers a test starts as subprocesses use the same database."""
    if not hasattr(config, "workerinput"):  # the controller, or the only process
        pg_template.name_the_run()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and django_settings.REDIS_URL:
        url = redis_url_for_worker(django_settings.REDIS_URL, int(worker[2:]))
        os.environ["REDIS_URL"] = url
        django_settings.REDIS_URL = url
        django_settings.CACHES["default"]["LOCATION"] = url
        for host in django_settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"]:
            host["address"] = url


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller (or the only process) drops the run's migrated PostgreSQL template once
    every worker is done with it (tests/pg_template.py)."""
    server_url = os.environ.get("DATABASE_URL", "")
    if pg_template.is_postgres(server_url) and not hasattr(session.config, "workerinput"):
        try:
            pg_template.drop_template(server_url)
        except Exception as error:
            warnings.warn(f"the run's PostgreSQL template was not dropped: {error}", stacklevel=1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, django_db_keepdb: bool
) -> None:
    """On PostgreSQL the test database is a copy of the run's migrated template (Django's
    ``TEST`` ``TEMPLATE``; its migrate then finds nothing to apply) instead of a migration of
    its own in each worker."""
    server_url = os.environ.get("DATABASE_URL", "")
    if pg_template.is_postgres(server_url) and not django_db_keepdb:
        test_settings = django_settings.DATABASES["default"].setdefault("TEST", {})
        test_settings["TEMPLATE"] = pg_template.migrated_template(server_url)


# What makes a test touch the database (pytest-django's fixtures; ``fixturenames`` is the whole
# closure, so a persona fixture built on ``db`` counts).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With SKIP_DATABASE_FREE_TESTS=1 (.ci/run's SQLite suite) the tests that touch neither a
    database nor Redis are left out: codecs, scoring, parsers, property tests of pure functions
    give the same answer on both suites, and the PostgreSQL + Redis suite runs them. A test
    module that mentions Redis keeps all its tests, unless they are marked
    ``suite_independent`` (their subprocesses run on a database of their own)."""
    _refuse_transactional_tests_beside_a_module_world(items)
    if os.environ.get("SKIP_DATABASE_FREE_TESTS") != "1":
        return
    mentions_redis: dict[str, bool] = {}
    kept, left_out = [], []
    for item in items:
        path = str(item.path)
        if path not in mentions_redis:
            mentions_redis[path] = "redis" in Path(path).read_text(encoding="utf-8").lower()
        uses_database = item.get_closest_marker("django_db") is not None or bool(
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        if item.get_closest_marker("suite_independent") is not None:
            left_out.append(item)
            continue
        (kept if uses_database or mentions_redis[path] else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def _refuse_transactional_tests_beside_a_module_world(items: list[pytest.Item]) -> None:
    """``module_world`` keeps a transaction open for its whole module: a test there that
    flushes the database (``transactional_db``, a live server) would run inside it."""
    uses_world: set[str] = set()
    transactional: dict[str, str] = {}
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        module = str(item.path)
        if "module_world" in names:
            uses_world.add(module)
        marker = item.get_closest_marker("django_db")
        if names & {"transactional_db", "live_server"} or (
            marker is not None and marker.kwargs.get("transaction")
        ):
            transactional.setdefault(module, item.nodeid)
    clashes = [transactional[module] for module in sorted(uses_world & set(transactional))]
    if clashes:
        raise pytest.UsageError(f"transactional tests beside module_world: {clashes}")


def redis_url_for_worker(url: str, worker: int) -> str:
    """``redis://host:6379/9`` for worker 1 -> ``redis://host:6379/10`` (16 databases)."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + worker) % 16}"))


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the default language (Chinese). The test client runs requests in
    the test's own thread, and LocaleMiddleware leaves the last request's language active
    there: one request in English would otherwise turn later tests' text English, and the
    suite's result would depend on the order the tests ran in."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow (~0.5 s per persona on a busy 2-core machine) and every
    test builds ten personas. Tests that are about hashing switch Argon2 back on
    (tests/accounts/test_register.py); production keeps Argon2 first."""
    settings.PASSWORD_HASHERS = module_world_helpers.FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def audit_checkpoints(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A checkpoint file of the test's own: checkpoints of the developer's var/ (or of another
    test's rolled-back rows) must not meet this test's audit trail. An explicit chain key, as
    production has (pytest runs with DEBUG off, where a missing key fails the system checks)."""
    path = tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_PATH = path
    for name, value in module_world_helpers.AUDIT_TEST_SETTINGS.items():
        setattr(settings, name, value)
    return path


@pytest.fixture(autouse=True)
def fresh_sms_limits(settings: Any) -> None:
    """The SMS sending limits (accounts/sms_limits.py) count in the cache for up to an hour:
    each test gets counters of its own (a fresh key namespace) rather than a flush of a cache
    that, on Redis, the channel layer shares."""
    settings.SMS_LIMITS_NAMESPACE = f"sms-limits-{uuid.uuid4().hex}"


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[tuple[str, str]]]:
    """Deliver SMS to LocmemSmsBackend.outbox (the fake at the edge), empty for each test.
    Notification SMS are a task of the worker (notifications/sms_outbox.py); here that task
    runs on django-tasks' immediate backend, when the notification's transaction commits, so
    a test reads the outbox right after the request. tests/notifications/test_sms_worker.py
    runs it on the database backend, as production does."""
    settings.SMS_BACKEND = "seafarers_home.accounts.sms.LocmemSmsBackend"
    settings.TASKS = {
        **settings.TASKS,
        "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    settings.SMS_TASKS_BACKEND = "immediate"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def health_consent_document(db: None) -> ConsentDocument:
    """The current health-data consent document (the separate PIPL consent)."""
    return ensure_consent_document(ConsentKind.HEALTH_DATA)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(scope="module")
def module_writes(
    django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], AbstractContextManager[None]]:
    """``with module_writes():`` database access with the tests' settings in a module-scoped
    fixture (tests/module_world.py)."""
    checkpoints = tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"
    return lambda: module_world_helpers.writes(django_db_blocker, checkpoints)


@pytest.fixture(scope="module")
def module_world(
    django_db_setup: None, module_writes: Callable[[], AbstractContextManager[None]]
) -> Iterator[World]:
    """One world for a whole module of tests that only read it (the permission matrix builds
    it ~670 times otherwise): built inside a transaction that is rolled back after the
    module, so each test's own ``db`` transaction is a savepoint in it and rolls back to the
    world as built. Every lazily built part is built here, or a test would build it inside
    its own savepoint and leave later tests a person who no longer exists. A module that
    uses it may not have ``transactional_db`` tests (their flush would run inside this
    transaction): ``pytest_collection_modifyitems`` refuses such a module."""
    with module_writes():
        atomic = transaction.atomic()
        atomic.__enter__()
        world = build_world()
        for attribute, value in vars(World).items():
            if isinstance(value, cached_property):
                getattr(world, attribute)
    try:
        yield world  # the database is blocked again, as for any test without ``db``
    finally:
        with module_writes():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def client_for(world: World):
    """client_for("clinician") -> a Client signed in as that persona."""

    def make(name: str) -> Client:
        return login(Client(), world.persona(name))

    return make


@pytest.fixture(params=PERSONA_NAMES)
def persona_name(request: pytest.FixtureRequest) -> str:
    return request.param


def _delete_instead_of_truncate() -> None:
    """PostgreSQL: a transactional test's teardown empties every table with one ``TRUNCATE``
    of all ~150 tables, which makes new files for each and took 2–4 s per test (a quarter of
    the PostgreSQL suite's time). ``DELETE`` of the few rows a test wrote, in one transaction
    with the foreign keys deferred (Django makes them ``DEFERRABLE INITIALLY DEFERRED``), ends
    in the same empty tables in milliseconds. Flushes that reset sequences keep ``TRUNCATE``,
    and so do the tables whose triggers refuse DELETE (the append-only audit trail)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush
    if getattr(truncate, "deletes", False):
        return

    def sql_flush(
        self: DatabaseOperations,
        style: Any,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # Append-only tables refuse DELETE in a trigger (the audit trail): TRUNCATE those.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
            )
            guarded = {row[0].strip('"') for row in cursor.fetchall()}
        truncated = [table for table in tables if table in guarded]
        statements = ["SET CONSTRAINTS ALL DEFERRED;"]
        if truncated:
            names = ", ".join(self.quote_name(table) for table in truncated)
            statements.append(f"TRUNCATE {names} CASCADE;")
        deleted = (table for table in tables if table not in guarded)
        # Table names come from the introspection of our own schema, quoted.
        statements += [f"DELETE FROM {self.quote_name(table)};" for table in deleted]  # noqa: S608
        return statements

    sql_flush.deletes = True  # type: ignore[attr-defined]
    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


_delete_instead_of_truncate()


def _short_channel_layer_polls() -> None:
    """channels-redis blocks in BZPOPMIN for ``brpop_timeout`` (5 s) and a consumer that ends
    waits for that read to return (it is not cut short, so that no message is lost): every
    refused or closed test socket on Redis cost 5 s of waiting. Polls of 0.5 s change nothing
    the tests look at. Production keeps 5 s (tests/websockets/test_idle_on_redis.py runs the
    real server with it)."""
    from channels_redis.core import RedisChannelLayer

    RedisChannelLayer.brpop_timeout = 0.5  # type: ignore[assignment]


_short_channel_layer_polls()


@pytest.fixture(autouse=True)
def channel_layer_receive_state() -> Iterator[None]:
    """Each test's WebSocket consumers run in an event loop of its own, on the process's one
    channel layer. channels-redis keeps a lock per receiving channel (``receive_clean_locks``)
    and forgets it only when its waiters are counted back to zero; a receive cancelled while it
    waited (a consumer closed as its loop ended, under CI load) is never counted back, and its
    lock, bound to that finished loop, then failed every later test of the process with "Lock
    is bound to a different event loop" (14 call-room and voice-room tests in one CI run). No
    receive outlives its test, so each test starts with the layer's receive state fresh."""
    yield
    for layer in channel_layers.backends.values():
        if isinstance(layer, RedisChannelLayer):
            layer.receive_clean_locks = ChannelLock()
            # The same for the receiving section, should a cancelled receive have left it
            # counted (its loop is gone).
            layer.receive_count = 0
            layer.receive_lock = None
            layer.receive_event_loop = None


def _scan_static_files_once() -> None:
    """Every test ``Client`` builds its own middleware chain, and WhiteNoise's middleware scans
    and stats every collected static file when it is built: ~0.1–0.3 s per client, most of a
    typical test's time (the permission matrix makes a client per persona per URL). The scan
    of one directory under the same settings gives the same table, so it is made once per
    process and shared (the file objects are read-only while serving). A new collectstatic
    (the manifest's mtime) or other WhiteNoise settings make a new scan."""
    from whitenoise.base import WhiteNoise

    scan = WhiteNoise.update_files_dictionary
    if getattr(scan, "shared", False):
        return
    tables: dict[tuple[Any, ...], dict[str, Any]] = {}

    def update_files_dictionary(self: WhiteNoise, root: str, prefix: str) -> None:
        manifest = Path(root) / "staticfiles.json"
        key = (
            type(self),
            root,
            prefix,
            manifest.stat().st_mtime_ns if manifest.exists() else None,
            self.max_age,
            self.allow_all_origins,
            self.charset,
            self.index_file,
            self.add_headers_function,
            getattr(django_settings, "WHITENOISE_IMMUTABLE_FILE_TEST", None),
        )
        if key not in tables:
            before = dict(self.files)
            scan(self, root, prefix)
            tables[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(tables[key])

    update_files_dictionary.shared = True  # type: ignore[attr-defined]
    WhiteNoise.update_files_dictionary = update_files_dictionary  # type: ignore[method-assign]


_scan_static_files_once()


@pytest.fixture(scope="session")
def served_site() -> Iterator[harness.Site]:
    """A throw-away site for the tests that run the real server (the call room, the alert
    board's live row), prepared once per session: PostgreSQL when DATABASE_URL names one (a
    private database is created next to it and dropped afterwards), else a SQLite file in WAL
    mode. Its people come from tests/personas.py; tests add rows, so none counts on it empty."""
    server_url = os.environ.get("DATABASE_URL", "")
    name = f"test_callroom_{uuid.uuid4().hex[:8]}"
    use_pg = pg_template.is_postgres(server_url)
    database_url = pg_template.create_migrated_database(server_url, name) if use_pg else ""
    try:
        with tempfile.TemporaryDirectory(prefix="sh-call-") as tmp:
            yield harness.prepare_site(
                Path(tmp), compress=False, database_url=database_url, migrated=use_pg
            )
    finally:
        if use_pg:
            pg_template.drop_database(server_url, name)


@pytest.fixture(scope="session")
def served_server(served_site: harness.Site) -> Iterator[harness.Server]:
    """``manage.py serve`` (one process, DEBUG off) on ``served_site``."""
    server = harness.Server(served_site)
    yield server
    server.stop()
