"""The load test (issue 20 item 8): a realistic mix at fixed arrival rates against a real server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/load_test.py --rates 25,50,75,100 --repeat-rate 50 --repeat 3

What it does:

1. a PostgreSQL database next to DATABASE_URL's: a scratch one dropped afterwards, or with
   ``--keep NAME`` one kept between invocations (prepared once; its secrets are kept in
   ``/tmp/seafarers-load-NAME/``): ``migrate``, ``collectstatic``, ``load_demo
   --extra-seafarers 250`` (300 seafarers: a screening seafarer of the mix has an account of
   their own; the demo clinicians and counsellors, questions, screenings),
   ``generate_synthetic`` with ``--synthetic N`` seafarers if asked;
2. ``manage.py serve --no-worker --workers 2`` with production settings except TLS, on that
   database and REDIS_URL (cache and channel layer);
3. per run: ``VACUUM (ANALYZE)`` of the database (what autovacuum does on a production server;
   the test machines' PostgreSQL runs with it off), then ``--sockets`` idle WebSocket clients
   (``bench/load/idle_sockets.py``) and Locust headless with ``bench/load/locustfile.py`` at
   ``LOAD_SUBMISSIONS`` = the run's rate (the mix: screenings and questions through the real
   forms at that rate, on a background that is the same in every run: ``--reads`` page views/s
   of reading seafarers, ``--clinician-rounds`` of clinicians at their queues, ``--callers``
   hotline callers waiting; see the locustfile), ``--seconds`` long, of which the first
   ``--warm-up`` seconds are not counted;
4. prints, per run: the submissions per second achieved, p50/p95/p99 of all requests and of
   the submissions alone, errors split into 503 (busy, with Retry-After), other 5xx, 4xx and
   no answer; the load average before and after; and at the end the highest rate held with
   p95 ≤ 300 ms, < 1 % errors and at least 95 % of the target rate achieved.

The load generator, the server, PostgreSQL and Redis share the machine's cores: read the
figures with the load average next to them. Exits 0 whatever the figures; they go into
bench/README.md with date, database and load.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
# bench/load's modules by their own names, as the locustfile imports them.
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))

from accounts import EXTRA_SEAFARERS, SEAFARERS, sign_everyone_in
from screening_common import ROOT, base_env, scratch_name, scratch_postgres
from speed_probe import SpeedProbe

BIN = Path(sys.executable).parent
P95_LIMIT_MS = 300.0
ERROR_LIMIT = 0.01
ACHIEVED_SHARE = 0.95


def manage(env: dict[str, str], *args: str, timeout: float = 3600) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=timeout,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# The site -----------------------------------------------------------------------------------


@contextlib.contextmanager
def kept_postgres(url: str, name: str) -> Iterator[tuple[str, bool]]:
    """Database ``name`` on the server of ``url``, created if missing and never dropped;
    (its URL, whether it was created now)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(urlsplit(url)._replace(path=f"/{name}")), not exists


