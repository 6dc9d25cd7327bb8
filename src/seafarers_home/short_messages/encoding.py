"""How a reply is put into a BeiDou-3 global short message, and how its size is counted.

**The limit.** A BeiDou-3 global short message carries 560 bits (a regional one 14,000). Every
reply of the platform fits one global message or is cut into numbered parts that each do,
whatever the gateway: the global message is the smallest of the three channels (an SMS holds 70
UCS-2 characters, an Iridium SBD mobile-terminated message 270 bytes), so one rule serves all.

**Two encodings**, the two text forms of the BeiDou message protocol; a reply is counted in the
cheaper one it can be written in (``message_bits``), and sent in it (``encode``):

- ``hanzi`` (汉字): every character is a GB2312 character sent as its 14-bit 区位 code — the row
  (区, 1-94) and the cell (位, 1-94) in 7 bits each, the GB2312 byte pair minus 0xA0 each. So
  560 bits hold 40 characters. ASCII letters, digits and punctuation are sent as their GB2312
  full-width forms (row 3, "Ａ" for "A"), the space as the ideographic space (row 1): 14 bits
  each too. A character outside GB2312 (a rare 汉字, an emoji) rules this form out.
- ``mixed`` (混发): GB18030 bytes, 8 bits each — an ASCII character 1 byte, a Chinese character
  2, a rare one 4 — after one leading byte that marks the form on some handsets (counted, to be
  safe). So 560 bits hold 69 ASCII characters, or 34 Chinese ones.

A Chinese reply therefore costs 14 bits a character (40 per message), an English one 8 bits a
character (69 per message); "P4 1203" costs 7 × 14 = 98 bits in hanzi, 8 + 7 × 8 = 64 in mixed.
A longer reply is cut on character boundaries into parts "1/3 …", "2/3 …", each within 560 bits
in its own cheaper form (``split_reply``).
"""

from __future__ import annotations

from typing import Literal

BEIDOU_GLOBAL_BITS = 560
HANZI_BITS = 14
MIXED_MARK_BITS = 8
BREAKS = (" ", "。", ",", ";", "!", ". ")
MAX_PARTS = 9  # "9/9 " — a reply that needs more is a bug in the reply, not a message to cut

Form = Literal["hanzi", "mixed"]


def _full_width(character: str) -> str:
    code = ord(character)
    if character == " ":
        return "\u3000"
    if 0x21 <= code <= 0x7E:
        return chr(code + 0xFEE0)
    return character


def hanzi_codes(text: str) -> list[int] | None:
    """The 14-bit 区位 code of each character, or None when one is not in GB2312."""
    codes = []
    for character in text:
        try:
            pair = _full_width(character).encode("gb2312")
        except UnicodeEncodeError:
            return None
        if len(pair) != 2:  # GB2312 has no single-byte characters after the mapping
            return None
        codes.append(((pair[0] - 0xA0) << 7) | (pair[1] - 0xA0))
    return codes


def mixed_bytes(text: str) -> bytes:
    return text.encode("gb18030")


def message_bits(text: str) -> int:
    """The bits ``text`` takes in the cheaper of the two forms it can be written in."""
    mixed = MIXED_MARK_BITS + 8 * len(mixed_bytes(text))
    codes = hanzi_codes(text)
    return mixed if codes is None else min(mixed, HANZI_BITS * len(codes))


def fits(text: str, limit_bits: int = BEIDOU_GLOBAL_BITS) -> bool:
    return message_bits(text) <= limit_bits


def encode(text: str) -> tuple[Form, bytes]:
    """The message as sent: the cheaper form and its bytes (hanzi codes packed 14 bits each,
    most significant bit first, the last byte padded with zero bits)."""
    codes = hanzi_codes(text)
    mixed = MIXED_MARK_BITS + 8 * len(mixed_bytes(text))
    if codes is None or mixed <= HANZI_BITS * len(codes):
        return "mixed", b"\xa4" + mixed_bytes(text)
    packed = 0
    for code in codes:
        packed = (packed << HANZI_BITS) | code
    bits = HANZI_BITS * len(codes)
    padding = -bits % 8
    return "hanzi", (packed << padding).to_bytes((bits + padding) // 8, "big")


def decode(form: Form, data: bytes) -> str:
    """The inverse of ``encode`` (full-width forms come back as they were sent)."""
    if form == "mixed":
        return data[1:].decode("gb18030")
    count = len(data) * 8 // HANZI_BITS
    packed = int.from_bytes(data, "big") >> (len(data) * 8 - count * HANZI_BITS)
    characters = []
    for index in reversed(range(count)):
        code = (packed >> (index * HANZI_BITS)) & 0x3FFF
        pair = bytes(((code >> 7) + 0xA0, (code & 0x7F) + 0xA0))
        characters.append(pair.decode("gb2312"))
    return "".join(characters)


def split_reply(text: str, limit_bits: int = BEIDOU_GLOBAL_BITS) -> list[str]:
    """``text`` as one message when it fits, else as numbered parts ("1/3 …") that each fit."""
    text = text.strip()
    if fits(text, limit_bits):
        return [text]
    for total in range(2, MAX_PARTS + 1):
        parts = _cut(text, total, limit_bits)
        if len(parts) <= total:
            return [f"{number}/{len(parts)} {part}" for number, part in enumerate(parts, 1)]
    raise ValueError("reply too long for a short message")


def _cut(text: str, total: int, limit_bits: int) -> list[str]:
    """Greedy, but a part ends at the last space or sentence mark when one is in its second
    half, so that a number or a command is not cut in two."""
    prefix = f"{total}/{total} "
    parts: list[str] = []
    current = ""
    for character in text:
        if current and not fits(prefix + current + character, limit_bits):
            cut = max(current.rfind(mark) for mark in BREAKS)
            if cut >= len(current) // 2:
                parts.append(current[: cut + 1].strip())
                current = current[cut + 1 :]
            else:
                parts.append(current.strip())
                current = ""
        current += character
    if current.strip():
        parts.append(current.strip())
    return parts
