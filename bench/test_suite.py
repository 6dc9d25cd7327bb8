"""How long the test suite takes: `make test`'s pytest on SQLite and on PostgreSQL + Redis.

Prints, per run: wall time, the CPU time of pytest and everything it started (servers,
workers, Chromium), the load average before and after (the machine may be shared), and pytest's
summary line. Figures in bench/README.md ("Test suite").

Usage:
    .venv/bin/python bench/test_suite.py [--workers auto|0|N] [--only sqlite|postgres]
        [--concurrent] [-- extra pytest arguments]

``--concurrent`` starts the SQLite and the PostgreSQL + Redis runs at the same time (each with
its own log) and reports both, as a CI script could; the default runs them one after the other.
PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) with a private
TEST_DATABASE_NAME; Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/9; worker N of
pytest-xdist uses database 9 + N).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"^=* ?(.*\b(passed|failed|error)\b.* in [0-9.]+s.*?) ?=*$", re.M)


def _env(kind: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    if kind == "postgres":
        env["DATABASE_URL"] = os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
        )
        env["TEST_DATABASE_NAME"] = f"test_suite_bench_{os.getpid()}"
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    return env


def _command(workers: str, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-n", workers, "--dist", "load", *extra]


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _summary(log: Path) -> str:
    found = SUMMARY.findall(log.read_text(errors="replace"))
    return found[-1][0] if found else "(no summary line: see the log)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", default="auto")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--concurrent", action="store_true")
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()
    kinds = [args.only] if args.only else ["sqlite", "postgres"]
    logs = Path(tempfile.mkdtemp(prefix="sh-suite-"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    print(f"workers={args.workers} concurrent={args.concurrent} logs in {logs}")
    print(f"load before: {_load()}  ({os.cpu_count()} CPUs)")
    started: dict[str, tuple[subprocess.Popen, float, Path]] = {}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    whole = time.monotonic()
    for kind in kinds:
        log = logs / f"{kind}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                _command(args.workers, args.extra), cwd=ROOT, env=_env(kind),
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        started[kind] = (process, time.monotonic(), log)
        if not args.concurrent:
            process.wait()
            _report(kind, *started[kind])
    waiting = dict(started) if args.concurrent else {}
    while waiting:  # poll, so that each run's end is taken when it ends
        for kind, (process, _start, _log) in list(waiting.items()):
            if process.poll() is not None:
                _report(kind, *waiting.pop(kind))
        time.sleep(1)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(f"all runs: {time.monotonic() - whole:.0f} s wall, {cpu:.0f} s CPU; load {_load()}")
    if any(process.returncode for process, _s, _l in started.values()):
        sys.exit(1)


def _report(kind: str, process: subprocess.Popen, start: float, log: Path) -> None:
    wall = time.monotonic() - start
    print(f"{kind}: {wall:.0f} s wall, exit {process.returncode}; load {_load()}")
    print(f"  {_summary(log)}")


if __name__ == "__main__":
    main()