def site_env(var_dir: str, database_url: str) -> dict[str, str]:
    """Production settings except TLS; secrets kept in ``var_dir`` so a kept database's
    encrypted fields and audit chain stay readable from one invocation to the next."""
    secrets_file = Path(var_dir) / "secrets.json"
    if secrets_file.exists():
        kept = json.loads(secrets_file.read_text())
    else:
        from cryptography.fernet import Fernet

        kept = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        }
        secrets_file.write_text(json.dumps(kept))
    env = base_env(var_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(kept)
    env.update(
        DATABASE_URL=database_url, REDIS_URL=os.environ.get("REDIS_URL", ""), DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0", BEHIND_TLS_PROXY="0", SECURE_HSTS_SECONDS="0",
        STATICFILES_STORAGE_BACKEND="django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
        LOGIN_MAX_FAILURES_PER_ADDRESS="100000", LOG_LEVEL="WARNING",
        PRIVACY_CONTACT_EMAIL="privacy@seafarers.example.org",
        AUDIT_CHECKPOINT_PATH=str(Path(var_dir) / "audit" / "checkpoints.jsonl"),
    )  # fmt: skip
    return env


def prepare(env: dict[str, str], synthetic: int) -> None:
    started = time.perf_counter()
    print("preparing the database: migrate, collectstatic, load_demo ...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo", "--extra-seafarers", str(EXTRA_SEAFARERS))
    if synthetic:
        print(f"generate_synthetic --seafarers {synthetic} ...", flush=True)
        manage(env, "generate_synthetic", "--seafarers", str(synthetic), "--no-progress")
    print(f"  prepared in {time.perf_counter() - started:.0f} s", flush=True)


@contextlib.contextmanager
def server(
    env: dict[str, str], workers: int, extra: dict[str, str]
) -> Iterator[tuple[str, Path, int]]:
    port = free_port()
    log = Path(env["VAR_DIR"]) / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "serve", "--no-worker",
             "--workers", str(workers), "--port", str(port)],
            env={**env, **extra}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/healthz?scope=web", timeout=2)  # noqa: S310
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit(log.read_text(errors="replace")[-5000:]) from None
                time.sleep(0.2)
        yield base, log, process.pid
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class CpuMeter:
    """CPU time used by the server's processes and by the PostgreSQL backends of its database
    (from /proc via psutil): the cost of a request whatever else the shared machine runs."""

    def __init__(self, server_pid: int, database_url: str) -> None:
        import psutil

        self.psutil = psutil
        self.server = psutil.Process(server_pid)
        self.database_url = database_url
        self.database = urlsplit(database_url).path.lstrip("/")

    def _seconds(self, processes: list) -> dict[int, float]:
        used = {}
        for process in processes:
            try:
                times = process.cpu_times()
            except self.psutil.Error:
                continue
            used[process.pid] = times.user + times.system
        return used

    def sample(self) -> tuple[dict[int, float], dict[int, float]]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            ).fetchall()
        backends = []
        for (pid,) in rows:
            try:
                backends.append(self.psutil.Process(pid))
            except self.psutil.Error:
                continue
        server = [self.server, *self.server.children(recursive=True)]
        return self._seconds(server), self._seconds(backends)

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        # A backend that came and went between the samples is missed: the pool keeps them.
        return sum(after[pid] - before.get(pid, 0.0) for pid in after)


# One run ------------------------------------------------------------------------------------


@dataclass
class Run:
    rate: float
    seconds: float
    achieved: float
    requests: int
    statuses: dict[int, int]
    p_all: tuple[float, float, float]
    p_submit: tuple[float, float, float]
    p_read: tuple[float, float, float]
    load_before: str
    load_after: str
    sockets: dict[str, int]
    server_errors: int
    cpu_ms: tuple[float, float] = (0.0, 0.0)
    probe_ms: float = float("nan")

    @property
    def errors(self) -> int:
        return sum(c for s, c in self.statuses.items() if s == 0 or s >= 400)

    @property
    def error_share(self) -> float:
        return self.errors / self.requests if self.requests else 1.0

    def count(self, test: Callable[[int], bool]) -> int:
        return sum(c for s, c in self.statuses.items() if test(s))

    @property
    def held(self) -> bool:
        return (
            self.p_all[1] <= P95_LIMIT_MS
            and self.error_share < ERROR_LIMIT
            and self.achieved >= ACHIEVED_SHARE * self.rate
        )


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3  # type: ignore[return-value]
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return at(0.5), at(0.95), at(0.99)


