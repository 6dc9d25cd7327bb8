"""The collector's settings for a long-running server process (issue 20 item 8).

Measured in the load test (bench/README.md, "The collector"), each server process at 50
submissions/s spent 9 % of its CPU in Python's cyclic garbage collector, most of it in 16–18
full collections in a 75-second run of up to 250–360 ms each, every one holding the GIL and so
stalling every request of the process. The full collections walk every object alive — ~240,000,
most of them the modules, URL patterns, templates and translations loaded at start, which live
as long as the process and are never garbage.

``settle_heap`` moves what exists at start into the collector's permanent generation
(``gc.freeze``), so a collection walks only what the requests made, and lets the youngest
generation grow before it is collected, so most of a request's short-lived objects are freed by
reference counting before a collection sees them. Reference cycles are still collected: only
less often, and each pass is shorter.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence


def settle_heap(thresholds: Sequence[int]) -> None:
    """After start-up: collect once, freeze what is left and apply ``thresholds``
    (``gc.set_threshold``). Empty ``thresholds``: nothing changes."""
    if not thresholds:
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
