"""The platform's own error pages (404, 400, 500) also when DEBUG is on.

With DEBUG off, Django answers errors with our templates (``core/templates/404.html``, ``400``,
``403``, ``500``: translated, with the crisis bar) through its default handlers. With DEBUG on,
as on the demo site, it shows its technical pages instead: every URL pattern of the platform on
a 404 and the traceback with the settings on a 400 or 500. A seafarer or a clinician trying the
demo would read an English URL list where help should be.

Decision: with DEBUG on, this middleware renders our pages for everyone, staff included, by the
same handlers Django uses with DEBUG off, so both modes answer alike. A developer still gets the
traceback: it is logged to ``django.request`` (the console when DEBUG is on) exactly as Django
logs it without DEBUG, and ``got_request_exception`` is sent as usual. Showing the technical
page to some people only (say staff) would make the demo's answer depend on who asks and would
still put the URL map in front of people who are not developers. A 403 needs nothing: Django
renders ``403.html`` in both modes.

Exceptions raised by a view reach ``process_exception`` (logged and signalled there, as Django
does). Everything else that Django turns into a technical page (a path that matches no URL
pattern fails before any view; an exception in a middleware) is recognised by the marker of
Django's debug templates and replaced in ``__call__``; Django has logged it already. With DEBUG
off the middleware does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404
from django.views import defaults

request_logger = logging.getLogger("django.request")
security_logger = logging.getLogger("django.security")


# Django's technical 404 and 500 templates (views/templates/technical_*.html) carry this tag.
TECHNICAL_PAGE_MARKER = b'<meta name="robots" content="NONE,NOARCHIVE">'

# Our page for each status Django would answer with a technical page under DEBUG.
OWN_PAGES: dict[int, Callable[[HttpRequest], HttpResponse]] = {
    400: lambda request: defaults.bad_request(request, BadRequest()),
    404: lambda request: defaults.page_not_found(request, Resolver404({"path": request.path_info})),
    500: defaults.server_error,
}


def _is_technical(response: HttpResponse) -> bool:
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and TECHNICAL_PAGE_MARKER in response.content
    )


class OwnErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        own_page = OWN_PAGES.get(response.status_code)
        if settings.DEBUG and own_page is not None and _is_technical(response):
            return own_page(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG or isinstance(exception, PermissionDenied):
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, SuspiciousOperation | BadRequest):
            security_logger.warning(
                "Bad request: %s", exception, extra={"status_code": 400, "request": request}
            )
            return defaults.bad_request(request, exception)
        signals.got_request_exception.send(sender=self.__class__, request=request)
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return defaults.server_error(request)
