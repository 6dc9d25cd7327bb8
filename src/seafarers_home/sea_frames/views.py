"""The seafarer's devices (register, key shown once, revoke), the encoder page for the bridge
PC, and the gateways' delivery endpoint. Plain forms; the encoder page alone needs JavaScript
(it builds and encrypts the frame in the browser)."""

from __future__ import annotations

import base64
import uuid

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.core.form_errors import add_errors
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.core.signed_webhooks import WebhookRefused
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.sea_frames import codebook, codec
from seafarers_home.sea_frames.access import get_own_device, own_devices
from seafarers_home.sea_frames.actions import (
    DeviceInvalid,
    do_receive_frame,
    do_register_device,
    do_revoke_device,
)
from seafarers_home.sea_frames.forms import DeviceForm
from seafarers_home.sea_frames.gateway import frame_from_body, verify


def provisioning_text(device_id: int, key: bytes) -> str:
    """What the QR code carries and the encoder page and command line read."""
    return f"SHF1:{device_id}:{key.hex()}"


def _devices_page(request: HttpRequest, form: DeviceForm, status: int = 200) -> HttpResponse:
    context = {
        "devices": own_devices(request.user),
        "form": form,
        "key": request.POST.get("key") or uuid.uuid4().hex,
    }
    return render(request, "sea_frames/devices.html", context, status=status)


@require_GET
@seafarer_required
def devices(request: HttpRequest) -> HttpResponse:
    return _devices_page(request, DeviceForm())


@require_POST
@seafarer_required
def register(request: HttpRequest) -> HttpResponse:
    form = DeviceForm(request.POST)
    if not form.is_valid():
        return _devices_page(request, form, status=400)
    try:
        registered = do_register_device(
            request.user,
            **form.cleaned_data,
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except DeviceInvalid as error:
        add_errors(form, error.errors)
        return _devices_page(request, form, status=400)
    except IdempotencyConflict:
        messages.warning(request, _("这份表单已经提交过,内容与这次不同。请核对终端列表。"))
        return redirect("sea_frames:devices")
    if registered.key is None:
        messages.info(
            request, _("这台终端已经登记过。密钥只显示一次:如果没有记下,请停用它再重新登记。")
        )
        return redirect("sea_frames:devices")
    device, key = registered.device, registered.key
    text = provisioning_text(device.device_id, key)
    qr = segno.make(text, error="m").svg_inline(border=2, omitsize=True, scale=4)
    context = {
        "device": device,
        "key_hex": " ".join(key.hex()[i : i + 8] for i in range(0, 32, 8)),
        "provisioning": text,
        "qr": mark_safe(qr),  # noqa: S308 - segno's SVG of our own text
    }
    return render(request, "sea_frames/registered.html", context, status=201)


@require_POST
@seafarer_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_own_device(request.user, pk)
    do_revoke_device(device, request.user, request=request)
    messages.success(request, _("终端已停用:它发来的短数据不再接收。"))
    return redirect("sea_frames:devices")


@require_GET
@seafarer_required
def encoder(request: HttpRequest) -> HttpResponse:
    active = [d for d in own_devices(request.user) if d.active]
    context = {
        "devices": active,
        "instruments": [
            (code, get_instrument(code).title, len(codebook.packed(code).items))
            for code in codebook.available()
        ],
        "codebook": {
            "instruments": codebook.as_json(),
            "epoch": int(codec.EPOCH.timestamp()),
            "limits": {"iridium_up": 340, "iridium_down": 270, "beidou": 70},
        },
    }
    return render(request, "sea_frames/encoder.html", context)


@csrf_exempt
@require_POST
def gateway(request: HttpRequest) -> JsonResponse:
    """A satellite gateway delivers one frame (FRAME.md, "What the server does"): 401 without
    its signature, otherwise always 200 so that it does not resend forever."""
    try:
        verify(
            request.headers.get("X-Gateway-Timestamp", ""),
            request.headers.get("X-Gateway-Nonce", ""),
            request.headers.get("X-Gateway-Signature", ""),
            request.body,
        )
    except WebhookRefused as error:
        return JsonResponse({"detail": str(error), "code": "unauthorised"}, status=401)
    try:
        frame, label = frame_from_body(request.body, request.content_type or "")
    except ValueError as error:
        return JsonResponse({"result": "malformed", "reason": str(error), "reply": None})
    delivery = do_receive_frame(frame, gateway=label)
    reply = delivery.reply
    return JsonResponse(
        {
            "result": delivery.result,
            "reason": delivery.reason,
            "reply": base64.b64encode(reply).decode() if reply else None,
            "reply_hex": reply.hex() if reply else None,
        }
    )
