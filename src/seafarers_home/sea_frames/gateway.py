"""The satellite gateways' delivery: the signature that proves a delivery comes from a gateway
we configured, and reading the frame out of the body.

Signature: HMAC-SHA256 with ``SEA_FRAMES_GATEWAY_SECRET`` over ``"<timestamp>.<nonce>.<body>"``
(headers ``X-Gateway-Timestamp``, ``X-Gateway-Nonce``, ``X-Gateway-Signature``, hex), as the
hotline's phone-system webhook and the short-message gateways (``core.signed_webhooks``, the
one implementation). Nonces are not spent: a gateway resending the same delivery
must get its 200 again, and the frame's own counter already makes a resend harmless (stored
once, the same reply).
"""

from __future__ import annotations

import base64
import binascii
import json

from django.conf import settings

from seafarers_home.core.signed_webhooks import verify_signed_request

MAX_BODY = 4096  # a frame is at most 340 bytes; JSON around it stays small
MAX_FRAME = 340


def verify(timestamp: str, nonce: str, signed: str, body: bytes) -> None:
    """Raises ``core.signed_webhooks.WebhookRefused`` unless a configured gateway signed it."""
    verify_signed_request(
        settings.SEA_FRAMES_GATEWAY_SECRET,
        timestamp,
        nonce,
        signed,
        body,
        tolerance_seconds=settings.SEA_FRAMES_GATEWAY_TOLERANCE_SECONDS,
    )


def frame_from_body(body: bytes, content_type: str) -> tuple[bytes, str]:
    """``(frame, gateway label)``; ValueError when the body holds no frame."""
    if len(body) > MAX_BODY:
        raise ValueError("body too large")
    if content_type.split(";")[0].strip() != "application/json":
        frame, label = body, ""
    else:
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError("not JSON") from None
        if not isinstance(payload, dict):
            raise ValueError("not an object")
        label = payload.get("gateway", "")
        label = label if isinstance(label, str) and label.isprintable() else ""
        try:
            if isinstance(payload.get("frame"), str):
                frame = base64.b64decode(payload["frame"], validate=True)
            elif isinstance(payload.get("frame_hex"), str):
                frame = bytes.fromhex(payload["frame_hex"])
            else:
                raise ValueError("no frame")
        except binascii.Error:
            raise ValueError("bad base64") from None
    if not frame or len(frame) > MAX_FRAME:
        raise ValueError("frame size")
    return frame, label[:20]
