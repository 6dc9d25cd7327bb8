"""Say "busy" instead of failing: a bound on the requests in flight per server process, and a
503 with Retry-After when the bound is reached or the database pool has no connection free.

Each request runs its Django code in a thread of its own (ASGI) and, on PostgreSQL, holds a
pooled connection. Without a bound, a burst starts as many threads as there are requests,
they all queue for the pool and time out, and the pages answer 500. With the bound, requests
past it wait briefly for a slot, holding no connection, and are then answered with a small
page that needs no database and shows the crisis numbers (or JSON for the API). Under uvicorn
they wait on the event loop, in order of arrival and before they are lent a thread
(core/asgi_handler.py, core/in_flight.py); under a threaded WSGI server and the test client,
in their thread, here. Either way the answer is given here, inside the outer middleware (the
metrics, the security headers). uvicorn's own ``limit_concurrency`` would answer a bare 503
and could not spare the crisis paths, hence this middleware.

Never shed (``NEVER_SHED``, by URL name): the crisis help page, the health check, the paths
that raise or answer crisis alerts (the answers of a screening and its result, the message
board's question and follow-up — the GETs of the questionnaire and ask pages only show a form
and are shed like any page —, "I need help now", the hotline caller's and counsellor's call paths,
urgent consultations, the clinicians' alert board) and the API operations that submit
screenings, questions and hotline calls. They do not count against the bound either, so the
pool is sized with headroom for them (DB_POOL_MAX_SIZE > REQUESTS_IN_FLIGHT_MAX). When even
they find no pooled connection within DB_POOL_TIMEOUT, they get the same busy page with the
hotline numbers: nothing else can be done without a database.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from seafarers_home.core.in_flight import ADMISSION, REFUSED, STATIC, Admission, ThreadGate

logger = logging.getLogger("seafarers_home.overload")
SHED_REPORT_SECONDS = 10

# URL names that are never shed. Keep in step with the README ("Connections and load");
# tests/ops/test_overload.py checks each one still names a URL.
NEVER_SHED: frozenset[str] = frozenset(
    {
        "core:help",  # 危机求助: the crisis help page
        "core:healthz",  # the load balancer must not take a busy server for a dead one
        "screening:take",  # answering a questionnaire (POST): PHQ-9 item 9 raises an alert
        "screening:result",  # the result shows the crisis resources at once
        "inquiries:ask",  # red-flag words in a question (POST) raise a crisis alert
        "inquiries:follow_up",  # ... and in a follow-up
        "hotline:call",  # the caller's page
        "hotline:join",  # joining the live queue
        "hotline:hang_up",
        "hotline:callback_new",  # asking for a callback (ship's satellite phone)
        "hotline:voice",  # the voice room of a call, both sides
        "hotline:voice_ice",
        "hotline:console",  # the counsellor must be able to take the call
        "hotline:state",
        "hotline:accept",
        "hotline:decline",  # so that an offered call moves on to the next counsellor
        "hotline:end",
        "hotline:callback_attempt",
        "hotline:crisis",  # the counsellor's crisis flag raises an alert
        "consultations:urgent_new",  # urgent consultation: pages the on-call psychiatrist
        "consultations:urgent_detail",
        "consultations:urgent_take",
        "consultations:urgent_room",
        "consultations:urgent_join",
        "consultations:urgent_callback",
        "alerts:help_now",  # the seafarer's "I need help now"
        "alerts:help_now_page",
        "alerts:help_now_callback",
        "alerts:list",  # clinicians see, acknowledge and work crisis alerts
        "alerts:detail",
        "alerts:acknowledge",
        "alerts:outcome",
        "api:screening_submit",
        "api:inquiry_ask",
        "api:inquiry_follow_up",
        "api:hotline_join",
        "api:hotline_call_status",
        "api:hotline_hang_up",
        "api:hotline_callback_request",
    }
)


# Of these, pages whose GET only shows a form to fill in: the POST (the answers, the
# question) is what can raise a crisis alert, so only the POST is spared. Their GETs are shed
# like any page (the load test found the never-shed questionnaire and ask pages holding the
# pool while the sheddable pages waited for it); the busy page shows the crisis numbers.
NEVER_SHED_POST_ONLY: frozenset[str] = frozenset({"screening:take", "inquiries:ask"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_never_shed(name: str, method: str | None) -> bool:
    """True for a crisis path (``NEVER_SHED``), except the GET of a form-only page."""
    if name not in NEVER_SHED:
        return False
    return not (name in NEVER_SHED_POST_ONLY and (method or "GET").upper() in SAFE_METHODS)


# The health check reports an unreachable database itself (JSON, 503): no connection first.
NOT_CONNECTED_FIRST = frozenset({"core:healthz"})


def name_of_path(path_info: str) -> str:
    try:
        return resolve(path_info).view_name
    except Resolver404:
        return ""


def is_pool_timeout(exc: BaseException) -> bool:
    """psycopg_pool.PoolTimeout, as raised or as Django wraps it (OperationalError)."""
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # an install for SQLite only may lack psycopg-pool
        return False
    return isinstance(exc, PoolTimeout) or isinstance(exc.__cause__, PoolTimeout)


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, in the client's language, without touching the database (the
    locale middleware has not run yet, and the session may not be readable)."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": _("服务器繁忙,请稍后再试。"), "code": "busy"}, status=503
            )
        else:
            numbers = (settings.PLATFORM_HOTLINE_NUMBER, settings.NATIONAL_PSY_HOTLINE_NUMBER)
            response = HttpResponse(_busy_html(language, numbers), status=503)
    response["Retry-After"] = str(settings.BUSY_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@functools.lru_cache(maxsize=8)
def _busy_html(language: str, numbers: tuple[str, str]) -> str:
    # Rendered once per language: under overload every shed request would render it again.
    return render_to_string("core/errors/busy.html")


@register()
def check_pool_headroom(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    if not isinstance(pool, dict):
        return []
    if pool.get("min_size", 0) > pool.get("max_size", 1):
        return [
            Error(
                "DB_POOL_MIN_SIZE is larger than DB_POOL_MAX_SIZE.",
                hint="The pool would refuse to start: lower DB_POOL_MIN_SIZE.",
                id="seafarers_home.E071",
            )
        ]
    bound = settings.REQUESTS_IN_FLIGHT_MAX
    if bound <= 0 or bound >= pool.get("max_size", 1):
        return [
            Warning(
                f"REQUESTS_IN_FLIGHT_MAX ({bound or 'off'}) is not below DB_POOL_MAX_SIZE "
                f"({pool.get('max_size')}): ordinary requests can take every pooled "
                "connection, and the crisis paths then wait for one like everybody else.",
                hint="Keep REQUESTS_IN_FLIGHT_MAX a few below DB_POOL_MAX_SIZE (README, "
                "'Connections and load').",
                id="seafarers_home.W070",
            )
        ]
    return []


def _connect() -> bool:
    """Borrow the request's connection now; False if the pool had none to lend in time.
    Any other failure (the database is down, ...) is left to the code that queries first,
    which meets it again and reports it as it always did."""
    try:
        connection.ensure_connection()
    except Exception as exc:
        return not is_pool_timeout(exc)
    return True


class RequestsInFlightMiddleware:
    """Sheds requests past REQUESTS_IN_FLIGHT_MAX (after waiting up to REQUESTS_QUEUE_SECONDS
    for a slot: a burst is absorbed, a sustained overload answered); turns a pool time-out
    into 503.

    With the pool, the connection is borrowed here, first, so that running out of connections
    becomes a 503 in one place rather than a 500 in whichever later middleware or view
    happens to query first (those exceptions never reach an outer middleware)."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.gate = ThreadGate(max(settings.REQUESTS_IN_FLIGHT_MAX, 0))
        self.wait = settings.REQUESTS_QUEUE_SECONDS
        self.pooled = bool(connection.settings_dict.get("OPTIONS", {}).get("pool"))
        self.shed_count, self.last_report = 0, float(-SHED_REPORT_SECONDS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        admission: Admission | None = getattr(request, "scope", {}).get(ADMISSION)
        if admission is not None:  # uvicorn: the handler has counted and waited on its loop
            return self._admitted(request, admission)
        name = name_of_path(request.path_info)
        counted = not is_never_shed(name, request.method)
        if counted and not self.gate.enter(self.wait):
            return self._shed(request, "in-flight bound")
        try:
            return self._connected(request, name)
        finally:
            if counted:
                self.gate.leave()

    def _admitted(self, request: HttpRequest, admission: Admission) -> HttpResponse:
        if admission.outcome == REFUSED:
            return self._shed(request, "in-flight bound")
        if admission.outcome == STATIC:
            # Under STATIC_URL but not a file WhiteNoise (above) serves: answered here, not by
            # the chain, so that it cannot go round the bound to the database.
            return HttpResponseNotFound(b"", content_type="text/plain")
        return self._connected(request, admission.view_name)

    def _connected(self, request: HttpRequest, name: str) -> HttpResponse:
        if self.pooled and name not in NOT_CONNECTED_FIRST and not _connect():
            return self._shed(request, "pool time-out")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A view that reconnects mid-request can still meet an exhausted pool.
        if is_pool_timeout(exception):
            return self._shed(request, "pool time-out")
        return None

    def _shed(self, request: HttpRequest, why: str) -> HttpResponse:
        # One log line per interval, not one per shed request: the log must not add to the load.
        self.shed_count += 1
        now = time.monotonic()
        if now - self.last_report >= SHED_REPORT_SECONDS:
            logger.warning(
                "busy: %d requests answered 503 since the last report (now %s: %s %s)",
                self.shed_count, why, request.method, request.path_info,
            )  # fmt: skip
            self.shed_count, self.last_report = 0, now
        return busy_response(request)
