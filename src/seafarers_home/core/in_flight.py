"""The slots of the bound on requests in flight (REQUESTS_IN_FLIGHT_MAX, core/overload.py),
and the short wait for one.

Two kinds of server wait for a slot in two places:

- **uvicorn** (``core/asgi_handler.py``): on the event loop, before the request is lent a
  thread (``LoopGate``). A waiting request is a future in a queue: it holds no thread, no
  connection and no part of the GIL, and a client that leaves while it waits simply drops out
  of the queue. The slots are handed over in order of arrival: a freed slot goes straight to
  the longest-waiting request, so a request that has just arrived cannot take it first and
  leave an older one to run out its wait and be answered "busy".
- **a threaded WSGI server, the test client** (``ThreadGate``): in the request's thread, in the
  middleware.

The handler records what it decided in the request's ASGI scope (``ADMISSION``), and the
middleware obeys it instead of counting a second time.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from dataclasses import dataclass

# The key in the ASGI scope under which the handler leaves its decision for the middleware.
ADMISSION = "seafarers_home.admission"


@dataclass(frozen=True, slots=True)
class Admission:
    """What the handler decided before lending the request a thread."""

    view_name: str  # resolved once, on the event loop
    outcome: str  # ADMITTED, REFUSED (waited in vain: shed), EXEMPT (a crisis path) or STATIC


ADMITTED, REFUSED, EXEMPT, STATIC = "admitted", "refused", "exempt", "static"


class ThreadGate:
    """Slots for the requests in flight of a threaded server: a request past the bound waits in
    its own thread on a condition (holding no connection), and a freed slot wakes one waiter."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.in_flight = 0
        self._cond = threading.Condition()

    def _free(self) -> bool:
        return not self.capacity or self.in_flight < self.capacity

    def enter(self, wait: float) -> bool:
        with self._cond:
            if not self._cond.wait_for(self._free, timeout=max(wait, 0)):
                return False
            self.in_flight += 1
            return True

    def leave(self) -> None:
        with self._cond:
            self.in_flight -= 1
            self._cond.notify()


class LoopGate:
    """Slots for the requests in flight of one event loop, handed over in order of arrival.

    Used from the event loop's thread only, so it needs no lock. ``capacity`` 0 is no bound."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.in_flight = 0
        self._waiting: deque[asyncio.Future[bool]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def enter(self, wait: float) -> bool:
        """Take a slot, waiting up to ``wait`` seconds behind the requests that came first;
        False if none was handed over in time."""
        if not self.capacity or (self.in_flight < self.capacity and not self._waiting):
            self.in_flight += 1
            return True
        if wait <= 0:
            return False
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[bool] = loop.create_future()
        self._waiting.append(turn)
        timer = loop.call_later(wait, self._expire, turn)
        try:
            return await turn
        except asyncio.CancelledError:
            # The client left while it waited. A slot handed over at that very moment is
            # passed on, not lost.
            if turn.done() and not turn.cancelled() and turn.result():
                self.leave()
            else:
                self._forget(turn)
            raise
        finally:
            timer.cancel()

    def leave(self) -> None:
        """Give a slot back: to the longest-waiting request, or free."""
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(True)  # the slot changes hands; in_flight stays
                return
        self.in_flight -= 1

    def _expire(self, turn: asyncio.Future[bool]) -> None:
        if not turn.done():
            turn.set_result(False)
            self._forget(turn)

    def _forget(self, turn: asyncio.Future[bool]) -> None:
        with contextlib.suppress(ValueError):  # already handed a slot, or expired
            self._waiting.remove(turn)
        if not turn.done():
            turn.cancel()


class HeldSlot:
    """A ``LoopGate`` slot held by one request, given back once: by the request's thread when its
    synchronous part ends (scheduled on the loop), or by the loop at once if the client left
    before that part began. A client that leaves while its view runs does not free the slot:
    the view still holds a thread and a connection until it ends."""

    def __init__(self, gate: LoopGate, loop: asyncio.AbstractEventLoop) -> None:
        self._gate, self._loop = gate, loop
        self._lock = threading.Lock()
        self._state = "waiting"  # -> "running" -> "done", or "waiting" -> "abandoned"

    def begin(self) -> bool:
        """On the request's thread: False if the request was abandoned before it began."""
        with self._lock:
            if self._state == "abandoned":
                return False
            self._state = "running"
            return True

    def end(self) -> None:
        """On the request's thread, when its synchronous part has ended."""
        with self._lock:
            self._state = "done"
        self._loop.call_soon_threadsafe(self._gate.leave)

    def abandon(self) -> None:
        """On the loop, when the request will not be served (its client left): the slot goes
        back now unless its synchronous part has begun, which then gives it back itself."""
        with self._lock:
            if self._state != "waiting":
                return
            self._state = "abandoned"
        self._gate.leave()
