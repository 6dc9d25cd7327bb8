"""The text of short messages (issue 14 items 3-4, the start): reading a seafarer's command
from a BeiDou handset or a phone, and cutting a reply to fit one BeiDou-3 global message.

No gateway, no storage here: the inbound endpoint (per gateway, HMAC-signed like the
hotline's phone-system webhook) and the binding of terminals are still to come; they hand the
text to ``parse_command`` and send what ``split_reply`` returns.

**Commands**, Chinese or short Latin codes, case and full-width forms ignored (NFKC):

- ``帮助`` / ``菜单`` / ``HELP`` / ``H`` / ``?``: the menu;
- ``求助`` / ``SOS``: a crisis alert and a callback request;
- ``回电`` / ``CB`` with an optional window of whole hours, ``CB 20-22``: a hotline callback;
- ``平安`` / ``OK``: the at-sea check-in;
- ``P4`` / ``P9`` / ``G7`` / ``W5`` and one digit per question, ``P4 1203``: PHQ-4, PHQ-9,
  GAD-7, WHO-5 answered as on the web form (the digits are the options' values);
- anything else: a question for the message board.

**Size.** A BeiDou-3 global message carries 560 bits. Replies are encoded in GB18030, the
national standard every BeiDou handset displays: a Chinese character is 2 bytes (16 bits),
an ASCII letter, digit or space 1 byte, a rare character 4. So one message holds 70 bytes:
35 Chinese characters, or 70 ASCII characters, or a mix (``gb18030_bits`` counts exactly).
A longer reply is cut into numbered parts, "1/2 ...", each within the limit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from seafarers_home.screening.instruments import get_instrument

BEIDOU_GLOBAL_BITS = 560
ENCODING = "gb18030"

# The short codes of the instruments that may be answered as a digit string.
INSTRUMENT_CODES = {"P4": "phq4", "P9": "phq9", "G7": "gad7", "W5": "who5"}

_WORDS = {
    "帮助": "help",
    "菜单": "help",
    "HELP": "help",
    "H": "help",
    "?": "help",
    "MENU": "help",
    "求助": "sos",
    "SOS": "sos",
    "回电": "callback",
    "CB": "callback",
    "平安": "ok",
    "OK": "ok",
}
# The command word, then its arguments with or without a space ("P41203", "CB20-22"); a
# Latin code must not run on into a word ("OKAY", "HELLO" are questions).
_HEAD = re.compile(
    r"^(帮助|菜单|求助|回电|平安|P4|P9|G7|W5|HELP|MENU|SOS|CB|OK|H|\?)(?![A-Z])\s*(.*)$", re.S
)
_WINDOW = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})$")


class Kind(StrEnum):
    HELP = "help"
    SOS = "sos"
    CALLBACK = "callback"
    OK = "ok"
    SCREENING = "screening"
    QUESTION = "question"


class CommandError(ValueError):
    """A command that cannot be read; ``reason`` says why in a word the reply turns into a
    short sentence: ``count`` (wrong number of answers), ``digits`` (not one digit per
    answer, or a value the question does not have), ``window`` (a callback window that is not
    two hours of the day)."""

    def __init__(self, reason: str, expected: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.expected = expected


@dataclass(frozen=True)
class Command:
    kind: Kind
    instrument: str = ""
    answers: dict[str, int] = field(default_factory=dict)
    window: tuple[int, int] | None = None
    text: str = ""


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, Latin to upper case, runs of space to one."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).upper()


def parse_command(text: str) -> Command:
    """The command in a message's text; raises ``CommandError`` for a command that is
    recognised but malformed (never for free text, which is a question)."""
    plain = normalise(text)
    if not plain:
        return Command(Kind.HELP)
    head = _HEAD.match(plain)
    if head is None:
        return Command(Kind.QUESTION, text=text.strip())
    word, rest = head.group(1), head.group(2).strip()
    if word in INSTRUMENT_CODES:
        return _screening(INSTRUMENT_CODES[word], rest)
    kind = _WORDS.get(word)
    if kind == "callback":
        return Command(Kind.CALLBACK, window=_window(rest))
    if kind is not None and not rest:
        return Command(Kind(kind))
    return Command(Kind.QUESTION, text=text.strip())


def _screening(code: str, digits: str) -> Command:
    items = get_instrument(code).items
    compact = digits.replace(" ", "")
    if not compact.isdigit() or not compact.isascii():
        raise CommandError("digits", len(items))
    if len(compact) != len(items):
        raise CommandError("count", len(items))
    answers = {item.id: int(digit) for item, digit in zip(items, compact, strict=True)}
    if any(value not in item.values for item, value in zip(items, answers.values(), strict=True)):
        raise CommandError("digits", len(items))
    return Command(Kind.SCREENING, instrument=code, answers=answers)


def _window(rest: str) -> tuple[int, int] | None:
    if not rest:
        return None
    found = _WINDOW.match(rest)
    if found is None:
        raise CommandError("window")
    start, end = int(found.group(1)), int(found.group(2))
    if not (0 <= start <= 23 and 0 <= end <= 24 and start != end):
        raise CommandError("window")
    return start, end


def gb18030_bits(text: str) -> int:
    return len(text.encode(ENCODING)) * 8


def split_reply(text: str, limit_bits: int = BEIDOU_GLOBAL_BITS) -> list[str]:
    """``text`` as one message when it fits, else as numbered parts ("1/3 ...") that each fit.
    Cut on character boundaries (a GB18030 character is never split)."""
    if gb18030_bits(text) <= limit_bits:
        return [text]
    limit = limit_bits // 8
    # The prefix "n/m " grows with the number of parts; try counts until the cut agrees.
    for total in range(2, 100):
        parts = _cut(text, limit - len(f"{total}/{total} "))
        if len(parts) <= total:
            return [f"{number}/{len(parts)} {part}" for number, part in enumerate(parts, 1)]
    raise ValueError("reply too long")


def _cut(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for character in text:
        if current and len((current + character).encode(ENCODING)) > limit:
            parts.append(current)
            current = ""
        current += character
    if current:
        parts.append(current)
    return parts
