"""Reading short-message commands (issue 14 item 4): each command in Chinese and in Latin codes,
digit strings checked against the instrument, bad input refused with a reason."""

from __future__ import annotations

import pytest

from seafarers_home.short_messages.commands import CommandError, Kind, parse_command


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("帮助", Kind.HELP),
        ("菜单", Kind.HELP),
        ("help", Kind.HELP),
        ("?", Kind.HELP),
        ("", Kind.HELP),
        ("求助", Kind.SOS),
        ("ｓｏｓ", Kind.SOS),  # full-width letters from a Chinese keyboard
        ("平安", Kind.OK),
        ("ok", Kind.OK),
        ("okay then", Kind.QUESTION),
        ("hello", Kind.QUESTION),
        ("help me please", Kind.QUESTION),
        ("最近睡不好,怎么办", Kind.QUESTION),
    ],
)
def test_it_reads_each_command(text: str, kind: Kind) -> None:
    assert parse_command(text).kind == kind


def test_it_reads_a_screening_as_digits_and_a_callback_window(db: None) -> None:
    command = parse_command("P4 1203")
    assert command.kind == Kind.SCREENING and command.instrument == "phq4"
    assert list(command.answers.values()) == [1, 2, 0, 3]
    assert parse_command("p41203").answers == command.answers
    assert parse_command("W5 5 4 3 2 1").instrument == "who5"
    assert parse_command("回电 20-22").window == (20, 22)
    assert parse_command("CB").window is None


@pytest.mark.parametrize(
    ("text", "reason", "expected"),
    [
        ("P4 120", "count", 4),  # three answers for four questions
        ("P9 1203", "count", 9),
        ("P4 12x3", "digits", 4),
        ("P4 1243", "digits", 4),  # PHQ-4 has no option 4
        ("G7 ١٢٣٤٥٦٧", "digits", 7),  # digits, but not ASCII ones
        ("CB 25-26", "window", 0),
        ("回电 晚上", "window", 0),
    ],
)
def test_it_refuses_a_malformed_command_with_a_reason(
    db: None, text: str, reason: str, expected: int
) -> None:
    with pytest.raises(CommandError) as refused:
        parse_command(text)
    assert refused.value.reason == reason and refused.value.expected == expected


def test_a_call_for_help_stays_one_whatever_follows() -> None:
    assert parse_command("求助 船上有人受伤").kind == Kind.SOS
    assert parse_command("sos please").kind == Kind.SOS
