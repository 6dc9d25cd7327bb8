"""The frame format itself (FRAME.md): round trips of every instrument and message type, the
sizes against the satellite links' limits, and refusals of tampered, re-keyed and
authentic-but-invalid frames. No database."""

from __future__ import annotations

import datetime

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from hypothesis import given, settings
from hypothesis import strategies as st

from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.bits import BitWriter
from seafarers_home.sea_frames.codebook import available
from tests.sea_frames.strategies import answers, ids, keys, messages, uplink

KEY = bytes(range(16))
NOW = datetime.datetime(2026, 12, 5, 8, 30, tzinfo=datetime.UTC)
BEIDOU_GLOBAL = 70
IRIDIUM_UP, IRIDIUM_DOWN = 340, 270


@pytest.mark.slow
@settings(deadline=None)
@given(message=messages, device_id=ids, counter=ids, key=keys)
def test_every_message_survives_the_round_trip(
    message: codec.Message, device_id: int, counter: int, key: bytes
) -> None:
    frame = codec.encode_frame(device_id, counter, key, message)
    header, decoded = codec.decode_frame(frame, key)
    assert decoded == message
    assert (header.device_id, header.counter, header.type) == (device_id, counter, message.type)


@pytest.mark.slow
@pytest.mark.parametrize("code", available())
@settings(deadline=None)
@given(data=st.data())
def test_every_instrument_survives_the_round_trip_alone(code: str, data: st.DataObject) -> None:
    sent = data.draw(answers(code))
    message = codec.ScreeningMessage(NOW, (sent,))
    _header, decoded = codec.decode_frame(codec.encode_frame(9, 1, KEY, message), KEY)
    assert decoded.instruments == (sent,)  # type: ignore[union-attr]
    assert decoded.instruments[0].as_dict() == sent.as_dict()  # type: ignore[union-attr]


def _size(message: codec.Message) -> int:
    return len(codec.encode_frame(codec.MAX_UINT32, codec.MAX_UINT32, KEY, message))


def test_phq9_with_gad7_time_and_tag_fits_46_bytes() -> None:
    message = codec.ScreeningMessage(
        NOW, (codec.Answers("phq9", (3,) * 9), codec.Answers("gad7", (3,) * 7))
    )
    assert _size(message) == 27
    assert _size(message) <= 46


def test_a_callback_request_fits_24_bytes() -> None:
    message = codec.CallbackMessage(NOW, 255, 255, codec.CallbackTarget.IN_APP)
    assert _size(message) == 24


def test_the_largest_frames_fit_one_beidou_message() -> None:
    every = codec.ScreeningMessage(
        NOW,
        tuple(
            codec.Answers(code, tuple(max(i.values) for i in codec.packed(code).items))
            for code in available()
        ),
    )
    position = codec.Position(-89.9999, 179.9999)
    pulse = (codec.Answers("phq4", (3, 3, 3, 3)), codec.Answers("who5", (5,) * 5))
    assert _size(every) <= BEIDOU_GLOBAL
    assert _size(codec.CheckInMessage(NOW, position, pulse)) == 30
    assert _size(codec.SosMessage(NOW, position)) == 27
    assert _size(codec.SosMessage(NOW)) == 22
    ack = codec.AckMessage(codec.AckStatus.CRISIS_HELP, codec.FrameType.SOS)
    assert _size(ack) == 18 <= IRIDIUM_DOWN


@pytest.mark.slow
@settings(deadline=None)
@given(message=uplink, bit=st.integers(0, 10_000))
def test_any_flipped_bit_is_refused(message: codec.Message, bit: int) -> None:
    frame = bytearray(codec.encode_frame(77, 5, KEY, message))
    position = bit % (len(frame) * 8)
    frame[position // 8] ^= 0x80 >> (position % 8)
    with pytest.raises((codec.MalformedFrame, codec.ForgedFrame)):
        codec.decode_frame(bytes(frame), KEY)


@pytest.mark.slow
@settings(deadline=None)
@given(message=uplink, key=keys)
def test_another_key_is_refused(message: codec.Message, key: bytes) -> None:
    frame = codec.encode_frame(77, 5, KEY, message)
    if key != KEY:
        with pytest.raises(codec.ForgedFrame):
            codec.decode_frame(frame, key)


@pytest.mark.parametrize("cut", [1, 8, 17])
def test_a_cut_frame_is_refused(cut: int) -> None:
    frame = codec.encode_frame(77, 5, KEY, codec.SosMessage(NOW))
    with pytest.raises(codec.FrameError):
        codec.decode_frame(frame[:-cut], KEY)


def _sealed(frame_type: codec.FrameType, bits: list[tuple[int, int]]) -> bytes:
    """An authentic frame around a hand-packed payload (what a buggy encoder could send)."""
    out = BitWriter()
    for value, width in bits:
        out.write(value, width)
    header = codec.Header(1, frame_type, 77, 5).to_bytes()
    sealed = AESCCM(KEY, tag_length=8).encrypt(codec.nonce(77, 5, codec.UP), out.to_bytes(), header)
    return header + sealed


@pytest.mark.parametrize(
    ("frame_type", "bits"),
    [
        # WHO-5 (code 4): an answer index 7, no such option
        (codec.FrameType.SCREENING, [(0, 32), (4, 4), (7, 3), (0, 12), (0, 4)]),
        # no instrument at all
        (codec.FrameType.SCREENING, [(0, 32), (0, 4)]),
        # instrument code 9 does not exist
        (codec.FrameType.SCREENING, [(0, 32), (9, 4), (0, 4)]),
        # PHQ-4 twice
        (codec.FrameType.SCREENING, [(0, 32), (3, 4), (0, 8), (3, 4), (0, 8), (0, 4)]),
        # a callback window of length 0
        (codec.FrameType.CALLBACK, [(0, 32), (4, 8), (0, 8), (0, 2)]),
        # a latitude beyond the pole
        (codec.FrameType.SOS, [(0, 32), (1, 1), (1_900_000, 21), (0, 22)]),
        # a byte of garbage after the message
        (codec.FrameType.SOS, [(0, 32), (0, 1), (0xFF, 8)]),
        # the time cut short
        (codec.FrameType.CHECK_IN, [(0, 16)]),
    ],
)
def test_authentic_but_invalid_payloads_are_refused(
    frame_type: codec.FrameType, bits: list[tuple[int, int]]
) -> None:
    with pytest.raises(codec.InvalidPayload):
        codec.decode_frame(_sealed(frame_type, bits), KEY)


def test_the_encoder_refuses_what_the_frame_cannot_carry() -> None:
    with pytest.raises(ValueError):
        codec.encode_frame(
            1, 1, KEY, codec.ScreeningMessage(NOW, (codec.Answers("phq9", (4,) * 9),))
        )
    with pytest.raises(ValueError):
        codec.encode_frame(
            1, 1, KEY, codec.ScreeningMessage(NOW, (codec.Answers("gad7", (0,) * 6),))
        )
    with pytest.raises(ValueError):
        codec.encode_frame(1, 0, KEY, codec.SosMessage(NOW))
    with pytest.raises(ValueError):
        codec.encode_frame(1, 1, KEY, codec.SosMessage(codec.EPOCH - datetime.timedelta(seconds=1)))
