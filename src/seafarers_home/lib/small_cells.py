"""Small-cell suppression: the one helper every aggregate shown outside the clinic uses
(screening campaign and company reports, the programme dashboard, the message-board
statistics; DOMAIN rule 1: an employer or the union sees counts, never who).

Counts of a handful of people identify them on a crew of twenty, so every table of counts
that leaves the clinic goes through ``suppress_group``:

1. A group (e.g. one instrument's respondents in one campaign or company, one month of
   departures, the questions of a period) of fewer than ``min_group`` (10) shows nothing at
   all: no cells and no total.
2. Every cell of 1 to ``min_cell - 1`` (1–4) is hidden (primary suppression). A zero is
   shown: "nobody" identifies nobody, and hiding zeros would only make the table unreadable.
3. Complementary suppression. The group size is never secret (a campaign page lists who
   has done the check-up; a statistics page prints its total), so the reader always knows
   the total. With exactly one hidden cell the reader would recover it as total − visible
   cells: the next-smallest non-zero cell is hidden too. Hidden cells are known to be at
   least 1 (zeros are shown), so ``k`` hidden cells summing to ``k`` are all pinned to 1:
   again the next-smallest non-zero cell is hidden. If no cell is left to hide, the group
   shows nothing.

A single figure that is part of a shown total (questions escalated out of all questions) is
a group of two cells, the part and the rest: ``suppress_part``.

The tests (tests/small_cells.py, used by each aggregate view's tests) check these promises
with a brute-force attacker: given the visible cells and the visible total, it enumerates
every assignment of positive counts to the hidden cells and asserts that none is unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_CELL = 5
MIN_GROUP = 10


@dataclass(frozen=True)
class SuppressedGroup:
    """What may be shown of one group: ``cells`` maps each band to a count or None (hidden);
    ``total`` is the group size (None only when ``shown`` is False: the group is too small, or
    too lopsided, to show anything)."""

    cells: dict[str, int | None]
    total: int | None
    shown: bool
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, str, int | None]]:
        """(band code, label, count or None) in band order, for templates."""
        return [(code, self.labels.get(code, code), n) for code, n in self.cells.items()]


def suppress_group(
    counts: dict[str, int], *, min_cell: int = MIN_CELL, min_group: int = MIN_GROUP
) -> SuppressedGroup:
    """Apply the rules of the module docstring to one group's ``counts`` (band → people).

    The order of ``counts`` is kept in the result (band order for display)."""
    if any(n < 0 for n in counts.values()):
        raise ValueError("counts must not be negative")
    group_size = sum(counts.values())
    if group_size < min_group:
        return SuppressedGroup(cells=dict.fromkeys(counts), total=None, shown=False)
    hidden = {code for code, n in counts.items() if 0 < n < min_cell}
    while _derivable(counts, hidden):
        # Hide the smallest other non-zero cell (ties broken by band order, deterministic).
        candidates = [
            (n, i, code)
            for i, (code, n) in enumerate(counts.items())
            if code not in hidden and n > 0
        ]
        if not candidates:
            return SuppressedGroup(cells=dict.fromkeys(counts), total=None, shown=False)
        hidden.add(min(candidates)[2])
    cells = {code: (None if code in hidden else n) for code, n in counts.items()}
    return SuppressedGroup(cells=cells, total=group_size, shown=True)


def _derivable(counts: dict[str, int], hidden: set[str]) -> bool:
    """Can some hidden cell be worked out from the visible cells and the total? One hidden
    cell always can; k cells (each >= 1) summing to k are all 1."""
    if not hidden:
        return False
    return len(hidden) == 1 or sum(counts[code] for code in hidden) == len(hidden)


def suppressed_distribution(
    counts: dict[str, int], *, min_cell: int = MIN_CELL, min_group: int = MIN_GROUP
) -> dict[str, int | None]:
    """The cells of ``suppress_group``: band → count, or None where the count is hidden.

    >>> suppressed_distribution({"a": 12, "b": 3, "c": 7})
    {'a': 12, 'b': None, 'c': None}
    >>> suppressed_distribution({"a": 3, "b": 4})  # fewer than 10 respondents
    {'a': None, 'b': None}
    """
    return suppress_group(counts, min_cell=min_cell, min_group=min_group).cells


def suppress_part(part: int, total: int) -> int | None:
    """``part`` of a shown ``total`` (the rest is known as total − part): the part, or None
    when it or the rest is a small cell, or the total is too small to show parts of."""
    return suppress_group({"part": part, "rest": total - part}).cells["part"]


def suppress_small(n: int, *, min_cell: int = MIN_CELL) -> int | None:
    """A count shown on its own (no total beside it): None for 1 to ``min_cell - 1``."""
    return None if 0 < n < min_cell else n
