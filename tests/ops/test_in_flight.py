"""The bound on requests in flight under uvicorn (core/asgi_handler.py, core/in_flight.py): a
request past the bound waits on the event loop, without a thread, in order of arrival; it is
served when a slot is handed to it, answered "busy" when none comes in time, and dropped from
the queue when its client leaves. The crisis paths never wait. (The live-server tests in
test_overload.py show the same from outside, on PostgreSQL.)"""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.testing import ApplicationCommunicator
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import include, path

from seafarers_home.core.asgi_handler import OneHopASGIHandler
from seafarers_home.core.in_flight import LoopGate
from tests.ops.test_request_threads import scope

pytestmark = pytest.mark.django_db(transaction=True)

release_slow_view = threading.Event()
slow_view_started = threading.Event()
served: list[str] = []


def note(request: HttpRequest) -> HttpResponse:
    served.append(request.GET.get("n", ""))
    return HttpResponse("ok")


def slow(request: HttpRequest) -> HttpResponse:
    slow_view_started.set()
    release_slow_view.wait(timeout=10)
    return HttpResponse("late")


# "core:help" is a never-shed name (core/overload.py NEVER_SHED).
crisis = ([path("help/", note, name="help")], "core")
urlpatterns = [path("note/", note), path("slow/", slow), path("", include(crisis))]


class Request:
    """One request through the handler, started now, answered later."""

    def __init__(self, handler: OneHopASGIHandler, url: str, **headers: str) -> None:
        path_only, _, query = url.partition("?")
        self.app = ApplicationCommunicator(
            handler,
            {
                **scope(path_only),
                "query_string": query.encode(),
                "headers": [(b"host", b"testserver")]
                + [(k.encode(), v.encode()) for k, v in headers.items()],
            },
        )

    async def send(self) -> Request:
        await self.app.send_input({"type": "http.request", "body": b"", "more_body": False})
        return self

    async def answer(self) -> tuple[int, dict[bytes, bytes], bytes]:
        start = await self.app.receive_output(timeout=10)
        body = b""
        while True:
            message = await self.app.receive_output(timeout=10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await self.app.wait(timeout=10)
        return start["status"], dict(start["headers"]), body


async def until(condition, timeout: float = 10) -> None:
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


@pytest.fixture
def handler():
    served.clear()
    release_slow_view.clear()
    slow_view_started.clear()
    with override_settings(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver"],
        REQUESTS_IN_FLIGHT_MAX=1,
        REQUESTS_QUEUE_SECONDS=3,
        BUSY_RETRY_AFTER_SECONDS=7,
    ):
        yield OneHopASGIHandler()
    release_slow_view.set()


def assert_every_slot_back(handler: OneHopASGIHandler) -> None:
    assert (handler.gate.in_flight, handler.gate.waiting) == (0, 0)


async def hold_the_only_slot(handler: OneHopASGIHandler) -> Request:
    holder = await Request(handler, "/slow/").send()
    await until(slow_view_started.is_set)
    return holder


def test_it_serves_waiting_requests_in_order_of_arrival_without_a_thread_while_they_wait(
    handler,
):
    async def scenario() -> None:
        holder = await hold_the_only_slot(handler)
        threads_before = threading.active_count()
        waiting = [await Request(handler, f"/note/?n={n}").send() for n in range(3)]
        await until(lambda: handler.gate.waiting == 3)
        await asyncio.sleep(0.2)
        assert served == []  # queued on the loop: no view ran ...
        assert threading.active_count() == threads_before  # ... and no thread was started
        # A crisis path does not wait behind them.
        assert (await (await Request(handler, "/help/?n=crisis").send()).answer())[0] == 200
        assert served == ["crisis"]
        release_slow_view.set()
        assert (await holder.answer())[0] == 200
        assert [(await request.answer())[0] for request in waiting] == [200] * 3
        assert served == ["crisis", "0", "1", "2"]  # in order of arrival
        assert_every_slot_back(handler)

    asyncio.run(scenario())


def test_a_request_that_waits_in_vain_is_answered_busy_through_the_outer_middleware(handler):
    handler.queue_seconds = 0.3

    async def scenario() -> None:
        holder = await hold_the_only_slot(handler)
        status, headers, body = await (await Request(handler, "/note/").send()).answer()
        assert (status, headers[b"Retry-After"]) == (503, b"7")
        assert "服务器繁忙" in body.decode()
        assert b"Content-Security-Policy" in headers  # the outer middleware answered it
        english = await (
            await Request(handler, "/note/", **{"accept-language": "en"}).send()
        ).answer()
        assert "The server is busy" in english[2].decode()
        assert served == []
        release_slow_view.set()
        assert (await holder.answer())[0] == 200
        assert (await (await Request(handler, "/note/?n=after").send()).answer())[0] == 200
        assert served == ["after"]

    asyncio.run(scenario())


def test_a_client_that_leaves_while_it_waits_drops_out_of_the_queue(handler):
    async def scenario() -> None:
        holder = await hold_the_only_slot(handler)
        leaving = await Request(handler, "/note/?n=left").send()
        staying = await Request(handler, "/note/?n=stayed").send()
        await until(lambda: handler.gate.waiting == 2)
        await leaving.app.send_input({"type": "http.disconnect"})
        await leaving.app.wait(timeout=10)
        assert handler.gate.waiting == 1
        release_slow_view.set()
        assert (await holder.answer())[0] == 200
        assert (await staying.answer())[0] == 200
        assert served == ["stayed"]
        assert_every_slot_back(handler)

    asyncio.run(scenario())


def test_a_client_that_leaves_while_its_view_runs_keeps_the_slot_until_the_view_ends(handler):
    async def scenario() -> None:
        holder = await hold_the_only_slot(handler)
        await holder.app.send_input({"type": "http.disconnect"})  # the satellite link dropped
        await asyncio.sleep(0.3)
        # The view still runs, on its thread with its connection: the slot is still taken.
        assert handler.gate.in_flight == 1
        queued = await Request(handler, "/note/?n=next").send()
        await until(lambda: handler.gate.waiting == 1)
        await asyncio.sleep(0.2)
        assert served == []
        release_slow_view.set()
        await holder.app.wait(timeout=10)
        assert (await queued.answer())[0] == 200
        assert served == ["next"]
        assert_every_slot_back(handler)

    asyncio.run(scenario())


def test_a_static_path_never_waits_and_one_whitenoise_lacks_is_a_bare_404(handler):
    async def scenario() -> None:
        holder = await hold_the_only_slot(handler)
        # Answered while the only slot is taken: static files do not wait for one. Bare and
        # empty, not the site's 404 page: it did not go round the bound into the chain.
        missing = Request(handler, "/static/no-such-file.css", cookie="sessionid=x")
        assert (await (await missing.send()).answer())[::2] == (404, b"")
        release_slow_view.set()
        assert (await holder.answer())[0] == 200

    asyncio.run(scenario())


def test_a_freed_slot_goes_to_the_first_waiter_not_to_a_newcomer():
    async def scenario() -> None:
        gate = LoopGate(1)
        assert await gate.enter(0)
        first = asyncio.create_task(gate.enter(5))
        await until(lambda: gate.waiting == 1)
        gate.leave()
        assert not await gate.enter(0)  # arrived after the slot was handed on
        assert await first
        assert not await gate.enter(0.05)  # waits, and no slot comes
        gate.leave()
        assert (gate.in_flight, gate.waiting) == (0, 0)
        assert await LoopGate(0).enter(0)  # 0: no bound

    asyncio.run(scenario())
