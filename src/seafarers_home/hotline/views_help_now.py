""" "I need help now": the press (POST, no JavaScript), the page that answers it with the crisis
box at once and a callback form (the hotline's), and the callback booking. Seafarers only;
anyone else signed in gets 404, anonymous visitors are sent to sign in (the numbers are on
every page for them). The pages keep their /alerts/help-now/ paths and alerts: names (the
project's urls.py mounts them there)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.alerts.actions.help_now import do_press_help_now, do_say_help_now_mistaken
from seafarers_home.alerts.models import HelpRequest
from seafarers_home.core.form_errors import add_errors
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.hotline.actions.callbacks import CallbackInvalid
from seafarers_home.hotline.actions.help_now import do_request_help_callback
from seafarers_home.hotline.forms_calls import CallbackForm
from seafarers_home.lib.zones import zone_label
from seafarers_home.permissions.decorators import require, seafarer_required
from seafarers_home.permissions.roles import is_seafarer

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

CALLBACK_SPAN = timedelta(hours=2)


def _own_press(user: User, pk: int) -> HelpRequest:
    require(is_seafarer, user)
    press = (
        HelpRequest.objects.select_related("alert", "callback").filter(pk=pk, seafarer=user).first()
    )
    if press is None:
        raise Http404
    return press


@require_POST
@seafarer_required
def press(request: HttpRequest) -> HttpResponse:
    user = request.user
    found = do_press_help_now(user, idempotency_key=request.POST.get("key", ""), request=request)
    return redirect("alerts:help_now_page", pk=found.pk)


def _callback_form(data: dict | None = None, initial: dict | None = None) -> CallbackForm:
    """The hotline's callback form without "anonymous": a person who pressed for help has
    asked to be reached, and the alert already names them."""
    form = CallbackForm(data, initial=initial)
    del form.fields["anonymous"]
    return form


def _render(
    request: HttpRequest, found: HelpRequest, form: CallbackForm | None = None, status: int = 200
) -> HttpResponse:
    start = timezone.localtime().replace(second=0, microsecond=0)  # the seafarer's zone
    initial = {"key": uuid.uuid4().hex, "window_start": start, "window_end": start + CALLBACK_SPAN}
    context = {
        "press": found,
        "callback": found.callback,
        "callback_form": form or _callback_form(initial=initial),
        "time_zone": zone_label(request.user.time_zone),
    }
    return render(request, "hotline/help_now.html", context, status=status)


@require_GET
@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _own_press(request.user, pk))


@require_POST
@login_required
def callback(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_press(request.user, pk)
    form = _callback_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_request_help_callback(
                found,
                request.user,
                target=data["target"],
                number=data["number"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                idempotency_key=data["key"],
                request=request,
            )
        except CallbackInvalid as error:
            add_errors(form, error.errors)
        except IdempotencyConflict:
            form.add_error(None, FORM_CONFLICT_MESSAGE)
        else:
            messages.success(request, _("回拨已预约。到时间后咨询员会联系您。"))
            return redirect("alerts:help_now_page", pk=found.pk)
    return _render(request, found, form, status=400)


@require_POST
@login_required
def mistaken(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_press(request.user, pk)
    do_say_help_now_mistaken(request.user, found, request=request)
    messages.info(
        request,
        _("已记下你是按错了,值班医生处理这条提醒时会看到,可能仍会联系你确认。需要帮助时随时再按。"),
    )
    return redirect("alerts:help_now_page", pk=found.pk)
