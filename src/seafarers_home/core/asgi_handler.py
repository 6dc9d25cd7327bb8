"""Django's ASGI handler with the whole middleware chain and view run in one thread hop, on a
request thread that is kept for the next request.

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

**The request's thread.** Django runs each request in its own ``ThreadSensitiveContext``, so
that the request's signals, middleware, view and ``response.close()`` share one thread (the
database connection is per thread). asgiref makes that thread for the request and, when the
request ends, starts a second thread only to join the first: two threads started and stopped
per request, 13 % of a server process's CPU in the load test (py-spy, GIL held, 50
submissions/s). Here each request borrows an idle single-thread executor instead
(``RequestThreads``) and gives it back when it ends — as a threaded WSGI server keeps its
threads. What a request leaves on its thread is what Django leaves on a WSGI thread: the
database connection is closed (given back to the pool) at ``request_finished``, and every
other per-request state (language, time zone, URL prefix) lives in the request's context, not
the thread. A request whose client left still ends only after its view (Django sends
``request_finished`` on the request's thread, behind the view); should work still be running
on a thread all the same, it is not lent again but stops once that work is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class RequestThread(ThreadPoolExecutor):
    """One worker thread, lent to one request at a time; knows whether work is still running
    on it (a request Django stopped waiting for)."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="request")
        self._unfinished = 0
        self._count_lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._count_lock:
            self._unfinished += 1
        future = super().submit(fn, *args, **kwargs)
        # Added before asyncio's own callback (run_in_executor wraps the future after submit
        # returns), so the count is down before the event loop hears the work is done.
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future[Any]) -> None:
        with self._count_lock:
            self._unfinished -= 1

    @property
    def is_idle(self) -> bool:
        return self._unfinished == 0


class RequestThreads:
    """The idle request threads of one process. Used from the event loop's thread only, so a
    list needs no lock. Grows to the most requests in flight at once; past ``keep`` idle
    threads the extra ones stop."""

    def __init__(self, keep: int = 64) -> None:
        self.keep = keep
        self._idle: list[RequestThread] = []

    def lend(self) -> RequestThread:
        return self._idle.pop() if self._idle else RequestThread()

    def give_back(self, thread: RequestThread) -> None:
        if thread.is_idle and len(self._idle) < self.keep:
            self._idle.append(thread)  # the most recently used first: its stack is warm
        else:
            thread.shutdown(wait=False)  # it stops once its last work is done

    @property
    def idle_count(self) -> int:
        return len(self._idle)


class OneHopASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self.request_threads = RequestThreads()

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            # As Django's handler: WebSockets go to Channels (asgi.py), never here.
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        thread = self.request_threads.lend()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            self.request_threads.give_back(thread)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # Thread-sensitive: the request's own thread (lent by __call__), the one that also runs
        # its signals and its response.close().
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