def run_once(
    base: str,
    log: Path,
    sessions: Path,
    rate: float,
    seconds: float,
    warm_up: float,
    sockets: int,
    callers: int,
    cpu: CpuMeter,
) -> Run:
    var_dir = Path(tempfile.mkdtemp(prefix="load-run-"))
    record = var_dir / "requests.jsonl"
    before = load_average()
    cpu_before = cpu.sample()
    errors_before = log.read_text(errors="replace").count("Internal Server Error")
    idle = None
    if sockets:
        ws_url = base.replace("http://", "ws://") + "/ws/notifications/"
        idle = subprocess.Popen(
            [sys.executable, str(ROOT / "bench/load/idle_sockets.py"), "--url", ws_url,
             "--cookie", json.loads(sessions.read_text())[SEAFARERS[-1]], "-n", str(sockets),
             "--seconds", str(seconds + 30)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
    env = {
        **os.environ,
        "LOAD_SUBMISSIONS": str(rate),
        "LOAD_SECONDS": str(seconds),
        "LOAD_RECORD": str(record),
        "LOAD_HOTLINE_CALLERS": str(callers),
        "LOAD_SESSIONS": str(sessions),
    }
    with SpeedProbe() as probe:
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
             "-H", base, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
            env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
            stderr=open(var_dir / "locust.log", "w"),  # noqa: SIM115 - closed with the process
        )  # fmt: skip
    after = load_average()
    cpu_after = cpu.sample()
    socket_counts: dict[str, int] = {}
    if idle is not None:
        idle.terminate()
        out, _ = idle.communicate(timeout=60)
        if out.strip():
            socket_counts = json.loads(out.strip().splitlines()[-1])
    rows = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    if not rows:
        raise SystemExit(f"Locust recorded nothing: see {var_dir / 'locust.log'}")
    start = min(r[0] for r in rows) + warm_up
    counted = [r for r in rows if r[0] >= start]
    span = max(r[0] for r in counted) - start if counted else 1.0
    submits = [r for r in counted if r[1] == "submit"]
    errors_after = log.read_text(errors="replace").count("Internal Server Error")
    return Run(
        rate=rate,
        seconds=span,
        achieved=len(submits) / span,
        requests=len(counted),
        statuses=dict(collections.Counter(r[3] for r in counted)),
        p_all=percentiles([r[4] for r in counted]),
        p_submit=percentiles([r[4] for r in submits]),
        p_read=percentiles([r[4] for r in counted if r[1] == "read"]),
        load_before=before,
        load_after=after,
        sockets=socket_counts,
        server_errors=errors_after - errors_before,
        cpu_ms=(
            1000 * CpuMeter.spent(cpu_before[0], cpu_after[0]) / max(1, len(rows)),
            1000 * CpuMeter.spent(cpu_before[1], cpu_after[1]) / max(1, len(rows)),
        ),
        probe_ms=probe.median_ms(),
    )


def describe(run: Run) -> str:
    def ms(p: tuple[float, float, float]) -> str:
        return " / ".join(f"{x:.0f}" for x in p)

    busy = run.count(lambda s: s == 503)
    other_5xx = run.count(lambda s: s >= 500 and s != 503)
    client = run.count(lambda s: 400 <= s < 500)
    none = run.count(lambda s: s == 0)
    lines = [
        f"rate {run.rate:g} submissions/s: achieved {run.achieved:.1f}/s, "
        f"{run.requests} requests in {run.seconds:.0f} s ({run.requests / run.seconds:.0f}/s)",
        f"  p50/p95/p99 ms: all {ms(run.p_all)}; submissions {ms(run.p_submit)}; "
        f"reads {ms(run.p_read)}",
        f"  errors {run.errors} ({100 * run.error_share:.2f} %): 503 {busy}, other 5xx "
        f"{other_5xx}, 4xx {client}, no answer {none}; server log 'Internal Server Error': "
        f"{run.server_errors}",
        f"  statuses {dict(sorted(run.statuses.items()))}; idle sockets {run.sockets or '-'}",
        "  CPU per request (the whole run, warm-up and idle sockets included): server "
        f"{run.cpu_ms[0]:.1f} ms, PostgreSQL {run.cpu_ms[1]:.1f} ms; the machine's speed "
        f"probe {run.probe_ms:.2f} ms (bench/load/speed_probe.py)",
        f"  load average before {run.load_before}, after {run.load_after}; "
        f"{'HELD' if run.held else 'not held'}",
    ]
    return "\n".join(lines)


def first_traceback(log: Path) -> str:
    text = log.read_text(errors="replace")
    at = text.find("Traceback")
    return text[at : at + 4000] if at >= 0 else ""


def database_age(url: str) -> str:
    """What earlier runs left in the database. Every run adds ~2,000 screening responses and
    ~600 questions to 50 accounts, and the pages that list a seafarer's own (screening history:
    every point of the trend; their questions) grow with them: on a kept database used for a
    dozen runs the history page, then listing 200 rows, cost about four times its first run's
    CPU (bench/README.md, "The collector"). Compare runs on databases of a similar age."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        responses, seafarers = conn.execute(
            "SELECT count(*), count(DISTINCT seafarer_id) FROM screening_response"
        ).fetchone()
        questions = conn.execute("SELECT count(*) FROM inquiries_question").fetchone()[0]
    per = responses / seafarers if seafarers else 0
    return (
        f"database: {responses} screening responses ({per:.0f} per seafarer who has any), "
        f"{questions} questions"
    )


def settle(url: str) -> str:
    """``VACUUM (ANALYZE)`` the database, as autovacuum does on a production server between
    bursts of writes. PostgreSQL on the machines these figures come from runs with autovacuum
    off: without this, every run left its dead rows (the monthly usage row updated on every
    seafarer's POST) and its tables unanalysed, and the planner went on estimating the few rows
    of the first run and chose sequential scans (1,595 of ``screening_screening`` in three
    runs). Those runs also grew slower one after another (p95 163, 214, 244 ms), but runs with
    this step did too at times, so how much of that was the database and how much the shared
    machine is not known (bench/README.md, 2026-12-06 late evening)."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        autovacuum = conn.execute("SHOW autovacuum").fetchone()[0]
        conn.execute("VACUUM (ANALYZE)")
    return f"VACUUM (ANALYZE) in {time.perf_counter() - started:.1f} s (autovacuum {autovacuum})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="25,50,75,100", help="submissions/s, comma-separated")
    parser.add_argument("--repeat-rate", type=float, default=50, help="the key rate")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the key rate in all")
    parser.add_argument("--seconds", type=float, default=75)
    parser.add_argument("--warm-up", type=float, default=15)
    parser.add_argument("--sockets", type=int, default=300, help="idle WebSocket clients")
    parser.add_argument("--callers", type=int, default=20, help="hotline callers waiting")
    parser.add_argument("--reads", type=float, default=20, help="background page views/s")
    parser.add_argument("--clinician-rounds", type=float, default=2, help="queue rounds/s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", help="a database name to keep between invocations")
    parser.add_argument("--synthetic", type=int, default=0, help="generate_synthetic seafarers")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("needs DATABASE_URL=postgres://... and REDIS_URL=redis://...")
    rates = [float(r) for r in args.rates.split(",") if r]
    plan = list(rates)
    plan += [args.repeat_rate] * max(0, args.repeat - plan.count(args.repeat_rate))
    extra = dict(item.split("=", 1) for item in args.env)
    # The background of the mix, the same in every run (read by the locustfile).
    os.environ["LOAD_READS"] = str(args.reads)
    os.environ["LOAD_CLINICIAN_ROUNDS"] = str(args.clinician_rounds)

    if args.keep:
        var_dir = Path(tempfile.gettempdir()) / f"seafarers-load-{args.keep}"
        var_dir.mkdir(exist_ok=True)
    else:
        var_dir = Path(tempfile.mkdtemp(prefix="seafarers-load-"))
    with contextlib.ExitStack() as stack:
        if args.keep:
            url, created = stack.enter_context(kept_postgres(database, args.keep))
        else:
            url = stack.enter_context(scratch_postgres(database, scratch_name("bench_load")))
            created = True
        env = site_env(str(var_dir), url)
        if created or not (var_dir / "prepared").exists():
            prepare(env, args.synthetic)
            (var_dir / "prepared").write_text("ok")
        else:  # a database kept from before the extra seafarers: add what is missing
            manage(env, "load_demo", "--extra-seafarers", str(EXTRA_SEAFARERS))
        print(
            f"server: serve --no-worker --workers {args.workers} on PostgreSQL, Redis "
            f"{env['REDIS_URL']}, extra settings {extra or '-'}; plan {plan} submissions/s, "
            f"{args.seconds:g} s each ({args.warm_up:g} s warm-up), {args.sockets} idle "
            f"sockets, {args.callers} hotline callers, {args.reads:g} page views/s, "
            f"{args.clinician_rounds:g} clinician rounds/s",
            flush=True,
        )
        print(database_age(url), flush=True)
        base, log, server_pid = stack.enter_context(server(env, args.workers, extra))
        cpu = CpuMeter(server_pid, url)
        sessions = var_dir / "sessions.json"
        sessions.write_text(json.dumps(sign_everyone_in(base)))
        runs = []
        for rate in plan:
            print(settle(url), flush=True)
            run = run_once(
                base,
                log,
                sessions,
                rate,
                args.seconds,
                args.warm_up,
                args.sockets,
                args.callers,
                cpu,
            )
            runs.append(run)
            print(time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), flush=True)
            print(describe(run), flush=True)
        held = [run.rate for run in runs if run.held]
        print(f"highest rate held (p95 <= {P95_LIMIT_MS:g} ms, < 1 % errors): "
              f"{max(held) if held else 'none'} submissions/s")  # fmt: skip
        total_500 = sum(r.count(lambda s: s >= 500 and s != 503) for r in runs)
        print(f"HTTP 5xx other than 503 over all runs: {total_500}")
        if total_500 or any(r.server_errors for r in runs):
            print("first traceback in the server log:\n" + first_traceback(log))
        # Every audited write of the runs was chained after its commit, in parallel.
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "verify_audit_chain"],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        print("verify_audit_chain: " + (done.stdout + done.stderr).strip())


if __name__ == "__main__":
    main()
