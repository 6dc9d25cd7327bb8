"""Every instrument scored against hand-computed answer vectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seafarers_home.screening.instruments import (
    Instrument,
    all_instruments,
    get_instrument,
    load_instruments,
)
from seafarers_home.screening.scoring import InvalidAnswers, score

DATA = Path(__file__).parent / "data"


def answers_for(instrument: Instrument, values: list[int | None]) -> dict[str, int]:
    assert len(values) == len(instrument.items)
    return {item.id: v for item, v in zip(instrument.items, values, strict=True) if v is not None}


# (instrument, answers in item order, expected total, expected band)
VECTORS = [
    ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
    ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
    ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
    ("phq9", [2, 2, 2, 1, 1, 1, 0, 0, 0], 9, "mild"),
    ("phq9", [2, 2, 2, 2, 1, 1, 0, 0, 0], 10, "moderate"),
    ("phq9", [2, 2, 2, 2, 2, 2, 1, 1, 0], 14, "moderate"),
    ("phq9", [2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "moderately_severe"),
    ("phq9", [3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "moderately_severe"),
    ("phq9", [3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe"),
    ("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe"),
    ("gad7", [0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
    ("gad7", [1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
    ("gad7", [1, 1, 1, 1, 1, 0, 0], 5, "mild"),
    ("gad7", [2, 2, 2, 1, 1, 1, 0], 9, "mild"),
    ("gad7", [2, 2, 2, 2, 1, 1, 0], 10, "moderate"),
    ("gad7", [2, 2, 2, 2, 2, 2, 2], 14, "moderate"),
    ("gad7", [3, 2, 2, 2, 2, 2, 2], 15, "severe"),
    ("gad7", [3, 3, 3, 3, 3, 3, 3], 21, "severe"),
    ("phq4", [0, 0, 0, 0], 0, "normal"),
    ("phq4", [1, 1, 0, 0], 2, "normal"),
    ("phq4", [1, 1, 1, 0], 3, "mild"),
    ("phq4", [2, 2, 1, 0], 5, "mild"),
    ("phq4", [2, 2, 1, 1], 6, "moderate"),
    ("phq4", [2, 2, 2, 2], 8, "moderate"),
    ("phq4", [3, 2, 2, 2], 9, "severe"),
    ("phq4", [3, 3, 3, 3], 12, "severe"),
    # WHO-5: raw × 4 = percentage; bands on the percentage.
    ("who5", [0, 0, 0, 0, 0], 0, "likely_depression"),
    ("who5", [2, 2, 2, 1, 0], 28, "likely_depression"),
    ("who5", [2, 2, 2, 1, 1], 32, "poor"),
    ("who5", [3, 3, 2, 2, 2], 48, "poor"),
    ("who5", [3, 3, 3, 2, 2], 52, "good"),
    ("who5", [5, 5, 5, 5, 5], 100, "good"),
    # K10: values 1–5, total 10–50.
    ("k10", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10, "low"),
    ("k10", [2, 2, 2, 2, 2, 1, 1, 1, 1, 1], 15, "low"),
    ("k10", [2, 2, 2, 2, 2, 2, 1, 1, 1, 1], 16, "moderate"),
    ("k10", [3, 2, 2, 2, 2, 2, 2, 2, 2, 2], 21, "moderate"),
    ("k10", [3, 3, 2, 2, 2, 2, 2, 2, 2, 2], 22, "high"),
    ("k10", [3, 3, 3, 3, 3, 3, 3, 3, 3, 2], 29, "high"),
    ("k10", [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 30, "very_high"),
    ("k10", [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 50, "very_high"),
    ("auditc", [0, 0, 0], 0, "low"),
    ("auditc", [1, 1, 1], 3, "low"),
    ("auditc", [2, 1, 1], 4, "hazardous"),
    ("auditc", [3, 2, 2], 7, "hazardous"),
    ("auditc", [4, 2, 2], 8, "high"),
    ("auditc", [4, 4, 4], 12, "high"),
    # PCL-5: 20 items 0–4, total 0–80; the cut-off band starts at 33 (its file).
    ("pcl5", [0] * 20, 0, "below_cutoff"),
    ("pcl5", [4] * 8 + [0] * 12, 32, "below_cutoff"),
    ("pcl5", [4] * 8 + [1] + [0] * 11, 33, "probable_ptsd"),
    ("pcl5", [2] * 16 + [0] * 4, 32, "below_cutoff"),
    ("pcl5", [2] * 16 + [1] + [0] * 3, 33, "probable_ptsd"),
    ("pcl5", [4] * 20, 80, "probable_ptsd"),
    # PC-PTSD-5: the trauma question (1 yes, 0 no, not scored) then five yes/no items.
    ("pcptsd5", [1, 0, 0, 0, 0, 0], 0, "negative"),
    ("pcptsd5", [1, 1, 1, 0, 0, 0], 2, "negative"),
    ("pcptsd5", [1, 0, 1, 0, 1, 1], 3, "positive"),
    ("pcptsd5", [1, 1, 1, 1, 1, 1], 5, "positive"),
    # No trauma exposure: the five items are not asked, the screen is negative.
    ("pcptsd5", [0, None, None, None, None, None], 0, "negative"),
]


@pytest.mark.parametrize(("code", "values", "total", "band"), VECTORS)
def test_it_scores_hand_computed_vectors(code: str, values: list, total: int, band: str):
    instrument = get_instrument(code)
    result = score(instrument, answers_for(instrument, values))
    assert result.total == total
    assert result.band is not None and result.band.code == band
    assert result.missing == []


def test_it_ships_the_eight_instruments_with_their_ranges():
    ranges = {i.code: (i.min_total, i.max_total, len(i.items)) for i in all_instruments()}
    assert ranges == {
        "phq9": (0, 27, 9),
        "gad7": (0, 21, 7),
        "phq4": (0, 12, 4),
        "who5": (0, 100, 5),
        "k10": (10, 50, 10),
        "auditc": (0, 12, 3),
        "pcl5": (0, 80, 20),
        "pcptsd5": (0, 5, 6),  # the trauma question is asked, not scored
    }


def test_the_trauma_instruments_are_assigned_only_and_their_chinese_awaits_review():
    flagged = {i.code for i in all_instruments() if i.zh_needs_review}
    assigned = {i.code for i in all_instruments() if i.assigned_only}
    assert flagged == assigned == {"pcl5", "pcptsd5"}
    pcl5, pcptsd5 = get_instrument("pcl5"), get_instrument("pcptsd5")
    assert [o.label_en for o in pcl5.items[0].options] == [
        "Not at all",
        "A little bit",
        "Moderately",
        "Quite a bit",
        "Extremely",
    ]
    assert pcl5.items[0].text_en == (
        "Repeated, disturbing, and unwanted memories of the stressful experience?"
    )
    assert pcl5.items[19].text_en == "Trouble falling or staying asleep?"
    assert pcptsd5.items[0].text_en == "Have you ever experienced this kind of event?"
    assert [(i.scored, i.skip_rest_if) for i in pcptsd5.items[:2]] == [(False, 0), (True, None)]
    assert {o.label_en: o.value for o in pcptsd5.items[3].options} == {"Yes": 1, "No": 0}


def _pcptsd5(trauma: object, *yes: object) -> dict:
    answers = {"pcptsd5_trauma": trauma}
    answers.update({f"pcptsd5_{n}": v for n, v in enumerate(yes, start=1)})
    return answers


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        # "no" to the trauma question ends the screen: an answer sent after it is refused
        (_pcptsd5(0, 1), {"pcptsd5_1"}),
        (_pcptsd5(0, 0, 0, 0, 0, 0), {f"pcptsd5_{n}" for n in range(1, 6)}),
        # the trauma question is always asked; "yes" asks all five
        (_pcptsd5(None, 1, 1, 1, 1, 1), {"pcptsd5_trauma"}),
        ({f"pcptsd5_{n}": 1 for n in range(1, 6)}, {"pcptsd5_trauma"}),
        (_pcptsd5(1, 1, 1, 1, 1), {"pcptsd5_5"}),
        (_pcptsd5(1), {f"pcptsd5_{n}" for n in range(1, 6)}),
        (_pcptsd5(2, 1, 1, 1, 1, 1), {"pcptsd5_trauma"}),
        (_pcptsd5(True, 1, 1, 1, 1, 1), {"pcptsd5_trauma"}),
    ],
)
def test_pcptsd5_branching_refuses_what_was_not_asked_or_is_missing(answers: dict, errors: set):
    answers = {k: v for k, v in answers.items() if v is not None}
    with pytest.raises(InvalidAnswers) as exc:
        score(get_instrument("pcptsd5"), answers)
    assert set(exc.value.errors) == errors


def test_pcl5_allows_no_missing_answer():
    pcl5 = get_instrument("pcl5")
    answers = answers_for(pcl5, [4] * 19 + [None])
    with pytest.raises(InvalidAnswers) as exc:
        score(pcl5, answers)
    assert list(exc.value.errors) == ["pcl5_20"]


def test_it_marks_phq9_item9_as_the_safety_item():
    phq9 = get_instrument("phq9")
    assert [i.id for i in phq9.items if i.safety] == ["phq9_9"]
    assert score(phq9, answers_for(phq9, [0] * 8 + [1])).safety_positive
    assert not score(phq9, answers_for(phq9, [3] * 8 + [0])).safety_positive


@pytest.mark.parametrize(
    ("code", "values", "total"),
    [
        # 21 × 9 / 8 = 23.625 → 24
        ("phq9", [3, 3, 3, 3, 3, 3, 3, None, 0], 24),
        # 4 × 9 / 8 = 4.5 → 5 (half up): the prorated total can cross a band boundary.
        ("phq9", [1, 1, 1, 1, 0, 0, None, 0, 0], 5),
        # 18 × 7 / 6 = 21
        ("gad7", [3, 3, 3, 3, 3, 3, None], 21),
        # 45 × 10 / 9 = 50
        ("k10", [5, 5, 5, 5, 5, 5, 5, 5, 5, None], 50),
        # 9 × 10 / 9 = 10
        ("k10", [None, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10),
    ],
)
def test_it_prorates_one_missing_answer(code: str, values: list[int | None], total: int):
    instrument = get_instrument(code)
    result = score(instrument, answers_for(instrument, values))
    assert result.total == total
    assert result.missing == [instrument.items[values.index(None)].id]


@pytest.mark.parametrize(
    ("code", "values"),
    [
        ("phq9", [3, 3, 3, 3, 3, 3, None, None, 0]),
        ("gad7", [None, None, 1, 1, 1, 1, 1]),
        ("k10", [None, None, 1, 1, 1, 1, 1, 1, 1, 1]),
        ("phq4", [1, 1, 1, None]),
        ("who5", [None, 5, 5, 5, 5]),
        ("auditc", [1, None, 1]),
    ],
)
def test_it_refuses_more_missing_answers_than_the_rule_allows(code: str, values: list):
    instrument = get_instrument(code)
    with pytest.raises(InvalidAnswers) as exc:
        score(instrument, answers_for(instrument, values))
    missing = {instrument.items[n].id for n, v in enumerate(values) if v is None}
    assert set(exc.value.errors) == missing


def test_it_never_prorates_away_the_safety_item():
    phq9 = get_instrument("phq9")
    with pytest.raises(InvalidAnswers) as exc:
        score(phq9, answers_for(phq9, [0] * 8 + [None]))
    assert list(exc.value.errors) == ["phq9_9"]


@pytest.mark.parametrize("bad", [4, -1, "2", 1.5, True])
def test_it_refuses_out_of_range_or_mistyped_values(bad: object):
    phq9 = get_instrument("phq9")
    answers: dict = answers_for(phq9, [0] * 9)
    answers["phq9_3"] = bad
    with pytest.raises(InvalidAnswers) as exc:
        score(phq9, answers)
    assert "phq9_3" in exc.value.errors


def test_it_refuses_unknown_items_and_zero_for_k10():
    k10 = get_instrument("k10")
    answers = answers_for(k10, [1] * 10)
    with pytest.raises(InvalidAnswers) as exc:
        score(k10, {**answers, "k10_11": 1, "k10_1": 0})
    assert set(exc.value.errors) == {"k10_11", "k10_1"}


# The shipped instruments have no reverse items in their usual total; this test scale does.
REVERSE_VECTORS = [
    ([1, 1, 1, 1], 10, "high"),  # 1 + (5-1) + 1 + (5-1)
    ([1, 4, 1, 4], 4, "low"),  # the minimum
    ([4, 1, 4, 1], 16, "high"),  # the maximum
    ([3, 3, 2, 4], 8, "low"),  # 3 + 2 + 2 + 1
    ([3, 3, 3, 4], 9, "high"),  # 3 + 2 + 3 + 1
    ([1, 4, 1, None], 4, "low"),  # 3 × 4 / 3, one missing prorated
]


@pytest.mark.parametrize(("values", "total", "band"), REVERSE_VECTORS)
def test_it_scores_reverse_items(values: list, total: int, band: str):
    (instrument,) = load_instruments(DATA).values()
    assert [i.reverse for i in instrument.items] == [False, True, False, True]
    result = score(instrument, answers_for(instrument, values))
    assert (result.total, result.band.code) == (total, band)


def _answer_vectors(instrument: Instrument) -> st.SearchStrategy[dict[str, int]]:
    """Any valid answers, with up to the allowed number of non-safety items left out."""
    per_item = [st.sampled_from(item.values) for item in instrument.items]
    optional = [i.id for i in instrument.items if not i.safety]
    drop = st.lists(st.sampled_from(optional), max_size=instrument.max_missing, unique=True)
    return st.tuples(st.tuples(*per_item), drop).map(
        lambda t: {
            item.id: v
            for item, v in zip(instrument.items, t[0], strict=True)
            if item.id not in t[1]
        }
    )


@pytest.mark.parametrize("code", ["phq9", "gad7", "phq4", "who5", "k10", "auditc", "pcl5"])
def test_it_keeps_any_valid_answers_within_range_and_in_a_band(code: str):
    instrument = get_instrument(code)

    @settings(max_examples=150, deadline=None)
    @given(_answer_vectors(instrument))
    def check(answers: dict[str, int]) -> None:
        result = score(instrument, answers)
        assert instrument.min_total <= result.total <= instrument.max_total
        assert result.band is not None and result.band.covers(result.total)

    check()


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([0, 1]), st.lists(st.sampled_from([0, 1]), min_size=5, max_size=5))
def test_pcptsd5_counts_the_yes_answers_only_after_trauma_exposure(trauma: int, items: list):
    pcptsd5 = get_instrument("pcptsd5")
    answers = _pcptsd5(trauma, *items) if trauma else _pcptsd5(trauma)
    result = score(pcptsd5, answers)
    expected = sum(items) if trauma else 0
    assert result.total == expected
    assert result.band_code == ("positive" if expected >= 3 else "negative")
