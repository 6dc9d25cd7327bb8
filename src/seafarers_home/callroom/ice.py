"""ICE servers for a call room's RTCPeerConnection: STUN, and TURN with short-lived
credentials (coturn's TURN REST scheme; README "Call rooms: STUN/TURN with coturn")."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def turn_credentials(user_id: int, *, now: float | None = None) -> tuple[str, str, int]:
    """coturn's TURN REST scheme (use-auth-secret): the username is "<expiry>:<user>", the
    password base64(HMAC-SHA1(secret, username)); coturn refuses it after the expiry."""
    expiry = int(now if now is not None else time.time()) + settings.TURN_CREDENTIAL_TTL
    username = f"{expiry}:sh{user_id}"
    digest = hmac.new(settings.TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode(), expiry


def ice_configuration(user: User) -> dict[str, Any]:
    """The RTCPeerConnection ``iceServers`` for ``user``, and when its TURN credentials end."""
    servers: list[dict[str, Any]] = []
    if settings.STUN_URLS:
        servers.append({"urls": list(settings.STUN_URLS)})
    expires_at = None
    if settings.TURN_URLS and settings.TURN_SECRET:
        username, credential, expiry = turn_credentials(user.pk)
        servers.append(
            {"urls": list(settings.TURN_URLS), "username": username, "credential": credential}
        )
        expires_at = datetime.fromtimestamp(expiry, tz=UTC)
    return {"ice_servers": servers, "expires_at": expires_at}
