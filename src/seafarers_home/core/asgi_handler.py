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
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class OneHopASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # Thread-sensitive: the request's own thread (ASGIHandler runs each request in a
        # ThreadSensitiveContext), the one that also runs its signals and its response.close().
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
