"""The reference encoder for the bridge PC (FRAME.md): builds a frame and prints it as hex (or
Base64) to paste into the modem's software; reads the server's reply frame. Needs only this
package and ``cryptography``, no server and no database.

    cli=seafarers_home.sea_frames.cli
    python -m $cli encode --setup SHF1:<id>:<key> screening phq9=012301230 gad7=0123012
    python -m $cli encode --setup … callback after=30 length=120 target=satellite
    python -m $cli encode --setup … checkin lat=30.12 lon=122.5 phq4=0110 who5=43334
    python -m $cli encode --setup … sos lat=30.12 lon=122.5
    python -m $cli reply --setup … <reply hex>

Answers are one digit per question, the chosen option's value (as the text commands); callback
``after`` and ``length`` are minutes (rounded to quarter hours). The counter is
max(last used + 1, seconds since 2024-01-01), the last used kept in ``--state-dir``, so this
tool and the encoder page can both send for one device; ``--counter`` sets it by hand.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import re
import sys
from pathlib import Path

from seafarers_home.sea_frames import codec

SETUP = re.compile(r"^SHF1:(\d{1,10}):([0-9a-fA-F]{32})$")
TARGETS = {
    "satellite": codec.CallbackTarget.SATELLITE,
    "mobile": codec.CallbackTarget.MOBILE,
    "app": codec.CallbackTarget.IN_APP,
}
STATUS_TEXT = {
    codec.AckStatus.ACCEPTED: "已收到 received",
    codec.AckStatus.CRISIS_HELP: "已收到。需要帮助请拨打 12356(全国心理援助热线)/ 12395(海上搜救)"
    " received: call 12356 (psychological help) / 12395 (maritime rescue)",
    codec.AckStatus.REFUSED: "未能处理,请重新生成 not processed: make a new message",
    codec.AckStatus.CONSENT_NEEDED: "请先在应用中同意处理健康信息 health-data consent needed",
}


def _device(args: argparse.Namespace) -> tuple[int, bytes]:
    match = SETUP.match((args.setup or "").strip())
    if not match or not 0 < int(match.group(1)) <= codec.MAX_UINT32:
        raise SystemExit("--setup must be SHF1:<device id>:<32 hex digits> (shown at registration)")
    return int(match.group(1)), bytes.fromhex(match.group(2))


def _fields(words: list[str]) -> dict[str, str]:
    fields = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep:
            raise SystemExit(f"expected name=value, got {word!r}")
        fields[name.strip().lower()] = value.strip()
    return fields


def _answers(code: str, digits: str) -> codec.Answers:
    if not digits.isdigit():
        raise SystemExit(f"{code}: one digit per question")
    return codec.Answers(code, tuple(int(d) for d in digits))


def _position(fields: dict[str, str]) -> codec.Position | None:
    if "lat" not in fields and "lon" not in fields:
        return None
    try:
        return codec.Position(float(fields["lat"]), float(fields["lon"]))
    except (KeyError, ValueError):
        raise SystemExit("give both lat= and lon= in decimal degrees") from None


def build_message(kind: str, words: list[str], made_at: datetime.datetime) -> codec.Message:
    fields = _fields(words)
    if kind == "screening":
        return codec.ScreeningMessage(
            made_at, tuple(_answers(code, digits) for code, digits in fields.items())
        )
    if kind == "callback":
        try:
            after = round(int(fields.get("after", "0")) / 15)
            length = round(int(fields.get("length", "60")) / 15)
            target = TARGETS[fields.get("target", "satellite")]
        except (ValueError, KeyError):
            raise SystemExit(
                "callback after=<minutes> length=<minutes> target=satellite|mobile|app"
            ) from None
        return codec.CallbackMessage(made_at, after, length, target)
    if kind == "checkin":
        pulse = None
        if "phq4" in fields or "who5" in fields:
            pulse = (
                _answers("phq4", fields.get("phq4", "")),
                _answers("who5", fields.get("who5", "")),
            )
        return codec.CheckInMessage(made_at, _position(fields), pulse)
    if kind == "sos":
        return codec.SosMessage(made_at, _position(fields))
    raise SystemExit(f"unknown message {kind!r}: screening, callback, checkin or sos")


def next_counter(state: Path, device_id: int, now: datetime.datetime) -> int:
    path = state / f"counter-{device_id}"
    last = int(path.read_text()) if path.exists() else 0
    return max(last + 1, int((now - codec.EPOCH).total_seconds()))


def encode(args: argparse.Namespace) -> int:
    device_id, key = _device(args)
    now = (
        datetime.datetime.fromisoformat(args.time).astimezone(datetime.UTC)
        if args.time
        else datetime.datetime.now(datetime.UTC)
    )
    message = build_message(args.kind, args.fields, now.replace(microsecond=0))
    state = Path(args.state_dir).expanduser()
    counter = args.counter or next_counter(state, device_id, now)
    try:
        frame = codec.encode_frame(device_id, counter, key, message)
    except (ValueError, LookupError) as error:
        raise SystemExit(f"cannot encode: {error}") from None
    if not args.counter:
        state.mkdir(parents=True, exist_ok=True)
        (state / f"counter-{device_id}").write_text(str(counter))
    print(base64.b64encode(frame).decode() if args.base64 else frame.hex())
    print(f"{len(frame)} bytes", file=sys.stderr)
    return 0


def reply(args: argparse.Namespace) -> int:
    device_id, key = _device(args)
    data = base64.b64decode(args.frame) if args.base64 else bytes.fromhex(args.frame)
    try:
        header, message = codec.decode_frame(data, key)
    except codec.FrameError as error:
        raise SystemExit(f"not a reply for this device: {error}") from None
    if header.device_id != device_id or not isinstance(message, codec.AckMessage):
        raise SystemExit("not a reply for this device")
    print(f"#{header.counter} {message.acked_type.name.lower()}: {STATUS_TEXT[message.status]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sea_frames", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    enc = commands.add_parser("encode", help="build a frame")
    enc.add_argument("--setup", required=True, help="SHF1:<device id>:<key hex>")
    enc.add_argument("--counter", type=int, default=0)
    enc.add_argument("--time", help="when the message was made (ISO 8601), default now")
    enc.add_argument("--state-dir", default="~/.sea_frames")
    enc.add_argument("--base64", action="store_true")
    enc.add_argument("kind", choices=["screening", "callback", "checkin", "sos"])
    enc.add_argument("fields", nargs="*")
    enc.set_defaults(run=encode)
    rep = commands.add_parser("reply", help="read the server's reply frame")
    rep.add_argument("--setup", required=True)
    rep.add_argument("--base64", action="store_true")
    rep.add_argument("frame")
    rep.set_defaults(run=reply)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
