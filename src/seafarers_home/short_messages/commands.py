"""Reading a seafarer's command from a BeiDou handset, an Iridium modem's text or a phone
(issue 14 item 4). Pure: no storage; ``inbound.py`` hands the text here and acts on the result.

**Commands**, Chinese or short Latin codes, case and full-width forms ignored (NFKC):

- ``帮助`` / ``菜单`` / ``HELP`` / ``H`` / ``?`` (or an empty message): the menu;
- ``求助`` / ``SOS``: a crisis alert and a callback request;
- ``回电`` / ``CB`` with an optional window of whole hours, ``CB 20-22``: a hotline callback;
- ``平安`` / ``OK``: the at-sea check-in;
- ``P4`` / ``P9`` / ``G7`` / ``W5`` and one digit per question, ``P4 1203``: PHQ-4, PHQ-9,
  GAD-7, WHO-5 answered as on the web form (the digits are the options' values);
- anything else: a question for the message board.

The size of replies is ``encoding.py``'s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from seafarers_home.screening.instruments import get_instrument

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
    if kind == "sos":
        # A call for help stays one whatever follows it ("求助 有人受伤"): the words go along.
        return Command(Kind.SOS, text=head.group(2).strip())
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
