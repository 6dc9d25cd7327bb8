"""Serve HTTP and WebSockets with uvicorn and run the task worker beside it."""

from __future__ import annotations

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

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        worker: subprocess.Popen[bytes] | None = None
        if not options["no_worker"]:
            manage = Path(settings.BASE_DIR) / "manage.py"
            worker = subprocess.Popen([sys.executable, str(manage), "db_worker"])  # noqa: S603
            self.stdout.write(f"task worker started (pid {worker.pid})")
        self.stdout.write(f"serving on http://{options['host']}:{options['port']}/")
        try:
            uvicorn.run(
                "seafarers_home.asgi:application",
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                proxy_headers=True,
                log_level="info",
            )
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
