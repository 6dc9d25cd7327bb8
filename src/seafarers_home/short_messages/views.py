"""The seafarer's pages of the short-message channel — their terminals (bind, confirm the code,
unbind, the at-sea check-ins on or off) and the printable command card — and the gateways'
signed inbound endpoints, one per gateway."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.core.signed_webhooks import WebhookRefused, verify_signed_request
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.short_messages import replies
from seafarers_home.short_messages.access import get_own_terminal
from seafarers_home.short_messages.actions.binding import (
    BindingInvalid,
    do_confirm_binding,
    do_set_proactive,
    do_start_binding,
    do_unbind_terminal,
)
from seafarers_home.short_messages.actions.inbound import do_receive_short_message
from seafarers_home.short_messages.commands import INSTRUMENT_CODES
from seafarers_home.short_messages.gateways import HEADERS, Malformed, read_delivery
from seafarers_home.short_messages.models import Terminal
from seafarers_home.short_messages.terminals import LABELS, masked


@require_http_methods(["GET", "POST"])
@seafarer_required
def terminals(request: AuthenticatedHttpRequest) -> HttpResponse:
    gateway = request.POST.get("gateway", "")
    address = request.POST.get("address", "")
    status = 200
    if request.method == "POST":
        try:
            do_start_binding(request.user, gateway, address, request=request)
        except BindingInvalid as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("验证码已发到终端,收到后在下面输入。"))
            return redirect("short_messages:terminals")
    rows = [
        (terminal, LABELS[terminal.gateway], masked(terminal.address))
        for terminal in Terminal.objects.filter(seafarer=request.user)
    ]
    context = {
        "rows": rows,
        "gateways": list(LABELS.items()),
        "chosen": gateway,
        "address": address[:30],
    }
    return render(request, "short_messages/terminals.html", context, status=status)


@require_POST
@seafarer_required
def confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    terminal = get_own_terminal(request.user, pk)
    try:
        do_confirm_binding(request.user, terminal, request.POST.get("code", ""), request=request)
    except BindingInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("终端已绑定。"))
    return redirect("short_messages:terminals")


@require_POST
@seafarer_required
def unbind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    terminal = get_own_terminal(request.user, pk)
    do_unbind_terminal(request.user, terminal, request=request)
    messages.success(request, _("已解除绑定。"))
    return redirect("short_messages:terminals")


@require_POST
@seafarer_required
def proactive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    terminal = get_own_terminal(request.user, pk)
    do_set_proactive(request.user, terminal, request.POST.get("proactive") == "on", request=request)
    messages.success(request, _("设置已保存。"))
    return redirect("short_messages:terminals")


@require_GET
def card(request: HttpRequest) -> HttpResponse:
    """The one-page command card to print and keep on the bridge (no personal data)."""
    instruments = [(short, get_instrument(code)) for short, code in INSTRUMENT_CODES.items()]
    context = {"instruments": instruments, "numbers": replies.numbers()}
    return render(request, "short_messages/card.html", context)


def _gateway(request: HttpRequest, gateway: str) -> JsonResponse:
    timestamp, nonce, signature = HEADERS.read(request)
    try:
        verify_signed_request(
            settings.SHORT_MESSAGE_GATEWAYS[gateway]["secret"],
            timestamp,
            nonce,
            signature,
            request.body,
            tolerance_seconds=settings.SHORT_MESSAGE_TOLERANCE_SECONDS,
        )
    except WebhookRefused as error:
        status = 401 if error.code in ("missing", "not_configured") else 403
        return JsonResponse({"detail": str(error), "code": error.code}, status=status)
    # Signed: from here on always 2xx, or the gateway resends the message forever.
    try:
        delivery = read_delivery(gateway, request.body)
    except Malformed as error:
        return JsonResponse({"status": "ignored", "reason": str(error)})
    received = do_receive_short_message(delivery, nonce=nonce)
    if received.duplicate or received.message is None:  # a new one always has its message
        return JsonResponse({"status": "duplicate"})
    return JsonResponse({"status": "received", "outcome": received.message.outcome})


@csrf_exempt
@require_POST
def gateway_sms(request: HttpRequest) -> JsonResponse:
    return _gateway(request, "sms")


@csrf_exempt
@require_POST
def gateway_beidou(request: HttpRequest) -> JsonResponse:
    return _gateway(request, "beidou")


@csrf_exempt
@require_POST
def gateway_iridium(request: HttpRequest) -> JsonResponse:
    return _gateway(request, "iridium")
