"""The documented risk rules, at their boundaries."""

from __future__ import annotations

import pytest

from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import RiskLevel
from seafarers_home.screening.risk import response_risk, screening_risk
from seafarers_home.screening.scoring import score

R, F, U, C = RiskLevel.ROUTINE, RiskLevel.FOLLOW_UP, RiskLevel.URGENT, RiskLevel.CRISIS

CASES = [
    ("phq9", [2, 2, 2, 1, 1, 1, 0, 0, 0], 9, R),
    ("phq9", [2, 2, 2, 2, 1, 1, 0, 0, 0], 10, F),
    ("phq9", [3, 3, 3, 2, 2, 2, 2, 2, 0], 19, F),
    ("phq9", [3, 3, 3, 3, 2, 2, 2, 2, 0], 20, U),
    ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, C),  # item 9 above 0: crisis whatever the total
    ("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 3], 27, C),
    ("gad7", [2, 2, 2, 1, 1, 1, 0], 9, R),
    ("gad7", [2, 2, 2, 2, 1, 1, 0], 10, F),
    ("gad7", [3, 3, 3, 3, 3, 2, 2], 19, F),
    ("gad7", [3, 3, 3, 3, 3, 3, 2], 20, U),
    ("phq4", [2, 2, 1, 0], 5, R),
    ("phq4", [2, 2, 1, 1], 6, F),
    ("phq4", [2, 2, 2, 2], 8, F),
    ("phq4", [3, 2, 2, 2], 9, U),
    ("k10", [3, 2, 2, 2, 2, 2, 2, 2, 2, 2], 21, R),
    ("k10", [3, 3, 2, 2, 2, 2, 2, 2, 2, 2], 22, F),
    ("k10", [3, 3, 3, 3, 3, 3, 3, 3, 3, 2], 29, F),
    ("k10", [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 30, U),
    ("who5", [2, 2, 2, 1, 0], 28, F),
    ("who5", [2, 2, 2, 1, 1], 32, R),
    ("auditc", [3, 2, 2], 7, R),
    ("auditc", [4, 2, 2], 8, F),
    # the trauma instruments' cut-offs come from their files' bands
    ("pcl5", [0] * 20, 0, R),
    ("pcl5", [4] * 8 + [0] * 12, 32, R),
    ("pcl5", [4] * 8 + [1] + [0] * 11, 33, F),
    ("pcl5", [4] * 20, 80, F),
    ("pcptsd5", [1, 1, 1, 0, 0, 0], 2, R),
    ("pcptsd5", [1, 1, 1, 1, 0, 0], 3, F),
    ("pcptsd5", [1, 1, 1, 1, 1, 1], 5, F),
]


@pytest.mark.parametrize(("code", "values", "total", "level"), CASES)
def test_it_triages_at_the_boundaries(code: str, values: list[int], total: int, level: str):
    instrument = get_instrument(code)
    answers = {item.id: v for item, v in zip(instrument.items, values, strict=True)}
    result = score(instrument, answers)
    assert result.total == total
    assert response_risk(instrument, result) == level


def test_it_takes_the_highest_level_for_a_screening():
    assert screening_risk([R, C, F]) == C
    assert screening_risk([F, U, R]) == U
    assert screening_risk(["follow_up", "routine"]) == F
    assert screening_risk([]) == R


def test_no_trauma_exposure_is_a_routine_negative_screen():
    pcptsd5 = get_instrument("pcptsd5")
    result = score(pcptsd5, {"pcptsd5_trauma": 0})
    assert (result.total, result.band_code) == (0, "negative")
    assert response_risk(pcptsd5, result) == R


def test_the_cutoff_is_read_from_the_instrument_file():
    """Moving the PCL-5's band edge in the data moves the rule: no number in risk.py."""
    import dataclasses

    pcl5 = get_instrument("pcl5")
    below, above = pcl5.bands
    moved = dataclasses.replace(
        pcl5,
        bands=[dataclasses.replace(below, max=37), dataclasses.replace(above, min=38)],
    )
    answers = {item.id: 0 for item in pcl5.items} | {f"pcl5_{n}": 4 for n in range(1, 10)}
    result = score(moved, answers)  # 36
    assert (result.total, response_risk(moved, result)) == (36, R)
    assert response_risk(pcl5, score(pcl5, answers)) == F
