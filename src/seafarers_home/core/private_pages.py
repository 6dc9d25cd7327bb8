"""Pages drawn for a signed-in person are theirs alone: no shared or browser cache keeps them.

A bridge computer or a crew-mess tablet is shared. Without ``no-store`` the browser's back
button and history show the last person's screening results, questions or care tasks after
they signed out, and a proxy on the ship's link could keep them. Views that set their own
``Cache-Control`` (the call rooms' ``never_cache``, static files through WhiteNoise, which
answers before this middleware) keep it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.utils.deprecation import MiddlewareMixin


class PrivatePagesMiddleware(MiddlewareMixin):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
