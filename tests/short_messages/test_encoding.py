"""The size of a short message (encoding.py): 14 bits a GB2312 character in the hanzi form, 8 bits
a GB18030 byte (after a mark byte) in the mixed form, the cheaper one counted and sent; every
reply the platform can send fits one BeiDou-3 global message (560 bits) in Chinese and English,
or is cut into numbered parts that each do."""

from __future__ import annotations

import pytest
from django.utils.functional import Promise

from seafarers_home.short_messages import replies
from seafarers_home.short_messages.encoding import (
    BEIDOU_GLOBAL_BITS,
    _full_width,
    decode,
    encode,
    fits,
    hanzi_codes,
    message_bits,
    split_reply,
)


def test_forty_chinese_characters_are_one_global_message() -> None:
    forty = "海" * 40
    assert message_bits(forty) == 560 and fits(forty)
    assert not fits(forty + "海")
    assert hanzi_codes("海") == [((0xBA - 0xA0) << 7) | (0xA3 - 0xA0)]


def test_ascii_is_counted_in_the_cheaper_form() -> None:
    assert message_bits("P4 1203") == min(7 * 14, 8 + 7 * 8) == 64
    assert message_bits("a" * 69) == 560 and not fits("a" * 70)
    # A rare character is outside GB2312: only the mixed form (4 GB18030 bytes) can carry it.
    assert hanzi_codes("𠀀") is None and message_bits("𠀀") == 8 + 32


@pytest.mark.parametrize(
    "text", ["海员之家平安,一切都好", "海员之家 P4 1203。", "hello, world", "𠀀 ok"]
)
def test_the_encoding_round_trips(text: str) -> None:
    form, data = encode(text)
    assert len(data) * 8 - message_bits(text) < 8  # only the padding to a whole byte
    sent_as = text if form == "mixed" else "".join(_full_width(c) for c in text)
    assert decode(form, data) == sent_as


def test_a_long_reply_is_cut_into_numbered_parts_that_each_fit() -> None:
    long = "已收到您的留言,医生一般在24小时内回复,回复会用短报文通知这台终端。" * 3
    parts = split_reply(long)
    assert len(parts) > 1 and all(fits(part) for part in parts)
    assert [part.split(" ", 1)[0] for part in parts] == [
        f"{n}/{len(parts)}" for n in range(1, len(parts) + 1)
    ]
    assert "".join(part.split(" ", 1)[1] for part in parts) == long


PARAMS = {
    "code": "P4",
    "n": 9,
    "example": "P9 012012012",
    "low": 0,
    "high": 5,
    "number": "…5678",
    "start": "20:00",
    "end": "22:00",
    "zone": "UTC+10",
    "minutes": 30,
    **replies.numbers(),
}
REPLIES = [
    value for name, value in vars(replies).items() if name.isupper() and isinstance(value, Promise)
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("text", REPLIES, ids=lambda t: str(t)[:12])
def test_every_reply_fits_one_message_or_two_numbered_parts(language: str, text) -> None:
    rendered = replies.render(language, (text, PARAMS))
    parts = split_reply(rendered)
    assert all(message_bits(part) <= BEIDOU_GLOBAL_BITS for part in parts)
    assert len(parts) <= 2, rendered
