"""The voice room of a hotline call (audio only) and its ICE configuration. The call itself
is the call room's script (static/callroom/call.js) on ws/hotline/<call_id>/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seafarers_home.callroom.pages import CALL_STRINGS, call_page_config, ice_answer
from seafarers_home.callroom.rooms import NO_CONSENT, WRONG_TIME, Room, RoomRefused
from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.hotline.rooms import get_hotline_room_for_user

VOICE_STRINGS = {
    **CALL_STRINGS,
    "preparing": _("正在打开麦克风…"),
    "waiting": _("已进入通话,正在等待对方进入…"),
    "closed": _("这通电话已经结束。"),
    "refused": _("无法进入这通电话。"),
    "replaced": _("这通电话已在另一个页面或设备上打开。"),
}


def _config(request: HttpRequest, pk: int, room: Room) -> dict[str, Any]:
    return call_page_config(
        request,
        room,
        ws=f"/ws/hotline/{pk}/",
        ice_url=reverse("hotline:voice_ice", args=[pk]),
        strings=VOICE_STRINGS,
    )


@require_GET
@login_required
@never_cache
def voice(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = get_hotline_room_for_user(request, pk)
    except RoomRefused as refusal:
        if refusal.code == NO_CONSENT:
            return consent_required_response(request)
        if refusal.code == WRONG_TIME and refusal.room is not None:
            context = {"room": refusal.room, "closed": True, **_roles(request, refusal.room)}
            return render(request, "hotline/voice.html", context, status=409)
        raise Http404 from refusal
    # Only reads: the room's socket keeps the counsellor's heartbeat (hotline/consumers.py).
    context = {"room": found, "config": _config(request, pk, found), **_roles(request, found)}
    return render(request, "hotline/voice.html", context)


def _roles(request: HttpRequest, room: Room) -> dict[str, Any]:
    counsellor = room.offerer_id == request.user.pk
    return {"is_counsellor": counsellor, "peer": room.peer_name(request.user.pk)}


@require_GET
@login_required
@never_cache
def voice_ice(request: HttpRequest, pk: int) -> JsonResponse:
    return ice_answer(request, lambda: get_hotline_room_for_user(request, pk))
