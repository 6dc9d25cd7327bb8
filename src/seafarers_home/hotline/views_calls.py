"""The caller's hotline pages: call the hotline (join the queue), see the place in the queue
and an honest wait, hang up, book and cancel a callback. The waiting page reloads when the
queue pushes news of the call (hotline/static/hotline/call.js), and refreshes itself without
JavaScript or while the socket is down; the voice room is the only page that needs a script."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.core.form_errors import add_errors
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.core.inputs import within_window
from seafarers_home.hotline.access import get_own_call, get_own_callback
from seafarers_home.hotline.actions.callbacks import (
    CallbackInvalid,
    do_cancel_callback,
    do_request_callback,
)
from seafarers_home.hotline.actions.queue import do_hang_up, do_join_queue
from seafarers_home.hotline.forms_calls import CallbackForm
from seafarers_home.hotline.hours import line_state
from seafarers_home.hotline.models import CallbackRequest, HotlineCall
from seafarers_home.hotline.queue import LIVE, QUEUED, queue_status
from seafarers_home.hotline.rooms import has_voice
from seafarers_home.lib.zones import zone_label
from seafarers_home.permissions.decorators import seafarer_required

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

WAITING_REFRESH_SECONDS = 8
RECENT_END = timedelta(hours=1)
CALLBACK_SPAN = timedelta(hours=2)


def _call_context(user: User) -> dict[str, Any]:
    calls = HotlineCall.objects.select_related("callback").filter(seafarer=user)
    current = calls.filter(channel=HotlineCall.Channel.IN_APP, status__in=LIVE).first()
    connected = [c for c in calls.filter(status=HotlineCall.Status.CONNECTED) if has_voice(c)]
    missed = (
        calls.filter(
            channel=HotlineCall.Channel.IN_APP,
            status__in=(HotlineCall.Status.CALLBACK_OFFERED, HotlineCall.Status.DROPPED),
            ended_at__gte=timezone.now() - RECENT_END,
        )
        .order_by("-ended_at")
        .first()
    )
    line = line_state()
    # line.signed_in is the count of counsellors on duty (not away): counted once here.
    status = (
        queue_status(current, on_duty=line.signed_in)
        if current and current.status in QUEUED
        else None
    )
    return {
        "current": current,
        "status": status,
        "wait_minutes": -(-(status.estimated_wait_seconds or 0) // 60) if status else 0,
        "voice_call": connected[0] if connected else None,
        "missed": None if current else missed,
        "on_duty": line.signed_in,
        "line": line,
        "callbacks": within_window(
            CallbackRequest.objects.filter(seafarer=user), "window_end"
        ).order_by("-created_at")[:10],
        "open_callback": (CallbackRequest.Status.SCHEDULED, CallbackRequest.Status.QUEUED),
        "refresh": WAITING_REFRESH_SECONDS if status else None,
        "key": uuid.uuid4().hex,
        "time_zone": zone_label(user.time_zone),
    }


def _render_call(
    request: HttpRequest, form: CallbackForm | None = None, status: int = 200
) -> HttpResponse:
    context = _call_context(request.user)
    start = timezone.localtime().replace(second=0, microsecond=0)  # the seafarer's zone
    initial = {"key": uuid.uuid4().hex, "window_start": start, "window_end": start + CALLBACK_SPAN}
    context["callback_form"] = form or CallbackForm(initial=initial)
    return render(request, "hotline/call.html", context, status=status)


@require_GET
@seafarer_required(health_consent=True)
def call(request: HttpRequest) -> HttpResponse:
    # Only reads: the queue's timers run in the worker (hotline/periodic_jobs.py).
    return _render_call(request)


@require_POST
@seafarer_required(health_consent=True)
def join(request: HttpRequest) -> HttpResponse:
    user = request.user
    try:
        do_join_queue(
            user,
            anonymous=bool(request.POST.get("anonymous")),
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except IdempotencyConflict:
        messages.error(request, FORM_CONFLICT_MESSAGE)
    return redirect("hotline:call")


@require_POST
@seafarer_required(health_consent=True)
def hang_up(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_own_call(request.user, pk)
    if call.status in LIVE:
        do_hang_up(call, request.user, request=request)
        messages.success(request, _("已挂断。需要时可以随时再打。"))
    return redirect("hotline:call")


@require_POST
@seafarer_required(health_consent=True)
def callback_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CallbackForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_request_callback(
                user,
                target=data["target"],
                number=data["number"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                anonymous=data["anonymous"],
                idempotency_key=data["key"],
                request=request,
            )
        except CallbackInvalid as error:
            add_errors(form, error.errors)
        except IdempotencyConflict:
            form.add_error(None, FORM_CONFLICT_MESSAGE)
        else:
            messages.success(request, _("回拨已预约。到时间后咨询员会联系您。"))
            return redirect("hotline:call")
    return _render_call(request, form, status=400)


@require_POST
@seafarer_required(health_consent=True)
def callback_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    callback = get_own_callback(request.user, pk)
    do_cancel_callback(callback, request.user, request=request)
    messages.success(request, _("回拨已取消。"))
    return redirect("hotline:call")
