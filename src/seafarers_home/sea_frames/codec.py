"""The binary frame (FRAME.md is the specification): header, payloads packed to the bit, and
AES-CCM with a per-device key and an 8-byte tag. Pure: no database, no Django settings, so the
bridge PC's command line (cli.py) runs it as it is.

- ``encode_frame(device_id, counter, key, message)`` → the bytes to send;
- ``parse_header(data)`` reads the clear header (to find the device and its key);
- ``open_frame(header, data, key)`` checks the tag and unpacks the message.

Errors, in the order the server meets them: ``MalformedFrame`` (too short, unknown version or
type), ``ForgedFrame`` (the tag does not match: tampered, or another key), ``InvalidPayload``
(authentic, but a field out of range: an answer no option has, an empty battery).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from enum import IntEnum

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

from seafarers_home.screening.instruments import UnknownInstrument
from seafarers_home.sea_frames.bits import BitReader, BitsExhausted, BitWriter
from seafarers_home.sea_frames.codebook import (
    CODE_BITS,
    CODES_BY_NUMBER,
    END_OF_INSTRUMENTS,
    packed,
)

VERSION = 1
HEADER_SIZE = 9
TAG_SIZE = 8
KEY_SIZE = 16
NONCE_LABEL = b"SHF1"
UP, DOWN = 0x55, 0x44  # "U", "D": a reply never shares a nonce with the frame it answers
EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
MAX_UINT32 = 0xFFFFFFFF
QUARTER = datetime.timedelta(minutes=15)
LAT_BITS, LON_BITS, DEGREE_STEPS = 21, 22, 10_000
PULSE = ("phq4", "who5")


class FrameType(IntEnum):
    SCREENING = 1
    CALLBACK = 2
    CHECK_IN = 3
    SOS = 4
    ACK = 15  # downlink only


class AckStatus(IntEnum):
    ACCEPTED = 1  # stored and handed to the service
    CRISIS_HELP = 2  # accepted; show the crisis numbers (risk found, or an SOS)
    REFUSED = 3  # authentic but unusable (a window already past…): nothing stored
    CONSENT_NEEDED = 4  # the health-data consent is not given: nothing stored


class CallbackTarget(IntEnum):
    SATELLITE = 0  # the ship's number registered with the device
    MOBILE = 1  # the account's mobile number
    IN_APP = 2


class FrameError(ValueError):
    pass


class MalformedFrame(FrameError):
    pass


class ForgedFrame(FrameError):
    pass


class InvalidPayload(FrameError):
    pass


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Answers:
    code: str  # instrument code, e.g. "phq9"
    values: tuple[int, ...]  # option values in item order

    def as_dict(self) -> dict[str, int]:
        items = packed(self.code).items
        return {item.item_id: value for item, value in zip(items, self.values, strict=True)}


@dataclass(frozen=True)
class ScreeningMessage:
    made_at: datetime.datetime
    instruments: tuple[Answers, ...]
    type = FrameType.SCREENING


@dataclass(frozen=True)
class CallbackMessage:
    made_at: datetime.datetime
    after_quarters: int  # the window starts this many quarter hours after made_at (0–255)
    length_quarters: int  # and lasts this many (1–255)
    target: CallbackTarget
    type = FrameType.CALLBACK

    @property
    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        start = self.made_at + self.after_quarters * QUARTER
        return start, start + self.length_quarters * QUARTER


@dataclass(frozen=True)
class CheckInMessage:
    made_at: datetime.datetime
    position: Position | None = None
    pulse: tuple[Answers, Answers] | None = None  # PHQ-4 and WHO-5, or none
    type = FrameType.CHECK_IN


@dataclass(frozen=True)
class SosMessage:
    made_at: datetime.datetime
    position: Position | None = None
    type = FrameType.SOS


@dataclass(frozen=True)
class AckMessage:
    status: AckStatus
    acked_type: FrameType
    type = FrameType.ACK


Message = ScreeningMessage | CallbackMessage | CheckInMessage | SosMessage | AckMessage


@dataclass(frozen=True)
class Header:
    version: int
    type: FrameType
    device_id: int
    counter: int

    def to_bytes(self) -> bytes:
        return (
            bytes([(self.version << 4) | int(self.type)])
            + self.device_id.to_bytes(4, "big")
            + self.counter.to_bytes(4, "big")
        )


def nonce(device_id: int, counter: int, direction: int) -> bytes:
    return (
        device_id.to_bytes(4, "big") + counter.to_bytes(4, "big") + bytes([direction]) + NONCE_LABEL
    )


# -- payloads ---------------------------------------------------------------------------


def _seconds(moment: datetime.datetime) -> int:
    seconds = int((moment - EPOCH).total_seconds())
    if not 0 <= seconds <= MAX_UINT32:
        raise ValueError("time outside the frame's range (2024–2160)")
    return seconds


def _write_answers(out: BitWriter, answers: Answers) -> None:
    items = packed(answers.code).items
    if len(answers.values) != len(items):
        raise ValueError(f"{answers.code}: {len(items)} answers needed")
    for item, value in zip(items, answers.values, strict=True):
        out.write(item.values.index(value), item.width)  # ValueError: no such option


def _read_answers(reader: BitReader, code: str) -> Answers:
    values = []
    for item in packed(code).items:
        index = reader.read(item.width)
        if index >= len(item.values):
            raise InvalidPayload(f"{item.item_id}: no option {index}")
        values.append(item.values[index])
    return Answers(code, tuple(values))


def _write_position(out: BitWriter, position: Position) -> None:
    if not (-90 <= position.latitude <= 90 and -180 <= position.longitude <= 180):
        raise ValueError("position out of range")
    # floor(x + 0.5), not round(): JavaScript's Math.round rounds halves the same way.
    out.write(math.floor((position.latitude + 90) * DEGREE_STEPS + 0.5), LAT_BITS)
    lon = math.floor((position.longitude + 180) * DEGREE_STEPS + 0.5) % (360 * DEGREE_STEPS)
    out.write(lon, LON_BITS)


def _read_position(reader: BitReader) -> Position:
    lat, lon = reader.read(LAT_BITS), reader.read(LON_BITS)
    if lat > 180 * DEGREE_STEPS or lon >= 360 * DEGREE_STEPS:
        raise InvalidPayload("position out of range")
    return Position(
        (lat - 90 * DEGREE_STEPS) / DEGREE_STEPS, (lon - 180 * DEGREE_STEPS) / DEGREE_STEPS
    )


def encode_payload(message: Message) -> bytes:
    out = BitWriter()
    if isinstance(message, AckMessage):
        out.write(int(message.status), 4)
        out.write(int(message.acked_type), 4)
        return out.to_bytes()
    out.write(_seconds(message.made_at), 32)
    if isinstance(message, ScreeningMessage):
        codes = [a.code for a in message.instruments]
        if not codes or len(set(codes)) != len(codes):
            raise ValueError("one to six different instruments")
        for answers in message.instruments:
            out.write(packed(answers.code).number, CODE_BITS)
            _write_answers(out, answers)
        out.write(END_OF_INSTRUMENTS, CODE_BITS)
    elif isinstance(message, CallbackMessage):
        if not 1 <= message.length_quarters <= 255:
            raise ValueError("the window lasts 1 to 255 quarter hours")
        out.write(message.after_quarters, 8)
        out.write(message.length_quarters, 8)
        out.write(int(message.target), 2)
    elif isinstance(message, CheckInMessage):
        out.write(int(message.position is not None), 1)
        out.write(int(message.pulse is not None), 1)
        if message.position is not None:
            _write_position(out, message.position)
        if message.pulse is not None:
            if tuple(a.code for a in message.pulse) != PULSE:
                raise ValueError("the pulse is PHQ-4 then WHO-5")
            for answers in message.pulse:
                _write_answers(out, answers)
    elif isinstance(message, SosMessage):
        out.write(int(message.position is not None), 1)
        if message.position is not None:
            _write_position(out, message.position)
    return out.to_bytes()


def decode_payload(frame_type: FrameType, payload: bytes) -> Message:
    reader = BitReader(payload)
    try:
        message = _decode(frame_type, reader)
    except BitsExhausted as error:
        raise InvalidPayload(str(error)) from None
    if not reader.only_padding_left():
        raise InvalidPayload("bits after the message")
    return message


def _decode(frame_type: FrameType, reader: BitReader) -> Message:
    if frame_type == FrameType.ACK:
        status, acked = reader.read(4), reader.read(4)
        try:
            return AckMessage(AckStatus(status), FrameType(acked))
        except ValueError:
            raise InvalidPayload("unknown status") from None
    made_at = EPOCH + datetime.timedelta(seconds=reader.read(32))
    if frame_type == FrameType.SCREENING:
        found: list[Answers] = []
        while (number := reader.read(CODE_BITS)) != END_OF_INSTRUMENTS:
            code = CODES_BY_NUMBER.get(number)
            if code is None or any(a.code == code for a in found):
                raise InvalidPayload(f"instrument {number}")
            try:
                found.append(_read_answers(reader, code))
            except UnknownInstrument:  # a code of an instrument this server has not loaded
                raise InvalidPayload(f"instrument {number}") from None
        if not found:
            raise InvalidPayload("no instrument")
        return ScreeningMessage(made_at, tuple(found))
    if frame_type == FrameType.CALLBACK:
        after, length, target = reader.read(8), reader.read(8), reader.read(2)
        if length == 0 or target > max(CallbackTarget):
            raise InvalidPayload("callback window or target")
        return CallbackMessage(made_at, after, length, CallbackTarget(target))
    if frame_type == FrameType.CHECK_IN:
        has_position, has_pulse = reader.read(1), reader.read(1)
        position = _read_position(reader) if has_position else None
        pulse = None
        if has_pulse:
            pulse = (_read_answers(reader, PULSE[0]), _read_answers(reader, PULSE[1]))
        return CheckInMessage(made_at, position, pulse)
    position = _read_position(reader) if reader.read(1) else None
    return SosMessage(made_at, position)


# -- frames -----------------------------------------------------------------------------


def _aead(key: bytes) -> AESCCM:
    if len(key) != KEY_SIZE:
        raise ValueError("a device key is 16 bytes")
    return AESCCM(key, tag_length=TAG_SIZE)


def encode_frame(device_id: int, counter: int, key: bytes, message: Message) -> bytes:
    """The frame carrying ``message``; uplink unless it is an acknowledgement."""
    if not (0 < device_id <= MAX_UINT32 and 0 < counter <= MAX_UINT32):
        raise ValueError("device id and counter are 1 to 2^32 - 1")
    header = Header(VERSION, message.type, device_id, counter).to_bytes()
    direction = DOWN if message.type == FrameType.ACK else UP
    sealed = _aead(key).encrypt(
        nonce(device_id, counter, direction), encode_payload(message), header
    )
    return header + sealed


def parse_header(data: bytes) -> Header:
    if len(data) < HEADER_SIZE + TAG_SIZE + 1:
        raise MalformedFrame("too short")
    version, type_number = data[0] >> 4, data[0] & 0x0F
    if version != VERSION:
        raise MalformedFrame(f"version {version}")
    try:
        frame_type = FrameType(type_number)
    except ValueError:
        raise MalformedFrame(f"type {type_number}") from None
    device_id = int.from_bytes(data[1:5], "big")
    counter = int.from_bytes(data[5:9], "big")
    if not device_id or not counter:
        raise MalformedFrame("device id or counter 0")
    return Header(version, frame_type, device_id, counter)


def open_frame(header: Header, data: bytes, key: bytes) -> Message:
    direction = DOWN if header.type == FrameType.ACK else UP
    try:
        payload = _aead(key).decrypt(
            nonce(header.device_id, header.counter, direction),
            data[HEADER_SIZE:],
            data[:HEADER_SIZE],
        )
    except InvalidTag:
        raise ForgedFrame("tag") from None
    return decode_payload(header.type, payload)


def decode_frame(data: bytes, key: bytes) -> tuple[Header, Message]:
    header = parse_header(data)
    return header, open_frame(header, data, key)
