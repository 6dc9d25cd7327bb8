"""Short-message commands (issue 14 items 3-4, the start): each command read in Chinese and in
Latin codes, digit strings checked against the instrument, bad input refused with a reason,
and replies cut to fit one BeiDou-3 global message (560 bits, GB18030)."""

from __future__ import annotations

import pytest

from seafarers_home.offline.short_messages import (
    BEIDOU_GLOBAL_BITS,
    CommandError,
    Kind,
    gb18030_bits,
    parse_command,
    split_reply,
)


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


def test_a_reply_fits_one_beidou_message_or_is_cut_into_numbered_parts() -> None:
    short = "已收到。需要帮助请拨12356。"
    assert split_reply(short) == [short]
    assert gb18030_bits("海") == 16 and gb18030_bits("1") == 8

    long = "已收到您的留言,医生一般在24小时内回复,回复会用短信发到这台终端。" * 3
    parts = split_reply(long)
    assert len(parts) > 1
    assert all(gb18030_bits(part) <= BEIDOU_GLOBAL_BITS for part in parts)
    assert [part.split(" ", 1)[0] for part in parts] == [
        f"{n}/{len(parts)}" for n in range(1, len(parts) + 1)
    ]
    assert "".join(part.split(" ", 1)[1] for part in parts) == long
