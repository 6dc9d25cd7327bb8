"""Short messages (issue 14 items 3, 4, 6): the size of every text the platform sends over the
short-message channel, and of each seafarer flow (what goes up, what comes back), against the
channels' limits — one BeiDou-3 global message (560 bits), an Iridium SBD mobile-terminated
message (270 bytes), one SMS (70 UCS-2 characters).

Sizes as short_messages/encoding.py counts them: the cheaper of the hanzi form (14 bits a GB2312
character) and the mixed form (a mark byte + 8 bits a GB18030 byte). Replies are rendered in
Chinese and English with the default numbers. No database, no server: figures, not tests
(tests/short_messages asserts that every reply fits).

Usage: .venv/bin/python bench/short_messages.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seafarers_home.settings")

import django

django.setup()

from django.utils.functional import Promise  # noqa: E402

from seafarers_home.short_messages import replies  # noqa: E402
from seafarers_home.short_messages.encoding import (  # noqa: E402
    BEIDOU_GLOBAL_BITS,
    encode,
    message_bits,
    split_reply,
)

PARAMS = {
    "code": "P9",
    "n": 9,
    "example": "P9 012012012",
    "low": 0,
    "high": 3,
    "number": "…5678",
    "start": "20:00",
    "end": "22:00",
    "zone": "UTC+8",
    "minutes": 30,
    **replies.numbers(),
}
NUMBERS = replies.crisis_numbers()

# (flow, what the seafarer sends, the reply's parts)
FLOWS = [
    ("bind a terminal (the code)", [], [(replies.BINDING_CODE, PARAMS)]),
    ("help / menu", ["帮助"], [(replies.MENU, {}), NUMBERS]),
    ("SOS", ["求助"], [(replies.SOS, PARAMS), NUMBERS]),
    ("callback in a window", ["CB 20-22"], [(replies.CALLBACK, PARAMS)]),
    ("at-sea check-in", ["平安"], [(replies.CHECK_IN, {})]),
    ("PHQ-4", ["P4 1203"], [(replies.SCREENING_SAVED, PARAMS)]),
    ("PHQ-9 with risk", ["P9 012301231"], [(replies.SCREENING_RISK, PARAMS), NUMBERS]),
    ("GAD-7", ["G7 0123012"], [(replies.SCREENING_SAVED, PARAMS)]),
    ("WHO-5", ["W5 54321"], [(replies.SCREENING_SAVED, PARAMS)]),
    (
        "pulse by short message (prompt, P4, W5)",
        ["P4 0101", "W5 44444"],
        [(replies.PULSE, {}), (replies.SCREENING_SAVED, PARAMS), (replies.SCREENING_SAVED, PARAMS)],
    ),
    (
        "question (40 characters)",
        ["最近一直睡不好,晚上总是醒,白天没精神,怎么办?我在船上已经三个月了。"],
        [(replies.QUESTION_SAVED, {})],
    ),
    ("clinician's answer (notice)", [], [(replies.INQUIRY_REPLY, {})]),
    ("unbound terminal", ["求助"], [(replies.UNBOUND, {}), (replies.MENU, {}), NUMBERS]),
    ("wrong answer count", ["P4 123"], [(replies.SCREENING_COUNT, PARAMS)]),
    ("help reminder", [], [(replies.HELP_REMINDER, PARAMS)]),
]


def sms_units(text: str) -> int:
    """SMS segments: 70 UCS-2 characters, or 160 GSM-7 for plain ASCII (approximation)."""
    limit = 160 if text.isascii() else 70
    return -(-len(text) // limit)


def main() -> None:
    print("Every reply text (rendered with example values):")
    print(
        f"{'reply':<18} {'lang':<7} {'chars':>5} {'form':<6} {'bits':>5} {'bytes':>5} {'parts':>5}"
    )
    names = [n for n, v in vars(replies).items() if n.isupper() and isinstance(v, Promise)]
    worst = 0
    for name in names:
        for language in ("zh-hans", "en"):
            text = replies.render(language, (getattr(replies, name), PARAMS))
            form, data = encode(text)
            parts = split_reply(text)
            worst = max(worst, max(message_bits(p) for p in parts))
            print(
                f"{name:<18} {language:<7} {len(text):>5} {form:<6} {message_bits(text):>5} "
                f"{len(data):>5} {len(parts):>5}"
            )
    print(f"largest part sent: {worst} bits (limit {BEIDOU_GLOBAL_BITS})\n")

    print("Flows (Chinese), what goes up and what comes back:")
    print(
        f"{'flow':<42} {'up msgs':>7} {'up bits':>7} {'down msgs':>9} {'down bits':>9} "
        f"{'max part':>8} {'Iridium B':>9} {'SMS segs':>8}"
    )
    for flow, up, parts in FLOWS:
        # A flow's replies: each reply is its parts rendered together, then cut to messages;
        # the pulse by short message is three (the prompt and the two answers' receipts).
        replies_of = (
            [parts]
            if flow != "pulse by short message (prompt, P4, W5)"
            else [[part] for part in parts]
        )
        down = []
        for reply in replies_of:
            down += split_reply(replies.render("zh-hans", *reply))
        up_bits = sum(message_bits(text) for text in up)
        down_bits = sum(message_bits(text) for text in down)
        iridium = sum(len(text.encode("utf-8")) for text in down)
        print(
            f"{flow:<42} {len(up):>7} {up_bits:>7} {len(down):>9} {down_bits:>9} "
            f"{max(message_bits(t) for t in down):>8} {iridium:>9} "
            f"{sum(sms_units(t) for t in down):>8}"
        )


if __name__ == "__main__":
    main()
