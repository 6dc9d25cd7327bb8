"""Django's ASGI handler with the whole middleware chain and view run in one thread hop.

Django's own ASGIHandler builds the chain in async mode. Our middleware is synchronous (it
reads the database), so Django adapts at every boundary between async and sync: the request
went from the event loop to a thread for the outer middleware, back to the event loop
(``async_to_sync``) for the inner async-capable middleware and the view resolution, and into
the thread again for the view — six hand-offs between the event loop and the request's thread
per request instead of two. Under load each hand-off waits for the GIL behind the other
requests' threads (5 ms a switch), so these waits, not CPU, set the latency: the load test on a
machine half idle showed requests spending most of their time in
``CurrentThreadExecutor.run_until_future`` (issue 20 item 8; bench/README.md).

Here the chain is built synchronous (as under WSGI) and run with one ``sync_to_async`` call:
one hop in, one hop out. Everything else — reading the body, the signals, sending the answer,
client disconnects — is Django's ASGIHandler unchanged.

The request's thread is reused. Django enters a new ``ThreadSensitiveContext`` per request, and
asgiref then starts a thread for that request and stops it afterwards: under load, starting and
joining threads was about 5 % of a server process's CPU (py-spy, bench/README.md). Here each
request borrows a single-thread executor from the process's idle ones (asgiref's
``ThreadSensitiveContext(executor=...)``, which leaves the executor running on exit), as a
threaded WSGI server reuses its threads. A request still has its own thread for as long as it
runs: its signals, view and ``response.close()`` all run there, and Django's thread-local state
(the database connection, returned to the pool at ``request_finished``) is the thread's alone.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

# Idle request threads kept per process; more are stopped when their request ends (a burst past
# the bound on requests in flight can start many, each waiting for a slot in its thread).
IDLE_THREADS_KEPT = 16


class OneHopASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        # Touched only on the event loop (``__call__``), so no lock.
        self._idle: list[ThreadPoolExecutor] = []

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # as Django's
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self._idle.pop() if self._idle else ThreadPoolExecutor(1, "request")
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            # A request cancelled by its client's disconnect may still be running in the
            # thread; the next request given this executor then waits for it to finish.
            if len(self._idle) < IDLE_THREADS_KEPT:
                self._idle.append(executor)
            else:
                executor.shutdown(wait=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # Thread-sensitive: the request's own thread (ASGIHandler runs each request in a
        # ThreadSensitiveContext), the one that also runs its signals and its response.close().
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
