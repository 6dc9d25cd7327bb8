"""Django's ASGI handler with a request's whole sync part in one hop to its thread, on a
request thread that is kept for the next request.

**One hop.** Django's own ASGIHandler builds the middleware chain in async mode. Ours is
synchronous (it reads the database), so Django adapted at every boundary: six hand-offs between
the event loop and the request's thread for the chain and the view, plus one each for the
``request_started`` signal and for ``response.close()``. Under load each hand-off waits for the
GIL behind the other requests' threads (5 ms a switch) and wakes a thread through the kernel,
so the hand-offs, not the work, set the latency (issue 20 item 8; bench/README.md). Here the
chain is built synchronous (as under WSGI), and one call on the request's thread sends
``request_started``, builds the request, runs the chain and the view and — when the answer is
already in memory, i.e. not streaming — closes the response, which sends ``request_finished``
(the database connection goes back to the pool before the bytes go out rather than after). A
streaming answer is closed after it is sent, as Django does. Reading the body, sending the
answer and a client's disconnect are handled as in Django's ``handle``.

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

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix

from seafarers_home.core.in_flight import (
    ADMISSION,
    ADMITTED,
    EXEMPT,
    REFUSED,
    STATIC,
    Admission,
    HeldSlot,
    LoopGate,
)
from seafarers_home.core.overload import is_never_shed, name_of_path


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
        self.gate = LoopGate(max(settings.REQUESTS_IN_FLIGHT_MAX, 0))
        self.queue_seconds = settings.REQUESTS_QUEUE_SECONDS
        static_url = settings.STATIC_URL or ""
        self.static_prefix = static_url if static_url.startswith("/") else ""

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

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        # Django 5.2's ASGIHandler.handle, with its sync parts in one hop (``_respond``).
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        script_prefix = get_script_prefix(scope)
        set_script_prefix(script_prefix)

        async def process_request() -> HttpResponseBase:
            admission, slot = await self._admit(scope, script_prefix)
            try:
                response = await sync_to_async(self._respond, thread_sensitive=True)(
                    {**scope, ADMISSION: admission}, body_file, slot
                )
            except BaseException:
                if slot is not None:
                    slot.abandon()  # unless the thread has begun: it gives the slot back
                raise
            with contextlib.suppress(asyncio.CancelledError):  # the client left meanwhile
                await self.send_response(response, send)
            return response

        # Listen for the client's disconnect while the request is served, as Django does.
        processing = asyncio.create_task(process_request())
        tasks = [asyncio.create_task(self.listen_for_disconnect(receive)), processing]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            if task.done():
                try:
                    task.result()
                except RequestAborted:
                    pass
                except AssertionError:
                    body_file.close()
                    raise
            else:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        try:
            response = processing.result()
        except asyncio.CancelledError:
            await signals.request_finished.asend(sender=self.__class__)
        else:
            if not response.closed:  # a streaming answer, closed once it has been sent
                await sync_to_async(response.close, thread_sensitive=True)()
        body_file.close()

    async def _admit(
        self, scope: dict[str, Any], script_prefix: str
    ) -> tuple[Admission, HeldSlot | None]:
        """Count the request against the bound on requests in flight, waiting for a slot here on
        the event loop (core/in_flight.py); the middleware then serves or sheds it as decided.
        Returns the decision and the slot the request holds, if it holds one."""
        path_info = scope["path"].removeprefix(script_prefix)
        if self.static_prefix and path_info.startswith(self.static_prefix):
            return Admission("", STATIC), None  # WhiteNoise's, never shed
        name = name_of_path(path_info)
        if is_never_shed(name, scope.get("method")):
            return Admission(name, EXEMPT), None
        if await self.gate.enter(self.queue_seconds):
            return Admission(name, ADMITTED), HeldSlot(self.gate, asyncio.get_running_loop())
        return Admission(name, REFUSED), None

    def _respond(
        self, scope: dict[str, Any], body_file: Any, slot: HeldSlot | None
    ) -> HttpResponseBase:
        """On the request's thread: everything of the request that is synchronous. The slot of
        the in-flight bound is given back here, when it has ended (not when the loop stops
        waiting for it: a client that leaves does not stop its view)."""
        if slot is not None and not slot.begin():
            raise RequestAborted  # the client left before its turn came
        try:
            return self._respond_in_slot(scope, body_file)
        finally:
            if slot is not None:
                slot.end()

    def _respond_in_slot(self, scope: dict[str, Any], body_file: Any) -> HttpResponseBase:
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, error_response = self.create_request(scope, body_file)
        if request is None:  # undecodable or too large: Django's 400 or 413
            assert error_response is not None
            response = error_response
        else:
            response = self.get_response(request)
            response._handler_class = self.__class__  # type: ignore[attr-defined]
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if not response.streaming:
            response.close()  # request_finished: the connection back to the pool
        return response
