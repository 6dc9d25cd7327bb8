"""Content-Security-Policy on every answer: scripts, styles, images and connections from this
site only, no inline script at all, no framing. Django 5.2 has no CSP of its own; this small
middleware builds the header from settings so that the WebSocket and TURN hosts follow the
deployment.

- **No inline script**: pages load their scripts from static files and pass data in
  ``json_script`` blocks (type application/json, which CSP does not run) or data attributes.
- **Styles from files**, with one exception allowed by its hash: the error pages' few rules
  are inline on purpose (``ERROR_PAGE_CSS``), because a 500 or a "busy" page must not depend on
  the static files' manifest or another request over a satellite link.
- ``connect-src``: this site, its WebSocket on the request's own host (``ws:`` or ``wss:``;
  spelled out for browsers whose ``'self'`` does not cover WebSockets), the STUN/TURN hosts
  (CSP does not govern ICE itself, but a TURN host answering HTTPS is then reachable) and
  ``CSP_CONNECT_SRC`` for anything else.
- ``frame-ancestors 'none'`` (with X-Frame-Options DENY for old browsers), ``object-src
  'none'``, ``base-uri 'self'``, ``form-action 'self'``.
- ``CSP_REPORT_URI``, when set, receives the browsers' violation reports.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

# The error pages' styles (core/errors/layout.html via {% error_page_style %}): tiny, inline,
# and allowed by their hash below; change them here and the hash follows.
ERROR_PAGE_CSS = (
    "body{margin:0;font:16px/1.55 system-ui,sans-serif;color:#17212b}"
    "main{max-width:40rem;margin:0 auto;padding:1rem}"
    ".crisis{padding:.35rem 1rem;background:#b3261e}"
    ".crisis a{display:inline-block;padding:.2rem 0;color:#fff;margin-right:1rem;"
    "text-decoration:none}a{color:#0b5c8a}"
)
_DIGEST = base64.b64encode(hashlib.sha256(ERROR_PAGE_CSS.encode()).digest()).decode()
ERROR_PAGE_CSS_HASH = f"'sha256-{_DIGEST}'"


def ice_hosts() -> list[str]:
    """host:port of the STUN/TURN URLs (``turn:turn.example.cn:3478?transport=udp``)."""
    hosts: list[str] = []
    for url in [*settings.STUN_URLS, *settings.TURN_URLS]:
        address = url.split(":", 1)[1].split("?", 1)[0].lstrip("/")
        if address and address not in hosts:
            hosts.append(address)
    return hosts


def policy(request: HttpRequest) -> str:
    connect = ["'self'"]
    # A disallowed host is answered 400 anyway; the header must not turn that into a 500.
    with contextlib.suppress(DisallowedHost):
        connect.append(f"{'wss' if request.is_secure() else 'ws'}://{request.get_host()}")
    for extra in [*ice_hosts(), *settings.CSP_CONNECT_SRC]:
        if extra not in connect:
            connect.append(extra)
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {ERROR_PAGE_CSS_HASH}",
        # data: for the page icon placeholder and the API docs' built-in images.
        "img-src 'self' data:",
        "font-src 'self'",
        "media-src 'self'",
        f"connect-src {' '.join(connect)}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if settings.CSP_REPORT_URI:
        directives.append(f"report-uri {settings.CSP_REPORT_URI}")
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    """Adds the header unless a view set its own (synchronous, as the whole chain the server
    builds: core/asgi_handler.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(request)
        return response
