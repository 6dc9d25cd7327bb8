"""A seafarer's past screening results and a server-rendered trend chart per instrument.

The charts are drawn into the page's HTML (a few KB of SVG that gzip shrinks well), not served
as images: each image was one more round trip of 800 ms at sea. Each chart is an image to
assistive technology (role="img", its title and a description in words); the table below is
the full text alternative."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seafarers_home.lib.zones import user_zone
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.screening.charts import trend_svg as render_trend_svg
from seafarers_home.screening.instruments import Instrument, UnknownInstrument, get_instrument
from seafarers_home.screening.models import Response

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


HISTORY_FIELDS = (
    "instrument_code",
    "instrument_version",
    "band",
    "total_score",
    "created_at",
    "screening__completed_at",
)


def _zone(user: User | AnonymousUser) -> ZoneInfo:
    return user_zone(user)


def _own_responses(request: HttpRequest):
    # Only responses that count: of a completed screening, or sent alone (the API, a pulse).
    return Response.objects.filter(seafarer=request.user).exclude(screening__status="in_progress")


def _describe(points: list[tuple[datetime, float]]) -> str:
    """The chart in words, for screen readers (the table below lists every result)."""
    if not points:
        return _("还没有可以画出的得分。")
    (first, first_total), (last, last_total) = points[0], points[-1]
    return _(
        "共 %(count)s 次结果:最早 %(first)s 得 %(first_total)s 分,"
        "最近 %(last)s 得 %(last_total)s 分。每次的得分见下面的表格。"
    ) % {
        "count": len(points),
        "first": f"{first:%Y-%m-%d}",
        "first_total": f"{first_total:.0f}",
        "last": f"{last:%Y-%m-%d}",
        "last_total": f"{last_total:.0f}",
    }


def _inline_chart(instrument: Instrument, points: list[tuple[datetime, float]]) -> str:
    svg = render_trend_svg(
        instrument,
        points,
        element_id=f"trend-{instrument.code}",
        label=_("%(title)s得分变化") % {"title": instrument.title},
        description=_describe(points),
    )
    # Our own markup: every text in it (titles, band labels, the description) is escaped.
    return mark_safe(svg)  # noqa: S308


# Rows of the table per page, newest first. The page once listed the latest 200: for a
# seafarer with 500 results that cost 44 ms of CPU against 10 ms for one with a handful
# (bench/README.md, "The collector"), and more bytes at sea. Older rows are a link away.
PAGE_ROWS = 50


def _table_page(request: HttpRequest, zone: ZoneInfo) -> tuple[Page, list[dict[str, Any]]]:
    """``?page=N`` of the results, newest first (Django's paginator: a page that is not a
    number is the first, one past the end the last), and its rows."""
    page = Paginator(
        _own_responses(request)
        .select_related("screening")
        # Not the answers: an encrypted field, decrypted for each row it was most of this
        # page's cost (issue 20 item 8), and the page does not show them.
        .only(*HISTORY_FIELDS)
        .order_by("-created_at", "-pk"),
        PAGE_ROWS,
    ).get_page(request.GET.get("page"))
    rows = []
    for response in page:
        try:
            instrument = get_instrument(response.instrument_code, response.instrument_version)
        except UnknownInstrument:
            continue
        band = next((b for b in instrument.bands if b.code == response.band), None)
        when = response.screening.completed_at if response.screening else None
        rows.append(
            {
                "when": timezone.localtime(when or response.created_at, zone),
                "title": instrument.title,
                "total": response.total_score,
                "band": band.label if band else "",
                "screening_id": response.screening_id,
                "code": instrument.code,
            }
        )
    return page, rows


def _charts(request: HttpRequest, zone: ZoneInfo, codes: list[str]) -> list[dict[str, Any]]:
    """A trend per instrument answered, every scored result a point, oldest first, in one
    query (the table pages through the results; a trend shows them all). ``codes``: the
    instruments of the newest rows, charted even without a score yet."""
    points: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for code, created_at, total in (
        _own_responses(request)
        .filter(total_score__isnull=False)
        .order_by("created_at")
        .values_list("instrument_code", "created_at", "total_score")
    ):
        points[code].append((timezone.localtime(created_at, zone), total))
    charts = []
    for code in sorted(set(points) | set(codes)):
        try:
            instrument = get_instrument(code)
        except UnknownInstrument:
            continue
        charts.append({"instrument": instrument, "svg": _inline_chart(instrument, points[code])})
    return charts


@require_GET
@seafarer_required(health_consent=True)
def history(request: HttpRequest) -> HttpResponse:
    zone = _zone(request.user)
    page, rows = _table_page(request, zone)
    # The charts open the first page only: the older pages are for the table.
    first = page.number == 1
    charts = _charts(request, zone, [row["code"] for row in rows]) if first else []
    return render(request, "screening/history.html", {"rows": rows, "charts": charts, "page": page})
