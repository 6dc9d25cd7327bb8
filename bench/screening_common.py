"""Shared set-up of the screening benchmarks: a scratch database and a Django process in it.

Each engine runs in a child process (Django is configured once per process): SQLite in a
temporary VAR_DIR; PostgreSQL in a scratch database created next to the one DATABASE_URL
names and dropped afterwards. Your own var/ and database are never touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def base_env(var_dir: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="seafarers_home.settings",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        PYTHONPATH=str(ROOT / "src") + os.pathsep + str(ROOT),
    )
    return env


@contextlib.contextmanager
def scratch_postgres(url: str, name: str) -> Iterator[str]:
    """Create database ``name`` on the server of ``url``; yield its URL; drop it."""
    import psycopg

    parts = urlsplit(url)
    scratch = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield scratch
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_child(script: Path, args: list[str], database_url: str | None) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-screening-") as var_dir:
        env = base_env(var_dir)
        if database_url:
            env["DATABASE_URL"] = database_url
        return subprocess.call([sys.executable, str(script), "--child", *args], env=env)


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def scratch_name(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(3)}"
