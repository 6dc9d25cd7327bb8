"""Small-cell-suppressed band distributions for companies and the union.

An employer or the union sees how many people fell into each severity band of an instrument,
never who: every distribution goes through ``lib.small_cells.suppress_group`` (the rules are
in that module's docstring), which this module re-exports for its callers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from seafarers_home.lib.small_cells import (  # noqa: F401 (re-exported)
    MIN_CELL,
    MIN_GROUP,
    SuppressedGroup,
    suppress_group,
    suppressed_distribution,
)
from seafarers_home.screening.band_counts import band_count_rows
from seafarers_home.screening.instruments import UnknownInstrument, get_instrument


def _instrument_bands(instrument_code: str) -> tuple[list[str], dict[str, str]]:
    """Band codes in order and their labels, from the instrument definition when it loads."""
    try:
        instrument = get_instrument(instrument_code)
    except UnknownInstrument:  # a retired instrument: show the stored bands
        return [], {}
    return [band.code for band in instrument.bands], {b.code: b.label for b in instrument.bands}


def instrument_title(instrument_code: str) -> str:
    """The instrument's title in the interface language, or its code when not loaded."""
    try:
        return get_instrument(instrument_code).title
    except UnknownInstrument:
        return instrument_code


def _ordered_counts(
    instrument_code: str,
    observed: dict[str, int],
    bands: tuple[list[str], dict[str, str]] | None = None,
) -> tuple[dict, dict]:
    codes, labels = bands or _instrument_bands(instrument_code)
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


def company_band_report(organisation: Any) -> dict[str, SuppressedGroup]:
    """Instrument code → suppressed band distribution for the people screened while employed
    by the company (``Response.company``, recorded at submission).

    ``organisation`` may be the company or its company union. Reads the pre-aggregated
    ``BandCount`` rows (``screening.band_counts``): a few rows whatever the responses."""
    company = getattr(organisation, "company", None) or organisation
    by_instrument: dict[str, dict[str, int]] = defaultdict(dict)
    for _company, code, band, n in band_count_rows(company=company):
        by_instrument[code][band] = n
    return {code: _suppressed(code, observed) for code, observed in sorted(by_instrument.items())}


def union_band_queryset(**filters: Any) -> QuerySet[Any]:
    """(company id, instrument code, band, n) rows of the union report: the pre-aggregated
    counts (``BandCount``, one row per company, instrument and band), not the responses."""
    return band_count_rows(**filters)


def union_band_report(**filters: Any) -> dict[int, dict[str, SuppressedGroup]]:
    """Company id → instrument code → suppressed band distribution, for union staff.

    One read of the pre-aggregated counts (issue 20 item 4: flat as responses grow);
    suppression runs after aggregation, per company and instrument, so a small company shows
    nothing rather than its few people. A response counts for the company the seafarer
    worked for when submitting it. ``filters`` narrow the counts read (``company__in`` for
    one page of the union's page, screening/band_report.py)."""
    nested: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for company_id, code, band, n in union_band_queryset(**filters):
        nested[company_id][code][band] = n
    # Each instrument's bands and labels once per report, not once per company (at a
    # country's thousands of companies the look-ups cost more than the counts).
    bands = {code: _instrument_bands(code) for per in nested.values() for code in per}
    return {
        company_id: {
            code: _suppressed(code, observed, bands[code]) for code, observed in sorted(per.items())
        }
        for company_id, per in nested.items()
    }


def _suppressed(
    instrument_code: str,
    observed: dict[str, int],
    bands: tuple[list[str], dict[str, str]] | None = None,
) -> SuppressedGroup:
    counts, labels = _ordered_counts(instrument_code, observed, bands)
    group = suppress_group(counts)
    return SuppressedGroup(group.cells, group.total, group.shown, labels)
