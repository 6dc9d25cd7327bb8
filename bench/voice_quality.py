"""Voice quality at the call room's Opus settings: is 10 kbit/s speech still intelligible?

The speech sample (bench/data/speech_zh.wav: 13 s of Mandarin, 16 kHz mono, synthesised with
espeak-ng: "你好,我是医院的心理医生。这几天睡得怎么样?如果心里难受,随时可以给我们打电话。")
is encoded with libopus at the bitrates call.js can use, 60 ms frames as in the call
(`opusenc --framesize 60`), decoded, and compared with the original by STOI (short-time
objective intelligibility, 0–1; above ~0.9 listeners understand nearly every word). It
prints the bitrate of the encoded stream, the same plus 50 bytes a packet of RTP/UDP/IPv4/SRTP
overhead, and STOI. The live figure on the wire comes from `bench/call_room.py --speech`,
which plays this sample as Chromium's microphone.

Needs the opus-tools command-line programs (`apt-get install opus-tools`) and `pystoi`
(`.venv/bin/pip install pystoi`); it says so and exits 0 when they are missing.

Usage: `.venv/bin/python bench/voice_quality.py [--bitrates 8,10,12,16,20]`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "data" / "speech_zh.wav"
OVERHEAD = 12 + 8 + 20 + 10  # RTP + UDP + IPv4 + SRTP tag, bytes per packet
FRAME_S = 0.060


def read(path: Path):
    import numpy as np

    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
        return data, w.getframerate()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bitrates", default="8,10,12,16,20")
    args = parser.parse_args()
    missing = [tool for tool in ("opusenc", "opusdec") if not shutil.which(tool)]
    try:
        from pystoi import stoi
    except ImportError:
        missing.append("pystoi")
    if missing:
        print(f"skipped: {', '.join(missing)} not installed (see the docstring)")
        return 0
    reference, rate = read(SAMPLE)
    seconds = len(reference) / rate
    print(f"speech sample {SAMPLE.name}: {seconds:.1f} s, {rate} Hz; Opus, 60 ms frames\n")
    with tempfile.TemporaryDirectory() as tmp:
        for kbps in (int(b) for b in args.bitrates.split(",")):
            encoded = Path(tmp) / f"s{kbps}.opus"
            decoded = Path(tmp) / f"d{kbps}.wav"
            subprocess.run(
                ["opusenc", "--quiet", "--bitrate", str(kbps), "--framesize", "60",
                 "--comp", "10", str(SAMPLE), str(encoded)],
                check=True,
            )  # fmt: skip
            subprocess.run(
                ["opusdec", "--quiet", "--rate", str(rate), str(encoded), str(decoded)],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            heard, _ = read(decoded)
            n = min(len(reference), len(heard))
            score = stoi(reference[:n], heard[:n], rate, extended=False)
            # The Ogg container's bytes are left out: the payload is what RTP carries.
            payload_kbps = encoded.stat().st_size * 8 / seconds / 1000
            wire_kbps = payload_kbps + OVERHEAD * 8 / FRAME_S / 1000
            print(
                f"  {kbps:>2} kbit/s target: stream {payload_kbps:5.1f} kbit/s, "
                f"on the wire ~{wire_kbps:5.1f} kbit/s, STOI {score:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
