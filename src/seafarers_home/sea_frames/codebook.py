"""Which instrument a 4-bit code in a frame means, and how each answer is packed.

The codes are part of the frame format (FRAME.md): they never change meaning; a new
instrument gets the next free code. An answer is sent as the index of the chosen option
among the item's option values in ascending order, in as few bits as the item's options need
(PHQ-9 and GAD-7: 4 options, 2 bits; WHO-5: 6 options, 3 bits; K10, AUDIT-C and PCL-5: 5
options, 3 bits; PC-PTSD-5: yes/no, 1 bit). The options come from the instrument files
themselves (screening/instruments), so the web form, the API and the frames score one
definition; the encoder page receives this table as JSON (``as_json``) so the JavaScript
packs exactly as the server unpacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seafarers_home.screening.instruments import UnknownInstrument, get_instrument

FRAME_CODES: dict[str, int] = {
    "phq9": 1,
    "gad7": 2,
    "phq4": 3,
    "who5": 4,
    "k10": 5,
    "auditc": 6,
    "pcptsd5": 7,
    "pcl5": 8,
}
CODES_BY_NUMBER = {number: code for code, number in FRAME_CODES.items()}
CODE_BITS = 4
END_OF_INSTRUMENTS = 0


@dataclass(frozen=True)
class PackedItem:
    item_id: str
    values: tuple[int, ...]  # ascending: the index of a value is what the frame carries

    @property
    def width(self) -> int:
        return max(1, (len(self.values) - 1).bit_length())


@dataclass(frozen=True)
class PackedInstrument:
    code: str
    number: int
    items: tuple[PackedItem, ...]

    @property
    def bits(self) -> int:
        return sum(item.width for item in self.items)


def packed(code: str) -> PackedInstrument:
    """The packing of instrument ``code`` (its newest loaded version); KeyError if it has no
    frame code, ``UnknownInstrument`` if it is not loaded."""
    number = FRAME_CODES[code]
    instrument = get_instrument(code)
    items = tuple(PackedItem(item.id, tuple(sorted(item.values))) for item in instrument.items)
    return PackedInstrument(code, number, items)


def available() -> list[str]:
    """The codes whose instrument file is loaded (a code is kept for a file not yet added)."""
    found = []
    for code in FRAME_CODES:
        try:
            get_instrument(code)
        except UnknownInstrument:
            continue
        found.append(code)
    return found


def as_json() -> dict[str, Any]:
    """The table for the encoder page (json_script): code → number and item values."""
    return {
        code: {
            "number": FRAME_CODES[code],
            "items": [{"id": i.item_id, "values": list(i.values)} for i in packed(code).items],
        }
        for code in available()
    }
