"""The HTTP side of the ASGI application (core/asgi_handler.py) as uvicorn calls it: each
request in a thread of its own for as long as it runs, the threads reused afterwards."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.signals import request_started

pytestmark = pytest.mark.django_db(transaction=True)


async def status_of(path: str) -> int:
    from seafarers_home.asgi import application

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }  # fmt: skip
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(20)
    while (await communicator.receive_output(20)).get("more_body"):
        pass
    await communicator.wait(20)
    return start["status"]


def served(*paths: str) -> list[int]:
    """GET ``paths`` at once through the ASGI application; their statuses."""

    async def get_all() -> list[int]:
        return list(await asyncio.gather(*(status_of(path) for path in paths)))

    return asyncio.run(get_all())


@pytest.fixture
def threads_seen():
    seen: list[int] = []

    def note(**_kwargs: object) -> None:
        seen.append(threading.get_ident())

    request_started.connect(note, weak=False)
    yield seen
    request_started.disconnect(note)


def test_it_runs_one_request_after_another_in_one_reused_thread(threads_seen):
    assert served("/healthz") == [200]
    assert served("/help/") == [200]
    assert served("/healthz") == [200]
    assert len(threads_seen) == 3
    assert len(set(threads_seen)) == 1  # the first request's thread served the others
    assert threads_seen[0] != threading.get_ident()


def test_it_runs_requests_at_once_in_threads_of_their_own(threads_seen):
    # Each request waits in its thread until the other has started: on one shared thread the
    # second could never start and the barrier would break.
    barrier = threading.Barrier(2, timeout=10)

    def wait_for_the_other(**_kwargs: object) -> None:
        barrier.wait()

    request_started.connect(wait_for_the_other, weak=False)
    try:
        assert served("/healthz", "/help/") == [200, 200]
    finally:
        request_started.disconnect(wait_for_the_other)
    assert len(set(threads_seen)) == 2
    assert served("/healthz", "/help/") == [200, 200]  # both threads reused, no third
    assert len(set(threads_seen)) == 2
