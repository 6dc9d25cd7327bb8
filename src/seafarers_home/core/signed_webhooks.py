"""Machine-to-machine requests signed with a shared secret: the one implementation behind the
hotline's phone-system webhook and the short-message gateways (issue 14).

The sender signs ``"<timestamp>.<nonce>.<body>"`` with HMAC-SHA256 (hex) and sends the
timestamp (Unix seconds), the nonce (≤ 80 characters) and the signature in three headers.
``verify_signed_request`` checks, in this order: the secret is configured, the three headers
are there, the signature matches (constant-time), the timestamp is within the tolerance. The
nonce is then spent by ``spend_nonce`` **in the caller's transaction**, beside what the request
stores: a request that fails after verification leaves its nonce unspent, so the sender's
retry of the same request is not refused for a write that never happened.

Spent nonces live in ``core.SpentNonce``, one table for every scope (``"hotline"``,
``"sm.beidou"`` …), pruned after a day (well past any tolerance).

``WebhookRefused.code`` says why, so that each endpoint answers its own way: ``missing`` (no
signature at all: 401), ``forged`` (a signature that does not match), ``stale``,
``not_configured``, ``bad_nonce``, ``replayed``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.core.inputs import has_nul
from seafarers_home.core.models import SpentNonce

NONCE_MAX_LENGTH = 80
NONCE_KEPT = timedelta(days=1)


class WebhookRefused(ValueError):
    """Bad signature, stale timestamp, replayed nonce or malformed body; ``code`` says which."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SignedHeaders:
    """The three header names of one sender (Django's ``request.headers`` spelling)."""

    timestamp: str
    nonce: str
    signature: str

    def read(self, request: HttpRequest) -> tuple[str, str, str]:
        return (
            request.headers.get(self.timestamp, ""),
            request.headers.get(self.nonce, ""),
            request.headers.get(self.signature, ""),
        )


def webhook_signature(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + nonce.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_signed_request(
    secret: str,
    timestamp: str,
    nonce: str,
    signature: str,
    body: bytes,
    *,
    tolerance_seconds: int,
) -> None:
    """Raises ``WebhookRefused`` unless the request is signed with ``secret`` and fresh."""
    if not secret:
        raise WebhookRefused("webhook not configured", "not_configured")
    if not (timestamp and nonce and signature):
        raise WebhookRefused("unsigned request", "missing")
    expected = webhook_signature(secret, timestamp, nonce, body)
    if not hmac.compare_digest(expected, signature):
        raise WebhookRefused("bad signature", "forged")
    try:
        sent = datetime.fromtimestamp(int(timestamp), tz=timezone.get_fixed_timezone(0))
    except (TypeError, ValueError, OverflowError, OSError) as error:
        raise WebhookRefused("bad timestamp", "stale") from error
    if abs((timezone.now() - sent).total_seconds()) > tolerance_seconds:
        raise WebhookRefused("stale timestamp", "stale")
    if len(nonce) > NONCE_MAX_LENGTH or has_nul(nonce):
        raise WebhookRefused("bad nonce", "bad_nonce")


def spend_nonce(scope: str, nonce: str, now: datetime | None = None) -> None:
    """Spend ``nonce`` in ``scope``; raises ``WebhookRefused(code="replayed")`` when it was
    spent before. Call inside the transaction that stores what the request carried."""
    now = now or timezone.now()
    SpentNonce.objects.filter(scope=scope, received_at__lt=now - NONCE_KEPT).delete()
    try:
        with transaction.atomic():
            SpentNonce.objects.create(scope=scope, nonce=nonce, received_at=now)
    except IntegrityError as error:
        raise WebhookRefused("replayed nonce", "replayed") from error
