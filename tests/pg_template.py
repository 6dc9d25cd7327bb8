"""One migrated PostgreSQL database per test run, copied wherever a run needs a migrated
database: each xdist worker's test database (pytest-django, through Django's ``TEST``
``TEMPLATE``) and the served site of the browser tests (tests/conftest.py ``served_site``).
Migrating from scratch costs 25-40 s of CPU a time on a busy 2-core machine, and a run did it
four times; ``CREATE DATABASE … TEMPLATE`` copies the files in well under a second, with the
same schema and the same data migrations' rows. The PostgreSQL twin of tests/sqlite_template.py.

The workers of one run share the template: the controller names it (``SH_TEST_RUN_ID``, set
before the workers start and inherited by them), the first worker to need it migrates it
under an advisory lock while the others wait (into a database of another name, renamed when
the migration is complete, so a worker killed half-way leaves nothing that looks ready), and
the controller drops it when the run ends. A run killed outright leaves its template behind:
the name carries its start time, and a later run drops templates over a day old.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from tests.sqlite_template import migrate_in_subprocess

RUN_ID_VARIABLE = "SH_TEST_RUN_ID"
PREFIX = "test_migrated_"
LEFT_BEHIND_SECONDS = 24 * 3600


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def name_the_run() -> None:
    """In the controller, before any worker starts: the run's id (its start time and a random
    part), which names its template. A new one even if the variable is set: a run started
    from inside another must not share (and drop) the other's template."""
    os.environ[RUN_ID_VARIABLE] = f"{int(time.time())}_{uuid.uuid4().hex[:8]}"


def template_name() -> str:
    return PREFIX + os.environ[RUN_ID_VARIABLE]


def database_url(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


def migrated_template(server_url: str) -> str:
    """The run's migrated template database on the server of ``server_url`` (migrated here
    if no worker has yet); its name."""
    import psycopg

    name = template_name()
    building = name + "_building"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
        try:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if found is None:
                _drop_left_behind(connection)
                connection.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{building}"')
                _migrate(database_url(server_url, building))
                connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        finally:
            connection.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])
    return name


def _drop_left_behind(connection: Any) -> None:
    """Templates (finished or half-built) of runs that started over a day ago: killed runs."""
    rows = connection.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"]
    ).fetchall()
    for (name,) in rows:
        started = re.match(re.escape(PREFIX) + r"(\d+)_", name)
        if started and time.time() - int(started.group(1)) > LEFT_BEHIND_SECONDS:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrate(url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="sh-pg-template-") as directory:
        migrate_in_subprocess(url, Path(directory))


def create_migrated_database(server_url: str, name: str) -> str:
    """A migrated database ``name`` (replaced if it exists), copied from the run's template;
    its URL."""
    import psycopg

    template = migrated_template(server_url)
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return database_url(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template(server_url: str) -> None:
    drop_database(server_url, template_name())
