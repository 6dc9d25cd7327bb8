"""The hotline's operations pages — the duty roster and the supervisor's view — and the phone
system's webhook. No call content on any of them."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.alerts.views_detail import board_summary
from seafarers_home.core.inputs import check_date
from seafarers_home.hotline.actions.records import do_ingest_call_detail_record
from seafarers_home.hotline.actions.roster import do_add_shift, do_remove_shift
from seafarers_home.hotline.forms_ops import ShiftForm
from seafarers_home.hotline.models import HotlineShift
from seafarers_home.hotline.records import HOTLINE_HEADERS, WebhookRefused, verify_webhook
from seafarers_home.hotline.roster import ShiftInvalid, can_manage_roster, week_start, week_view
from seafarers_home.hotline.supervision import bar_svg, history, live_board
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_hotline_operations

WEEKDAYS = (
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
)


def _week_from(request: HttpRequest) -> date:
    try:
        chosen = check_date(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:  # includes InputRefused: a week in year 1 has no week before it
        chosen = timezone.localdate(timezone.now(), hospital_zone())
    return week_start(chosen)


@role_required(is_hotline_operations)
def roster(request: HttpRequest) -> HttpResponse:
    manage = can_manage_roster(request.user)
    form = ShiftForm(request.POST or None) if manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_add_shift(
                    data["person"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    by=request.user,
                    request=request,
                )
            except ShiftInvalid as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("班次已添加。"))
                return redirect(
                    f"{request.path}?week={data['starts_at'].astimezone(hospital_zone()).date()}"
                )
    first = _week_from(request)
    days = week_view(first)
    shifts = HotlineShift.objects.filter(
        starts_at__lt=days[-1].hours[-1].start, ends_at__gt=days[0].hours[0].start
    ).select_related("user")
    context = {
        "days": days,
        "first": first,
        "previous": first - timedelta(days=7),
        "next": first + timedelta(days=7),
        "form": form,
        "manage": manage,
        "shifts": shifts,
        "uncovered": sum(day.uncovered_hours for day in days),
        "hours": range(24),
    }
    return render(request, "hotline/roster.html", context)


@require_POST
@login_required
def shift_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_roster(request.user):
        raise Http404
    shift = HotlineShift.objects.filter(pk=pk).first()
    if shift is None:
        raise Http404
    week = shift.starts_at.astimezone(hospital_zone()).date()
    do_remove_shift(shift, by=request.user, request=request)
    messages.success(request, _("班次已删除。"))
    return redirect(f"/hotline/roster/?week={week}")


@require_GET
@role_required(is_hotline_operations)
def supervisor(request: HttpRequest) -> HttpResponse:
    try:
        days = min(max(int(request.GET.get("days", 30)), 1), 365)
    except ValueError:
        days = 30
    past = history(days)
    charts = {
        "hours": bar_svg(_("按小时的来电量"), past.by_hour, [f"{h:02d}" for h in range(24)]),
        "weekdays": bar_svg(_("按星期的来电量"), past.by_weekday, [str(d) for d in WEEKDAYS]),
    }

    # Crisis alerts not yet ended, by count and age only (no names on this page).
    context = {
        "board": live_board(),
        "past": past,
        "charts": charts,
        "days": days,
        "alerts": board_summary(),
    }
    return render(request, "hotline/supervisor.html", context)


@csrf_exempt
@require_POST
def webhook_cdr(request: HttpRequest) -> JsonResponse:
    """Call detail records from the hospital's phone system. Signed with HMAC-SHA256 over
    "<timestamp>.<nonce>.<body>" (headers X-Hotline-Timestamp, X-Hotline-Nonce,
    X-Hotline-Signature); timestamps older than the tolerance and spent nonces are refused."""
    timestamp, nonce, signature = HOTLINE_HEADERS.read(request)
    try:
        verify_webhook(timestamp, nonce, signature, request.body)
    except WebhookRefused as error:
        return JsonResponse({"detail": str(error), "code": "unauthorised"}, status=401)
    try:
        payload = json.loads(request.body)
        if not isinstance(payload, dict):
            raise ValueError
        record, created = do_ingest_call_detail_record(payload, timestamp=timestamp, nonce=nonce)
    except ValueError as error:  # includes WebhookRefused and JSON errors
        code = "replayed" if "replayed" in str(error) else "invalid"
        return JsonResponse(
            {"detail": str(error) or "invalid JSON", "code": code},
            status=409 if code == "replayed" else 400,
        )
    return JsonResponse({"id": record.pk, "created": created}, status=201 if created else 200)
