"""Calendar months as contracts and certificates count them (lib/calendar_months.py): the job
board's contract end was 30-day months, a week early over 18 months."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seafarers_home.lib.calendar_months import add_months

pytestmark = pytest.mark.suite_independent


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2027-01-16", 18, "2028-07-16"),
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2027-12-15", 1, "2028-01-15"),
        ("2027-03-31", -1, "2027-02-28"),
        ("2027-01-15", -13, "2025-12-15"),
        ("2027-05-20", 0, "2027-05-20"),
    ],
)
def test_it_counts_calendar_months(day: str, months: int, expected: str) -> None:
    start = datetime.date.fromisoformat(day)
    assert add_months(start, months) == datetime.date.fromisoformat(expected)


@given(
    st.dates(datetime.date(1950, 1, 1), datetime.date(2100, 12, 31)),
    st.integers(-600, 600),
)
def test_it_keeps_the_day_or_takes_the_months_last(day: datetime.date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (
        moved.day < day.day and (moved + datetime.timedelta(1)).day == 1
    )
