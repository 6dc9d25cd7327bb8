"""Bit packing for the binary frames: fields written most significant bit first, the last
byte padded with zero bits. The JavaScript encoder (static/sea_frames/frames.js) packs the
same way; tests/sea_frames check that both give identical bytes."""

from __future__ import annotations


class BitsExhausted(ValueError):
    """A field runs past the end of the payload."""


class BitWriter:
    def __init__(self) -> None:
        self._value = 0
        self._length = 0

    def write(self, value: int, width: int) -> None:
        if width <= 0 or value < 0 or value >= 1 << width:
            raise ValueError(f"{value} does not fit in {width} bits")
        self._value = (self._value << width) | value
        self._length += width

    @property
    def bit_length(self) -> int:
        return self._length

    def to_bytes(self) -> bytes:
        padding = -self._length % 8
        size = (self._length + padding) // 8
        return (self._value << padding).to_bytes(size, "big")


class BitReader:
    def __init__(self, data: bytes) -> None:
        self._value = int.from_bytes(data, "big")
        self._length = len(data) * 8
        self._position = 0

    @property
    def remaining(self) -> int:
        return self._length - self._position

    def read(self, width: int) -> int:
        if width > self.remaining:
            raise BitsExhausted(f"{width} bits wanted, {self.remaining} left")
        self._position += width
        shift = self._length - self._position
        return (self._value >> shift) & ((1 << width) - 1)

    def only_padding_left(self) -> bool:
        """True when what is left is the zero padding of the last byte (fewer than 8 bits)."""
        return self.remaining < 8 and self.read(self.remaining) == 0
