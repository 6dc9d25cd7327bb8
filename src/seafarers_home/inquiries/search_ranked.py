"""Ranked top-k knowledge matches without joining every match to the entries (issue 20 item 4).

A common phrase (怎么办) matches tens of thousands of entries; joining each of them to its entry
(published? allowed? its date for ties) and sorting them all cost most of a search. Instead:

1. *Candidates from the index alone*: the covering index (term, entry, weight) gives every
   match's hits and score (an index-only scan and one aggregate); only the rows ranking at
   or above the ``m``-th best (hits, score) are returned — every row tied with it included,
   since ties are broken by the entry's date, which the index does not hold.
2. *Only the candidates are joined* to the entries (visibility, category, date) and ordered.

This is exact, not an approximation: every row left out ranks strictly below every candidate,
so when at least ``offset + limit`` candidates are visible their order is the full order's
start. When fewer are (most candidates unpublished, or another category), a wider candidate
set is tried, then the full query (``full``) — rare, and still correct.

The list page asks for a count capped at ``count_cap``: past it the page says "more than N"
and pages up to N, instead of an exact COUNT over every match (the same candidate pass
answers both the count and the page). The API keeps the exact count (no cap).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from seafarers_home.inquiries.models import KnowledgeTerm

# Candidates per wanted row: room for unpublished or withheld entries among the best matches.
CANDIDATE_FACTOR = 2
CANDIDATE_EXTRA = 40
WIDER = 8  # the second try, before the full query
MAX_JOINED_TERMS = 6
ID_CHUNK = 5000


def _matched_sql(table: str, terms: list[str], min_hits: int) -> tuple[str, list[Any]]:
    """(entry_id, hits, score) of every entry with at least ``min_hits`` of ``terms``. When
    every term is needed (a search) and they are few, a join of each term's postings on the
    entry (sorted by entry in the index: hash or merge joins, no aggregate over all of them;
    about 3x faster than the GROUP BY for 怎么办); otherwise a GROUP BY over the postings."""
    if min_hits == len(terms) and len(terms) <= MAX_JOINED_TERMS:
        joins = "".join(
            f" JOIN {table} t{i} ON t{i}.entry_id = t0.entry_id AND t{i}.term = %s"
            for i in range(1, len(terms))
        )
        score = " + ".join(f"t{i}.weight" for i in range(len(terms)))
        sql = f"SELECT t0.entry_id, {len(terms)} AS hits, {score} AS score FROM {table} t0"  # noqa: S608
        return f"{sql}{joins} WHERE t0.term = %s", [*terms[1:], terms[0]]
    marks = ", ".join(["%s"] * len(terms))
    sql = (
        f"SELECT entry_id, COUNT(term) AS hits, SUM(weight) AS score FROM {table} "  # noqa: S608
        f"WHERE term IN ({marks}) GROUP BY entry_id HAVING COUNT(term) >= %s"
    )
    return sql, [*terms, min_hits]


def candidate_rows(terms: list[str], min_hits: int, m: int) -> tuple[list[tuple], bool]:
    """(entry_id, hits, score) of every match ranking at or above the ``m``-th best by
    (hits, score), from the index alone; True when that is every match (fewer than ``m``)."""
    table = connection.ops.quote_name(KnowledgeTerm._meta.db_table)
    matched, params = _matched_sql(table, terms, min_hits)
    sql = f"""
        WITH matched AS ({matched}),
        boundary AS (
            SELECT hits, score FROM matched ORDER BY hits DESC, score DESC LIMIT 1 OFFSET %s
        )
        SELECT entry_id, hits, score, (SELECT COUNT(*) FROM boundary) FROM matched
        WHERE NOT EXISTS (SELECT 1 FROM boundary)
           OR (hits, score) >= (SELECT hits, score FROM boundary)
    """  # noqa: S608 - the table is ours; the terms are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, m - 1])
        rows = cursor.fetchall()
    cut = bool(rows) and rows[0][3] > 0
    return [row[:3] for row in rows], not cut


class RankedMatches:
    """The ranked matches of a query as ``{"entry_id", "score"}`` rows: sliceable and
    countable, so a ``Paginator`` or the API can use it like the queryset it replaces."""

    def __init__(
        self,
        terms: list[str],
        min_hits: int,
        visible: Callable[[list[int]], QuerySet],
        full: Callable[[], QuerySet],
        count_cap: int | None = None,
    ) -> None:
        self.terms = terms
        self.min_hits = min_hits
        self.visible = visible
        self.full = full
        self.count_cap = count_cap
        self.capped = False
        self._cached: tuple[int, list[dict[str, Any]], bool] | None = None

    def _ranked(self, m: int) -> tuple[list[dict[str, Any]], bool]:
        """The visible candidates in rank order, and whether they are every visible match."""
        if self._cached and (self._cached[0] >= m or self._cached[2]):
            return self._cached[1], self._cached[2]
        rows, complete = candidate_rows(self.terms, self.min_hits, m)
        scores = {entry_id: (hits, score) for entry_id, hits, score in rows}
        ids = list(scores)
        dated = [
            row
            # In chunks: many rows tied at the boundary must not exceed SQLite's variables.
            for start in range(0, len(ids), ID_CHUNK)
            for row in self.visible(ids[start : start + ID_CHUNK]).values_list("pk", "published_at")
        ]
        order = sorted(((*scores[pk], at, pk) for pk, at in dated), reverse=True)
        ranked = [{"entry_id": pk, "score": score} for _hits, score, _at, pk in order]
        self._cached = (m, ranked, complete)
        return ranked, complete

    def count(self) -> int:
        if not self.terms:
            return 0
        if self.count_cap is None:
            return self.full().count()
        ranked, complete = self._ranked(max(self.count_cap, CANDIDATE_EXTRA))
        if complete and len(ranked) <= self.count_cap:
            return len(ranked)
        if len(ranked) >= self.count_cap:
            self.capped = True
            return self.count_cap
        return self.full().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        if not isinstance(window, slice) or window.step not in (None, 1):
            raise TypeError("RankedMatches takes a slice")
        start, stop = window.start or 0, window.stop
        if not self.terms or (stop is not None and stop <= start):
            return []
        if stop is None:
            return list(self.full()[start:])
        if self._cached and (self._cached[2] or len(self._cached[1]) >= stop):
            return self._cached[1][start:stop]  # the count's candidates hold the page
        m = CANDIDATE_FACTOR * stop + CANDIDATE_EXTRA
        for size in (m, m * WIDER):
            ranked, complete = self._ranked(size)
            if complete or len(ranked) >= stop:
                return ranked[start:stop]
        return list(self.full()[start:stop])
