"""The triage component itself: levels, reasons, the safety answer, frames that never silence
a first-person statement, and bad input that is classified without error — never silently
routine because normalisation failed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seafarers_home.triage.context import CONTEXT_PHQ9_ITEM9
from seafarers_home.triage.safety import clean_safety_answer
from seafarers_home.triage.service import (
    CRISIS,
    PHYSICAL_EMERGENCY,
    ROUTINE,
    SAFETY_QUESTION_YES,
    reason_label,
    result_for_codes,
    triage_text,
)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("出海三个月了,每天都在想怎么死", CRISIS),
        ("药箱里的药我每天省下一片,快够了", CRISIS),
        ("我走了,家里人反而轻松", CRISIS),
        ("everyone would be better off without me", CRISIS),
        ("手被绞盘绞进去了,血止不住", PHYSICAL_EMERGENCY),
        ("he fell into the fish hold and is not moving", PHYSICAL_EMERGENCY),
        ("晕船很厉害,吃不下饭怎么办?", ROUTINE),
        ("看了一部关于自杀的电影,挺沉重的", ROUTINE),
        ("how do I help a friend who talks about suicide? just want to know what to say", ROUTINE),
        ("笑死,这破船晃得我要死", ROUTINE),
    ],
)
def test_it_triages_the_text_to_a_level(text: str, level: str) -> None:
    assert triage_text(text).level == level


def test_it_gives_the_reasons_in_words_a_clinician_reads() -> None:
    result = triage_text("站在甲板上想跳海")
    assert "suicide_method" in result.codes
    reasons = result.reasons
    assert "提到自杀的方法或手段" in reasons
    assert not any("_" in reason for reason in reasons)


def test_a_frame_never_silences_a_first_person_statement() -> None:
    """A film is a frame, but the writer's own wish is read by the classifier."""
    assert triage_text("看了一部关于自杀的电影,挺沉重的").level == ROUTINE
    assert triage_text("看了那部电影以后,我也想自杀,药都攒好了").level == CRISIS


def test_a_yes_to_the_safety_question_is_a_crisis_whatever_the_text() -> None:
    ordinary = "晕船很厉害,吃不下饭怎么办?"
    result = triage_text(ordinary, safety_answer="yes")
    assert result.crisis and not result.text_crisis
    assert SAFETY_QUESTION_YES in result.codes
    assert not triage_text(ordinary, safety_answer="no").crisis


def test_context_makes_text_urgent_without_calling_it_a_crisis() -> None:
    result = triage_text("晕船很厉害,吃不下饭怎么办?", context=[CONTEXT_PHQ9_ITEM9, "bogus"])
    assert result.urgent and result.context and not result.crisis
    assert result.codes == [CONTEXT_PHQ9_ITEM9]
    assert "PHQ-9" in reason_label(CONTEXT_PHQ9_ITEM9)


def test_stored_codes_read_back_to_the_same_result() -> None:
    result = triage_text("真的不想活了,胸口也疼得厉害")
    again = result_for_codes(result.codes)
    assert (again.crisis, again.physical) == (True, True)
    assert result_for_codes(["no_such_code", 3]).level == ROUTINE  # type: ignore[list-item]
    assert reason_label("no_such_code") == "no_such_code"


@pytest.mark.parametrize(
    ("value", "stored"),
    [("yes", "yes"), (" NO ", "no"), ("", ""), (None, ""), ("maybe", None), (1, None)],
)
def test_it_cleans_the_safety_answer(value: object, stored: str | None) -> None:
    assert clean_safety_answer(value) == stored


@pytest.mark.parametrize(
    "text",
    [
        "我不想活了" + "\u200b" * 3,  # zero-width characters inside and after
        "我\u200b不\u200d想\ufeff活了",
        "我不想活了😭😭",  # emoji
        "ＩＷＡＮＴ ＴＯ ＤＩＥ",  # full-width Latin
        "我不想活了 I want to die",  # mixed scripts
        "我已經寫好遺書了",  # traditional characters
        "su1c1dal thoughts every night",  # look-alike digits
    ],
)
def test_it_reads_disguised_and_odd_text_as_a_crisis(text: str) -> None:
    assert triage_text(text).crisis, text


@pytest.mark.parametrize("text", ["", None, "   ", "\u200b\u200b", "😀😀😀", "。。。"])
def test_it_classifies_empty_text_as_routine_without_error(text: str | None) -> None:
    result = triage_text(text)
    assert result.level == ROUTINE and result.codes == []


def test_it_reads_a_very_long_text_to_its_end() -> None:
    text = "船上一切都好,今天捕了很多鱼。" * 5000 + "但是我真的不想活了。"
    assert len(text) > 70_000
    assert triage_text(text).crisis


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_classified_without_error(text: str) -> None:
    result = triage_text(text)
    assert result.level in (CRISIS, PHYSICAL_EMERGENCY, ROUTINE)
    assert abs(sum(result.scores.values()) - 1) < 0.01
