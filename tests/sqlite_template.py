"""One migrated SQLite database per test session, copied wherever a test starts real server or
worker processes on a SQLite file of their own (tests/ops/test_serve.py, test_worker_health.py,
tests/audit/test_worker_checkpoint.py, the browser call sites, tests/websockets/
test_idle_on_redis.py). Migrating from scratch costs ~10 s of CPU a time (~30 s on a busy
2-core machine); a copy of the file costs milliseconds and holds the same schema and the same
data migrations' rows. Each test still gets its own file: nothing is shared between them."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = ("", "-wal", "-shm")

_lock = threading.Lock()
_template: Path | None = None


def _migrated_template() -> Path:
    """Migrate a fresh SQLite file once in this process (in a subprocess with a clean
    environment, as the tests' own servers see it) and keep it until the session ends."""
    global _template
    with _lock:
        if _template is None:
            directory = Path(tempfile.mkdtemp(prefix="sh-migrated-"))
            atexit.register(shutil.rmtree, directory, True)
            path = directory / "template.sqlite3"
            migrate_in_subprocess(f"sqlite:///{path}", directory)
            _template = path
        return _template


def migrate_in_subprocess(database_url: str, var_dir: Path) -> None:
    """``manage.py migrate`` of ``database_url`` in a subprocess with a clean environment, as
    the tests' own servers see it (also tests/pg_template.py's)."""
    from tests.ops.conftest import clean_env

    env = clean_env(var_dir, DATABASE_URL=database_url, DEBUG="1")
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"migrate failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def copy_migrated_sqlite(target: Path) -> Path:
    """A migrated database at ``target`` (its parent is created); returns ``target``."""
    template = _migrated_template()
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in SUFFIXES:
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


def default_sqlite_path(env: dict[str, str]) -> Path:
    """Where settings put the SQLite file when DATABASE_URL is not set: VAR_DIR's."""
    url = env.get("DATABASE_URL", "")
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return Path(env["VAR_DIR"]) / "seafarers_home.sqlite3"
