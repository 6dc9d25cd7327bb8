"""A seafarer's past screening results and a server-rendered trend chart per instrument."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from seafarers_home.consent.decorators import health_consent_required
from seafarers_home.screening.charts import trend_svg as render_trend_svg
from seafarers_home.screening.instruments import UnknownInstrument, get_instrument
from seafarers_home.screening.models import Response
from seafarers_home.screening.views_take import seafarer_only


def _zone(user: object) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(user, "time_zone", "") or "Asia/Shanghai")
    except (ValueError, KeyError):
        return ZoneInfo("Asia/Shanghai")


def _own_responses(request: HttpRequest):
    # Only responses that count: of a completed screening, or sent alone (the API, a pulse).
    return Response.objects.filter(seafarer=request.user).exclude(screening__status="in_progress")


@require_GET
@seafarer_only
@health_consent_required
def history(request: HttpRequest) -> HttpResponse:
    zone = _zone(request.user)
    rows, codes = [], []
    for response in (
        _own_responses(request).select_related("screening").order_by("-created_at")[:200]
    ):
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
            }
        )
        if instrument.code not in codes:
            codes.append(instrument.code)
    charts = [{"instrument": get_instrument(code)} for code in sorted(codes)]
    return render(request, "screening/history.html", {"rows": rows, "charts": charts})


@require_GET
@seafarer_only
@health_consent_required
def trend_svg(request: HttpRequest, code: str) -> HttpResponse:
    try:
        instrument = get_instrument(code)
    except UnknownInstrument:
        raise Http404 from None
    zone = _zone(request.user)
    responses = (
        _own_responses(request)
        .filter(instrument_code=code, total_score__isnull=False)
        .order_by("created_at")
    )
    points = [(timezone.localtime(r.created_at, zone), r.total_score) for r in responses]
    response = HttpResponse(render_trend_svg(instrument, points), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
