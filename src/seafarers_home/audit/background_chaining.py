"""The chaining step in a thread of each process, off the request (issue 20 item 2).

With ``AUDIT_CHAIN_IN_BACKGROUND`` (on by default with PostgreSQL) a transaction that wrote
audit rows does not run the chaining step itself after it commits: it wakes this process's
chaining thread, which waits ``AUDIT_CHAIN_COALESCE_SECONDS`` for the rows of other requests
committing at the same moment and then links them all in one step (``chaining.chain_pending``)
on a connection of its own. Under load one step of seven statements then serves many writes
instead of each write paying for its own, and no request waits for chaining at all.

Nothing is lost if the process stops first: its rows stay pending (the verifier covers the
pending tail), the next step of any process links them, a normal exit runs a last step, and
the worker's sweep (``AUDIT_CHAIN_SWEEP_SECONDS``) is the safety net as before.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections

logger = logging.getLogger("seafarers_home.audit")

_wake = threading.Event()
_start_lock = threading.Lock()
_thread: threading.Thread | None = None


def wake_chainer(step: Callable[[], object]) -> None:
    """Ask this process's chaining thread for a ``step`` soon (started on first use; the step
    is chaining.chain_pending, passed in because that module imports this one)."""
    global _thread
    if _thread is None or not _thread.is_alive():
        with _start_lock:
            if _thread is None or not _thread.is_alive():
                _thread = threading.Thread(
                    target=_run, args=(step,), name="audit-chainer", daemon=True
                )
                _thread.start()
                atexit.register(_last_step, step)
    _wake.set()


def _run(step: Callable[[], object]) -> None:
    while True:
        _wake.wait()
        time.sleep(settings.AUDIT_CHAIN_COALESCE_SECONDS)
        # Cleared before the step reads: a row committed after this point sets the event again
        # and gets the next step; one committed before it is visible to this step.
        _wake.clear()
        _step(step)


def _step(step: Callable[[], object]) -> None:
    try:
        step()
    except Exception:
        logger.exception("chaining audit rows in the background failed")
    finally:
        connections.close_all()  # this thread's connection back to the pool


def _last_step(step: Callable[[], object]) -> None:
    if _wake.is_set():
        _step(step)
