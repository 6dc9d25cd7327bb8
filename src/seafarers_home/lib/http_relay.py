"""POST one JSON document to an HTTP relay with a bearer token: how the SMS gateway and the
short-message gateways are reached in production. One implementation for both senders."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


class RelayError(Exception):
    """The relay could not be reached, or answered other than 2xx."""


def post_json(url: str, token: str, document: dict[str, Any], *, timeout: float) -> None:
    """Send ``document`` as UTF-8 JSON; raise RelayError unless the relay answers 2xx. The
    caller checks once, when configured, that ``url`` is http(s)."""
    request = urllib.request.Request(  # noqa: S310 - the callers check the scheme
        url,
        data=json.dumps(document, ensure_ascii=False).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {token}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except (urllib.error.URLError, TimeoutError) as exc:
        raise RelayError(f"unreachable: {exc}") from exc
    if not 200 <= status < 300:
        raise RelayError(f"answered {status}")
