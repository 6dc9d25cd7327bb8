"""Uploaded CSV files (crew lists, campaign invitees): decoding, header columns, cells, and the
row error a page lists. Reading the rows themselves is ``core.inputs.read_csv`` (it refuses NUL
characters and over-long cells, naming the line).

Offices export these lists from Excel, which in China saves "CSV" as GBK unless told
otherwise, or as UTF-8 with a byte-order mark; we try UTF-8 (with or without BOM) first and
GBK second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it: the header is row 1; 0 for the whole file
    message: str


def decode_csv(data: bytes) -> str | None:
    """The text of an uploaded file: UTF-8 (BOM or not), else GBK; None if neither fits."""
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def column(header: Sequence[str], names: Sequence[str]) -> int | None:
    """The index of the first of ``names`` found in the header row (case and surrounding
    spaces ignored), or None."""
    cleaned = [name.strip().lower() for name in header]
    for name in names:
        if name.lower() in cleaned:
            return cleaned.index(name.lower())
    return None


def cell(row: Sequence[str], index: int | None) -> str:
    """The stripped cell at ``index``; "" for a missing column or a short row."""
    if index is None or index >= len(row):
        return ""
    return row[index].strip()
