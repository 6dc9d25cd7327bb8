"""The subtraction attacker, shared by the tests of every aggregate view: it knows the
visible cells, the visible total and that hidden cells hold at least 1, and enumerates every
assignment of counts to the hidden cells (exhaustive search, memoised)."""

from __future__ import annotations

from functools import cache


def possible_values(cells: dict[str, int | None], total: int) -> dict[str, set[int]]:
    """For each hidden cell, every count (>= 1) it could hold given what is shown."""
    hidden = [code for code, n in cells.items() if n is None]
    remaining = total - sum(n for n in cells.values() if n is not None)

    @cache
    def can_fill(n_cells: int, amount: int) -> bool:
        if n_cells == 0:
            return amount == 0
        return any(can_fill(n_cells - 1, amount - v) for v in range(1, amount + 1))

    return {
        code: {v for v in range(1, remaining + 1) if can_fill(len(hidden) - 1, remaining - v)}
        for code in hidden
    }


def recoverable(cells: dict[str, int | None], total: int) -> list[str]:
    """Hidden cells whose count the attacker pins down to a single value."""
    return [code for code, values in possible_values(cells, total).items() if len(values) == 1]


def assert_safe(cells: dict[str, int | None], total: int | None) -> None:
    """What an aggregate view shows of one group: no visible count of 1–4, and no hidden count
    recoverable by subtraction from the total."""
    assert all(n is None or not 1 <= n <= 4 for n in cells.values()), cells
    if total is None:  # the group shows nothing: no cell either
        assert all(n is None for n in cells.values()), cells
        return
    assert recoverable(cells, total) == [], (cells, total)
