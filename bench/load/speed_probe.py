"""How fast the machine is while a load run goes on: a fixed piece of pure-Python work, timed
in CPU time once a second by a thread of the (otherwise idle) load_test.py process.

The same code under the same load cost 10.4, 10.6 and then 12.0 ms of server CPU per request
in three runs on one database, and the third run's p95 was 583 ms against 142 and 174
(bench/README.md, 2026-12-06 late evening): most likely the machine, shared with others,
slowed down for that minute, but nothing recorded showed it. Its virtual CPUs report no steal
time, so the way to see such a slowdown is to time work that does not change: this probe.
Compare its figure between runs of the same load; it rises with the machine's own slowdowns
(and a little with the load itself, which shares the cores).
"""

from __future__ import annotations

import statistics
import threading
import time
from types import TracebackType

WORK = 60_000  # about 3-4 ms of CPU on the machines of 2026-12


def fixed_work() -> int:
    total = 0
    for i in range(WORK):
        total += i * i % 7
    return total


class SpeedProbe:
    """``with SpeedProbe() as probe: ...`` then ``probe.median_ms()``."""

    def __init__(self, period: float = 1.0) -> None:
        self.period = period
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="speed-probe", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            started = time.thread_time()
            fixed_work()
            self.samples.append((time.thread_time() - started) * 1000)

    def __enter__(self) -> SpeedProbe:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def median_ms(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")


if __name__ == "__main__":  # the figure on an idle machine, for comparison
    with SpeedProbe(period=0.2) as probe:
        time.sleep(5)
    print(f"fixed work: {probe.median_ms():.2f} ms of CPU (median of {len(probe.samples)})")
