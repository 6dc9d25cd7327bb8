"""What each gateway posts, read into one ``Delivery``.

Each gateway has its own endpoint (``/short-messages/gateway/<name>/``), its own secret
(``SHORT_MESSAGE_<NAME>_SECRET``) and signs like the hotline's phone system
(core/signed_webhooks.py) with the headers ``X-Short-Message-Timestamp``, ``-Nonce`` and
``-Signature``. The body is JSON:

- ``sms``: ``{"message_id", "from", "text"}`` — the SMS platform's uplink (``from`` a mainland
  mobile number, ``+86`` allowed);
- ``beidou``: ``{"message_id", "from", "text", "latitude", "longitude"}`` — the BeiDou
  short-message service's delivery, ``from`` the sender's card number, the position when the
  terminal sent one (decimal degrees, WGS 84);
- ``iridium``: ``{"imei", "momsn", "data", "iridium_latitude", "iridium_longitude"}`` — the SBD
  mobile-originated message as Iridium's HTTP delivery posts it: ``data`` the payload in hex
  (the modem's text, UTF-8 or GB18030), the message's id the IMEI and its MOMSN.

Size limits follow the channel: an SMS up to 500 characters (a long SMS of 7-8 parts), a BeiDou
message up to 1,000 characters (a regional message, 14,000 bits), an Iridium message up to 340
bytes (SBD's mobile-originated maximum).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from seafarers_home.core.inputs import has_nul
from seafarers_home.core.signed_webhooks import SignedHeaders
from seafarers_home.short_messages.terminals import normalise_address

HEADERS = SignedHeaders(
    "X-Short-Message-Timestamp", "X-Short-Message-Nonce", "X-Short-Message-Signature"
)
MAX_TEXT = {"sms": 500, "beidou": 1000, "iridium": 340}


class Malformed(ValueError):
    """Signed, but not a message we can read: answered 200 (the gateway must not resend)."""


@dataclass(frozen=True)
class Delivery:
    gateway: str
    message_id: str
    address: str
    text: str
    latitude: float | None = None
    longitude: float | None = None
    size_bytes: int = 0

    @property
    def too_long(self) -> bool:
        if self.gateway == "iridium":
            return self.size_bytes > MAX_TEXT["iridium"]
        return len(self.text) > MAX_TEXT[self.gateway]


def _position(latitude: Any, longitude: Any) -> tuple[float | None, float | None]:
    """A usable position or none: a bad one is dropped, never a reason to refuse the message.
    The two are whatever JSON the gateway sent."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None, None
    return round(lat, 5), round(lon, 5)


def _text(raw: object) -> str:
    if not isinstance(raw, str) or has_nul(raw):
        raise Malformed("text")
    return raw


def read_delivery(gateway: str, body: bytes) -> Delivery:
    """The delivery in ``body``; raises ``Malformed``."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise Malformed("json") from error
    if not isinstance(payload, dict):
        raise Malformed("json")
    if gateway == "iridium":
        return _iridium(payload)
    message_id = str(payload.get("message_id") or "").strip()
    address = normalise_address(gateway, str(payload.get("from") or ""))
    if not message_id or len(message_id) > 80 or has_nul(message_id) or address is None:
        raise Malformed("sender")
    text = _text(payload.get("text", ""))
    latitude, longitude = (None, None)
    if gateway == "beidou":
        latitude, longitude = _position(payload.get("latitude"), payload.get("longitude"))
    return Delivery(
        gateway,
        message_id,
        address,
        text,
        latitude,
        longitude,
        size_bytes=len(text.encode("utf-8")),
    )


def _iridium(payload: dict) -> Delivery:
    address = normalise_address("iridium", str(payload.get("imei") or ""))
    momsn = payload.get("momsn")
    if address is None or not isinstance(momsn, int) or not 0 <= momsn <= 65535:
        raise Malformed("sender")
    try:
        data = bytes.fromhex(str(payload.get("data") or ""))
    except ValueError as error:
        raise Malformed("data") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise Malformed("data") from error
    latitude, longitude = _position(
        payload.get("iridium_latitude"), payload.get("iridium_longitude")
    )
    return Delivery(
        "iridium",
        f"{address}:{momsn}",
        address,
        _text(text),
        latitude,
        longitude,
        size_bytes=len(data),
    )
