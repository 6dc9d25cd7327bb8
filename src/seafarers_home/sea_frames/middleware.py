"""What sending costs, on the server (issue 14 item 7):

- every write request (POST, PUT, PATCH, DELETE) of a signed-in seafarer is counted with its
  size — the body's Content-Length plus the request line and headers — into this month's row
  of its channel (the API under /api/, the web otherwise); the settings page shows the total.
  GETs are not counted (no write on a read); the binary frames are counted where they are
  stored (actions.py);
- a seafarer's page holding ``{% send_cost %}`` lines gets, in each, the size and cost of the
  request its form will send, measured from the rendered form (form_size.py): the pages carry
  no JavaScript, so the server does what a script would.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponseBase
from django.utils.html import escape
from django.utils.translation import gettext as _

from seafarers_home.permissions.roles import is_seafarer
from seafarers_home.sea_frames import costs
from seafarers_home.sea_frames.form_size import MARKER as FORM_MARKER
from seafarers_home.sea_frames.form_size import estimates
from seafarers_home.sea_frames.usage import count_usage

logger = logging.getLogger("seafarers_home.sea_frames")
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MARKER = FORM_MARKER.encode()
OUTPUT = re.compile(rb"(<output>)(.*?)(</output>)", re.S)


class UsageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        write = request.method in WRITES
        # A POST may answer with the next form too (the 心理CT's pages do).
        estimate = (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and MARKER in response.content
        )
        if not (write or estimate):  # most requests: no role looked up, nothing done
            return response
        # The API signs in by token inside the view: its user is on request.auth.
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False) or not is_seafarer(user):
            return response
        if write:
            self._count(request, user)
        if estimate:
            self._estimate(request, user, response)
        return response

    def _count(self, request: HttpRequest, user: object) -> None:
        try:
            length = max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
        except ValueError:
            length = 0
        channel = "api" if request.path.startswith("/api/") else "web"
        try:
            count_usage(user, channel, length + costs.header_bytes(request))  # type: ignore[arg-type]
        except DatabaseError:  # a count is never worth failing the seafarer's request
            logger.exception("usage count failed")

    def _estimate(self, request: HttpRequest, user: object, response: HttpResponseBase) -> None:
        content = response.content
        forms = estimates(content.decode(response.charset or "utf-8", "replace"))
        link = costs.cached_link(user)  # type: ignore[arg-type]
        headers = costs.header_bytes(request)
        if request.method not in WRITES:  # the form's POST adds Origin, Content-Type, -Length
            headers += costs.POST_EXTRA_HEADERS
        parts, position = [], 0
        for form in forms:
            marker = content.find(MARKER, position)
            found = OUTPUT.search(content, marker) if marker >= 0 else None
            if found is None:
                break
            text = costs.estimate_text(headers + form.body_size, link)
            if form.free_text:
                text += _("(您写的文字每 100 字另加约 %(n)d 字节)") % {
                    "n": form.per_hundred_characters
                }
            parts += [content[position : found.start(2)], escape(text).encode()]
            position = found.end(2)
        if parts:
            response.content = b"".join([*parts, content[position:]])
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
