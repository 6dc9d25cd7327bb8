"""Small-cell-suppressed band distributions for companies and the union.

An employer or the union sees how many people fell into each severity band of an instrument,
never who. Counts of a handful of people identify them on a crew of twenty, so every table
that leaves the clinic goes through ``suppress_group``:

1. A group (one instrument's respondents in one campaign or company) of fewer than
   ``min_group`` (10) respondents shows nothing at all: no cells and no total.
2. Every cell of 1 to ``min_cell - 1`` (1–4) people is hidden (primary suppression). A zero is
   shown: "nobody" identifies nobody, and hiding zeros would only make the table unreadable.
3. Complementary suppression. The group size is never secret (the campaign page lists who
   has done the check-up), so the reader always knows the total. With exactly one hidden
   cell the reader would recover it as total − visible cells: the next-smallest non-zero
   cell is hidden too. Hidden cells are known to be at least 1 (zeros are shown), so ``k``
   hidden cells summing to ``k`` are all pinned to 1: again the next-smallest non-zero cell
   is hidden. If no cell is left to hide, the group shows nothing.

The tests (tests/screening_campaigns/test_aggregates.py) check these promises with a
brute-force attacker: given the visible cells and the visible total, it enumerates every
assignment of positive counts to the hidden cells and asserts that none is unique.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

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


def _instrument_bands(instrument_code: str) -> tuple[list[str], dict[str, str]]:
    """Band codes in order and their labels, from the instrument definition when it loads."""
    try:
        from seafarers_home.screening.instruments import UnknownInstrument, get_instrument
    except ImportError:  # the instrument registry is not installed: show the stored bands
        return [], {}
    try:
        instrument = get_instrument(instrument_code)
    except UnknownInstrument:  # a retired instrument: show the stored bands
        return [], {}
    return [band.code for band in instrument.bands], {b.code: b.label for b in instrument.bands}


def instrument_title(instrument_code: str) -> str:
    """The instrument's title in the interface language, or its code when not loaded."""
    try:
        from seafarers_home.screening.instruments import UnknownInstrument, get_instrument
    except ImportError:
        return instrument_code
    try:
        return get_instrument(instrument_code).title
    except UnknownInstrument:
        return instrument_code


def _ordered_counts(instrument_code: str, observed: dict[str, int]) -> tuple[dict, dict]:
    codes, labels = _instrument_bands(instrument_code)
    counts = dict.fromkeys(codes, 0)
    for band, n in sorted(observed.items()):
        counts[band] = counts.get(band, 0) + n
    return counts, labels


def band_distribution(responses_qs: QuerySet[Any], instrument_code: str) -> SuppressedGroup:
    """The suppressed band distribution of ``instrument_code`` among ``responses_qs``.

    A respondent is a Response row: callers pass a queryset holding at most one response per
    person and instrument (a campaign's screenings, or completed screenings in a report)."""
    rows = (
        responses_qs.filter(instrument_code=instrument_code)
        .exclude(band="")
        .order_by()
        .values_list("band")
        .annotate(n=Count("id"))
    )
    counts, labels = _ordered_counts(instrument_code, dict(rows))
    group = suppress_group(counts)
    return SuppressedGroup(group.cells, group.total, group.shown, labels)


def _report_responses() -> QuerySet[Any]:
    from seafarers_home.screening.models import Response, Screening

    # Completed screenings only, so each person counts once per instrument per screening.
    return Response.objects.filter(screening__status=Screening.Status.COMPLETED).exclude(band="")


def company_band_report(organisation: Any) -> dict[str, SuppressedGroup]:
    """Instrument code → suppressed band distribution for the people screened while employed
    by the company (``Response.company``, recorded at submission).

    ``organisation`` may be the company or its company union."""
    company = getattr(organisation, "company", None) or organisation
    rows = (
        _report_responses()
        .filter(company=company)
        .order_by()
        .values_list("instrument_code", "band")
        .annotate(n=Count("id"))
    )
    by_instrument: dict[str, dict[str, int]] = defaultdict(dict)
    for code, band, n in rows:
        by_instrument[code][band] = n
    return {code: _suppressed(code, observed) for code, observed in sorted(by_instrument.items())}


def union_band_queryset() -> QuerySet[Any]:
    """(company id, instrument code, band, n) rows of the union report: grouped by the company
    stored on each response, so no join through users and profiles."""
    return (
        _report_responses()
        .filter(company__isnull=False)
        .order_by()
        .values_list("company", "instrument_code", "band")
        .annotate(n=Count("id"))
    )


def union_band_report() -> dict[int, dict[str, SuppressedGroup]]:
    """Company id → instrument code → suppressed band distribution, for union staff.

    One GROUP BY over the responses (indexed by company, instrument_code, band); suppression
    runs per company and instrument, so a small company shows nothing rather than its few
    people. A response counts for the company the seafarer worked for when submitting it."""
    nested: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for company_id, code, band, n in union_band_queryset():
        nested[company_id][code][band] = n
    return {
        company_id: {code: _suppressed(code, observed) for code, observed in sorted(per.items())}
        for company_id, per in nested.items()
    }


def _suppressed(instrument_code: str, observed: dict[str, int]) -> SuppressedGroup:
    counts, labels = _ordered_counts(instrument_code, observed)
    group = suppress_group(counts)
    return SuppressedGroup(group.cells, group.total, group.shown, labels)
