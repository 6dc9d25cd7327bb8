"""Percentiles of small samples, one definition for every figure we print.

Nearest rank: the p-th percentile of n ascending values is the value at rank ⌈p·n⌉ (1-based),
so it is always one of the observed values (a waiting time that happened, not an average of
two), and the median of an even count is the lower middle value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an ascending sequence (``fraction`` 0.5: the median);
    None for an empty one."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]
