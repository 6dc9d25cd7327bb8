"""Serve HTTP and WebSockets with uvicorn and run the task worker beside it."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the ASGI app with uvicorn and start the django-tasks worker alongside."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--no-worker", action="store_true", help="do not start the worker")
        parser.add_argument(
            "--graceful-seconds",
            type=int,
            default=20,
            help="on SIGTERM, how long open requests and sockets may take to finish",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        worker: subprocess.Popen[bytes] | None = None
        if not options["no_worker"]:
            manage = Path(settings.BASE_DIR) / "manage.py"
            # No autoreloader: its parent process would die on terminate() and orphan the child.
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, str(manage), "db_worker", "--no-reload"]
            )
            self.stdout.write(f"task worker started (pid {worker.pid})")
        self.stdout.write(f"serving on http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal with the handler
        # that was installed before it started. The default handler would kill this process
        # before `finally` stops the worker, so SIGTERM becomes a normal exit here.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            uvicorn.run(
                # The factory settles the heap in each process once the app is loaded.
                "seafarers_home.asgi:serving_application",
                factory=True,
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                proxy_headers=True,
                # The root logger's LOG_LEVEL: at WARNING uvicorn writes no access line per
                # request (~2 % of a server process's CPU at 114 requests/s). As a number:
                # uvicorn knows only six names, Python's logging also WARN, FATAL, NOTSET.
                log_level=logging.getLevelNamesMapping()[settings.LOG_LEVEL],
                # Without a bound a worker waited for its open WebSockets for ever after
                # SIGTERM and outlived the server that had started it (seen in bench/).
                timeout_graceful_shutdown=options["graceful_seconds"],
            )
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
