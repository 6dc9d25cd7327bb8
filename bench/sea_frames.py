"""Sea frames (issue 14 item 5): the bytes of each binary frame against the satellite links'
limits — a BeiDou-3 global short message (560 bits = 70 bytes), Iridium SBD (340 bytes up,
270 down) — and the issue's targets (PHQ-9 + GAD-7 with time and tag ≤ 46 bytes, a callback
request ≤ 24 bytes). Beside each frame, the same request as the API's JSON body would be,
for scale. Also the time to encode and to open a frame (the server's share of a delivery).

Pure codec: no database, no server. Figures, not tests (tests/sea_frames asserts the sizes).

Usage: .venv/bin/python bench/sea_frames.py
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.codebook import available, packed

KEY = bytes(range(16))
NOW = datetime.datetime(2026, 12, 5, 8, 30, tzinfo=datetime.UTC)
LIMITS = {"BeiDou global": 70, "Iridium up": 340}
TARGETS = {"PHQ-9 + GAD-7": 46, "callback request": 24}
A = codec.Answers


def highest(code: str) -> codec.Answers:
    return A(code, tuple(max(item.values) for item in packed(code).items))


def api_body(message: codec.Message) -> int:
    """The JSON the API would be sent for the same answers (one request per instrument)."""
    if isinstance(message, codec.ScreeningMessage):
        return sum(
            len(json.dumps({"instrument": a.code, "answers": a.as_dict()}).encode())
            for a in message.instruments
        )
    return 0


def main() -> None:
    position = codec.Position(30.1234, 122.5678)
    pulse = (highest("phq4"), highest("who5"))
    cases: list[tuple[str, codec.Message]] = [
        ("PHQ-9 + GAD-7", codec.ScreeningMessage(NOW, (highest("phq9"), highest("gad7")))),
        (
            "pre-departure (PHQ-9, GAD-7, WHO-5, AUDIT-C)",
            codec.ScreeningMessage(
                NOW, tuple(highest(c) for c in ("phq9", "gad7", "who5", "auditc"))
            ),
        ),
        (
            f"every instrument ({len(available())})",
            codec.ScreeningMessage(NOW, tuple(highest(c) for c in available())),
        ),
        ("K10 alone", codec.ScreeningMessage(NOW, (highest("k10"),))),
        ("callback request", codec.CallbackMessage(NOW, 8, 8, codec.CallbackTarget.SATELLITE)),
        ("check-in", codec.CheckInMessage(NOW)),
        ("check-in + position + pulse", codec.CheckInMessage(NOW, position, pulse)),
        ("SOS", codec.SosMessage(NOW)),
        ("SOS + position", codec.SosMessage(NOW, position)),
        (
            "reply (acknowledgement, down)",
            codec.AckMessage(codec.AckStatus.ACCEPTED, codec.FrameType.SCREENING),
        ),
    ]
    print(f"{'message':48} {'bytes':>5} {'payload':>7}  BeiDou 70  Iridium  target  API JSON")
    for name, message in cases:
        frame = codec.encode_frame(codec.MAX_UINT32, codec.MAX_UINT32, KEY, message)
        payload = len(codec.encode_payload(message))
        iridium = 270 if isinstance(message, codec.AckMessage) else 340
        target = TARGETS.get(name)
        target_text = f"≤ {target} {'ok' if len(frame) <= target else 'OVER'}" if target else ""
        print(
            f"{name:48} {len(frame):5d} {payload:7d}  "
            f"{'fits' if len(frame) <= 70 else 'OVER':>9}  "
            f"{'fits' if len(frame) <= iridium else 'OVER':>7}  {target_text:>7}  "
            f"{api_body(message) or '':>8}"
        )
    message = cases[0][1]
    rounds = 2000
    started = time.perf_counter()
    for counter in range(1, rounds + 1):
        frame = codec.encode_frame(1, counter, KEY, message)
    encode_us = (time.perf_counter() - started) / rounds * 1e6
    started = time.perf_counter()
    for _ in range(rounds):
        codec.decode_frame(frame, KEY)
    decode_us = (time.perf_counter() - started) / rounds * 1e6
    print(
        f"\nencode PHQ-9 + GAD-7: {encode_us:.0f} µs; "
        f"check and open: {decode_us:.0f} µs ({rounds} rounds)"
    )


if __name__ == "__main__":
    main()
