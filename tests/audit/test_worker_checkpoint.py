"""The real task worker starts the periodic audit checkpoint and writes the first one at once
(``manage.py db_worker``, audit/tasks.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.ops.conftest import MANAGE, ROOT, clean_env, manage
from tests.sqlite_template import copy_migrated_sqlite, default_sqlite_path


# The worker and its demo data run on a SQLite database of their own (clean_env), whichever
# database the suite is on.
@pytest.mark.suite_independent
def test_the_worker_writes_a_checkpoint_when_it_starts(tmp_path):
    checkpoints = tmp_path / "checkpoints.jsonl"
    env = clean_env(
        tmp_path,
        DEBUG="1",
        AUDIT_HMAC_KEY="worker-test-audit-key-0123456789abcdef",
        AUDIT_CHECKPOINT_PATH=str(checkpoints),
    )
    copy_migrated_sqlite(default_sqlite_path(env))
    assert manage("load_demo", env=env, timeout=300).returncode == 0
    worker = subprocess.Popen(
        [sys.executable, MANAGE, "db_worker", "--no-reload", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        # The file exists from the moment the worker opens it, before the line is written.
        while not (checkpoints.exists() and checkpoints.read_text().endswith("\n")) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    (line,) = checkpoints.read_text().splitlines()
    checkpoint = json.loads(line)
    assert checkpoint["seq"] == 1
    assert checkpoint["rows"] > 100  # the demo's audit trail
    verified = manage("verify_audit_chain", env=env)
    assert verified.returncode == 0, verified.stderr
    assert "(against checkpoints: 1)" in verified.stdout
