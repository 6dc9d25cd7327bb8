"""Small-cell suppression, including the subtraction attack, checked by a brute-force
attacker who knows the visible cells, the total and that hidden cells hold at least 1."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seafarers_home.lib.small_cells import suppress_group, suppressed_distribution
from seafarers_home.screening.aggregates import band_distribution, company_band_report
from seafarers_home.screening.models import Response
from tests.screening_campaigns.conftest import add_response, add_seafarer
from tests.small_cells import possible_values, recoverable


def test_it_hides_a_small_cell_and_its_complement():
    # The subtraction attack: with only b hidden, b = 22 − 12 − 7.
    assert suppressed_distribution({"a": 12, "b": 3, "c": 7}) == {"a": 12, "b": None, "c": None}
    group = suppress_group({"a": 12, "b": 3, "c": 7})
    assert group.total == 22
    assert recoverable(group.cells, group.total) == []


def test_it_shows_nothing_for_a_group_under_ten():
    group = suppress_group({"a": 5, "b": 4})
    assert group.shown is False and group.total is None
    assert group.cells == {"a": None, "b": None}


def test_it_shows_everything_when_every_cell_is_zero_or_large():
    group = suppress_group({"a": 0, "b": 5, "c": 20})
    assert group.cells == {"a": 0, "b": 5, "c": 20} and group.total == 25


def test_it_hides_another_cell_when_the_hidden_ones_must_all_be_one():
    # b and c hidden, but 22 − 20 = 2 over two cells of at least 1: both are 1.
    group = suppress_group({"a": 20, "b": 1, "c": 1})
    assert group.cells == {"a": None, "b": None, "c": None}
    assert recoverable(group.cells, group.total) == []


def test_it_picks_the_next_smallest_non_zero_cell_as_complement():
    assert suppressed_distribution({"a": 30, "b": 2, "c": 0, "d": 6, "e": 9}) == {
        "a": 30,
        "b": None,
        "c": 0,
        "d": None,
        "e": 9,
    }


def test_it_refuses_negative_counts():
    with pytest.raises(ValueError):
        suppress_group({"a": -1, "b": 20})


counts_strategy = st.dictionaries(
    st.sampled_from(["minimal", "mild", "moderate", "mod_severe", "severe"]),
    st.one_of(st.integers(0, 6), st.integers(0, 60)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(counts_strategy)
def test_it_never_lets_a_hidden_cell_be_recovered(counts):
    group = suppress_group(counts)
    total = sum(counts.values())
    if total < 10:
        assert group.shown is False
    if not group.shown:
        assert all(n is None for n in group.cells.values()) and group.total is None
        return
    assert group.total == total
    for code, n in group.cells.items():
        assert n is None or n == counts[code]  # shown cells are true
        assert n is None or not 1 <= n <= 4  # no visible small cell
        assert n is not None or counts[code] > 0  # zeros are never hidden
    candidates = possible_values(group.cells, group.total)
    assert all(counts[code] in values for code, values in candidates.items())
    assert recoverable(group.cells, group.total) == []


def test_it_counts_a_campaigns_bands_from_stored_responses(world):
    for i in range(10):
        person = add_seafarer(f"1350000{i:04d}", f"C{i}", world.company_a)
        add_response(person, "who5", "good" if i < 6 else "poor")
    add_response(world.seafarer_b, "who5", "poor")
    group = band_distribution(
        Response.objects.filter(seafarer__seafarer_profile__company=world.company_a), "who5"
    )
    assert group.total == 10
    assert group.cells["good"] is None and group.cells["poor"] is None  # 4 hidden, 6 complement
    report = company_band_report(world.company_a_union)
    assert report["who5"].total == 10


def test_it_has_an_attacker_that_finds_a_naive_tables_leaks():
    # Only primary suppression: b = 22 − 12 − 7, and two hidden cells summing to 2 are 1 each.
    assert recoverable({"a": 12, "b": None, "c": 7}, 22) == ["b"]
    assert recoverable({"a": 20, "b": None, "c": None}, 22) == ["b", "c"]
    assert recoverable({"a": 12, "b": None, "c": None}, 22) == []
