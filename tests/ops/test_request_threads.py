"""The ASGI handler's request threads (core/asgi_handler.py): kept from one request to the next
instead of two threads started and stopped per request, and never lent while work still runs
on them."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.signals import request_finished
from django.db import connection
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import override_settings
from django.urls import path

from seafarers_home.core.asgi_handler import OneHopASGIHandler, RequestThreads

pytestmark = pytest.mark.django_db(transaction=True)

release_slow_view = threading.Event()
slow_view_started = threading.Event()
threads_seen: list[int] = []


def where_am_i(request: HttpRequest) -> HttpResponse:
    threads_seen.append(threading.get_ident())
    with connection.cursor() as cursor:  # the thread opens its own connection
        cursor.execute("SELECT 1")
    return HttpResponse("ok")


def slow(request: HttpRequest) -> HttpResponse:
    slow_view_started.set()
    release_slow_view.wait(timeout=10)
    return HttpResponse("late")


async def two_parts():
    yield b"a"
    yield b"b"


def streamed(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(two_parts())


urlpatterns = [path("where/", where_am_i), path("slow/", slow), path("streamed/", streamed)]


def scope(url: str) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def get(handler: OneHopASGIHandler, url: str) -> int:
    app = ApplicationCommunicator(handler, scope(url))
    await app.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await app.receive_output(timeout=10)
    body = await app.receive_output(timeout=10)
    assert body["type"] == "http.response.body"
    await app.wait(timeout=10)
    return start["status"]


@pytest.fixture
def handler():
    threads_seen.clear()
    release_slow_view.clear()
    slow_view_started.clear()
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        yield OneHopASGIHandler()
    release_slow_view.set()


def test_it_serves_one_request_after_another_on_one_kept_thread(handler):
    async def scenario() -> list[int]:
        return [await get(handler, "/where/") for _ in range(5)]

    assert asyncio.run(scenario()) == [200] * 5
    assert len(set(threads_seen)) == 1
    assert handler.request_threads.idle_count == 1


def test_it_lends_each_concurrent_request_a_thread_of_its_own_and_keeps_them(handler):
    async def scenario() -> list[int]:
        return list(await asyncio.gather(*(get(handler, "/where/") for _ in range(3))))

    assert asyncio.run(scenario()) == [200] * 3
    assert len(set(threads_seen)) == 3
    assert handler.request_threads.idle_count == 3
    before = threading.active_count()
    asyncio.run(scenario())
    assert threading.active_count() == before  # no new thread for the second three


def test_a_request_whose_client_left_ends_with_its_view_and_the_thread_serves_the_next(handler):
    async def scenario() -> None:
        app = ApplicationCommunicator(handler, scope("/slow/"))
        await app.send_input({"type": "http.request", "body": b"", "more_body": False})
        while not slow_view_started.is_set():
            await asyncio.sleep(0.01)
        await app.send_input({"type": "http.disconnect"})  # the client gave up
        await asyncio.sleep(0.3)
        # Django's request_finished runs on the request's thread, after the view: the request
        # ends with its view, so its thread is never lent while the view still runs.
        assert not app.future.done()
        assert handler.request_threads.idle_count == 0
        release_slow_view.set()
        await app.wait(timeout=10)
        assert await get(handler, "/where/") == 200

    asyncio.run(scenario())
    assert handler.request_threads.idle_count == 1


def test_a_thread_with_work_still_on_it_is_not_kept():
    threads = RequestThreads()
    busy, release = threads.lend(), threading.Event()
    busy.submit(release.wait, 10)
    threads.give_back(busy)
    assert threads.idle_count == 0
    idle = threads.lend()
    assert idle is not busy
    idle.submit(lambda: None).result(timeout=10)
    threads.give_back(idle)
    assert threads.idle_count == 1
    release.set()


def test_an_answer_in_memory_frees_its_thread_and_connection_before_it_is_sent(handler):
    finished: list[str] = []

    def note(**_kwargs) -> None:
        finished.append(threading.current_thread().name)

    async def first_message(url: str) -> tuple[int, int]:
        app = ApplicationCommunicator(handler, scope(url))
        await app.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await app.receive_output(timeout=10)
        seen_at_start = len(finished)
        while (await app.receive_output(timeout=10)).get("more_body"):
            pass
        await app.wait(timeout=10)
        return start["status"], seen_at_start

    request_finished.connect(note)
    try:
        # request_finished (the connection back to the pool) ran on the request's thread, in
        # the same hop as the view: before the first byte went out.
        assert asyncio.run(first_message("/where/")) == (200, 1)
        assert finished[0].startswith("request")
        # A streaming answer is closed once sent, as Django does.
        finished.clear()
        assert asyncio.run(first_message("/streamed/")) == (200, 0)
        assert len(finished) == 1
    finally:
        request_finished.disconnect(note)
