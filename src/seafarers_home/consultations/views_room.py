"""The call room page and its ICE configuration (JSON, fetched again for an ICE restart).

The page lets the person pick audio-only or video before joining; the call itself is
``static/consultations/call.js``. Refusals: someone else's room 404, a seafarer without
health-data consent the consent page (403), outside the window a page that says when the
room is open (409).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.consultations.rooms import (
    NO_CONSENT,
    WRONG_TIME,
    Room,
    RoomRefused,
    get_consultation_room_for_user,
    ice_configuration,
)

# Words the call script shows; {rtt} and {loss} are filled in by the script.
CALL_STRINGS = {
    "preparing": _("正在打开麦克风和摄像头…"),
    "waiting": _("已进入咨询室,正在等待对方进入…"),
    "connecting": _("对方已进入,正在接通…"),
    "connected": _("已接通"),
    "unstable": _("连接不稳定,正在尝试恢复…"),
    "reconnecting": _("连接中断,正在重新连接…"),
    "peerLeft": _("对方已离开或网络中断,请稍候,对方可以重新进入。"),
    "peerHungUp": _("对方已挂断。"),
    "ended": _("通话已结束。"),
    "closed": _("咨询室已关闭。"),
    "refused": _("无法进入此咨询室。"),
    "replaced": _("此咨询室已在另一个页面或设备上打开。"),
    "micFailed": _("无法使用麦克风,您仍可以用文字交流。"),
    "cameraFailed": _("无法使用摄像头,已改为仅语音。"),
    "videoOffBandwidth": _("网络太慢,已自动关闭视频,改为仅语音。"),
    "videoOff": _("视频已关闭。"),
    "peerVideoOffBandwidth": _("对方网络太慢,对方已改为仅语音。"),
    "peerVideoOff": _("对方选择了仅语音。"),
    "qualityGood": _("通话质量:好"),
    "qualityFair": _("通话质量:一般"),
    "qualityPoor": _("通话质量:差,可以改用文字交流"),
    "qualityDetail": _("延迟约 {rtt} 毫秒,丢包 {loss}"),
    "me": _("我"),
    "chatNotSent": _("消息未发出:网络中断,请稍后重试。"),
    "chatPeerAbsent": _("对方暂时不在,这条消息对方可能收不到。"),
    "mute": _("静音"),
    "unmute": _("取消静音"),
}


def call_page_config(
    request: HttpRequest, room: Room, *, ws: str, ice_url: str, strings: dict[str, Any]
) -> dict[str, Any]:
    """What call.js needs on any room page (consultations, hotline voice)."""
    ice = ice_configuration(request.user)
    expires = ice["expires_at"]
    return {
        "ws": ws,
        "iceUrl": ice_url,
        "iceServers": ice["ice_servers"],
        "iceExpiresAt": expires.isoformat() if expires else None,
        "peer": room.peer_name(request.user.pk),
        "strings": {key: str(value) for key, value in strings.items()},
    }


def _config(request: HttpRequest, pk: int, room: Room) -> dict[str, Any]:
    return call_page_config(
        request,
        room,
        ws=f"/ws/consultations/{pk}/",
        ice_url=reverse("consultations:ice", args=[pk]),
        strings=CALL_STRINGS,
    )


def note_url(user: Any, appointment: Any) -> str:
    """Where the clinician writes this consultation's note (an urgent episode's note for its
    call): shown in the room after the hang-up and once it has closed, and on the bookings
    list; never to the seafarer."""
    if user.pk != appointment.slot.clinician_id:
        return ""
    urgent = getattr(appointment, "urgent_request", None)
    if urgent is not None:
        return reverse("consultations:urgent_note", args=[urgent.pk])
    return reverse("consultations:appointment_note", args=[appointment.pk])


def _page(request: HttpRequest, room: Room, **extra: Any) -> dict[str, Any]:
    return {
        "room": room,
        # The template cannot call peer_name(user_id): it would name nobody ("与 的远程咨询").
        "peer": room.peer_name(request.user.pk),
        "note_url": note_url(request.user, room.target),
        **extra,
    }


@require_GET
@login_required
@never_cache
def room(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = get_consultation_room_for_user(request, pk)
    except RoomRefused as refusal:
        if refusal.code == NO_CONSENT:
            return consent_required_response(request)
        if refusal.code == WRONG_TIME and refusal.room is not None:
            context = _page(request, refusal.room, closed=True)
            return render(request, "consultations/room.html", context, status=409)
        raise Http404 from refusal
    context = _page(request, found, config=_config(request, pk, found))
    return render(request, "consultations/room.html", context)


@require_GET
@login_required
@never_cache
def ice(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        get_consultation_room_for_user(request, pk)
    except RoomRefused as refusal:
        if refusal.code in (NO_CONSENT, WRONG_TIME):
            return JsonResponse({"code": "room_not_open"}, status=refusal.http_status)
        raise Http404 from refusal
    config = ice_configuration(request.user)
    expires = config["expires_at"]
    return JsonResponse(
        {"iceServers": config["ice_servers"], "expiresAt": expires.isoformat() if expires else None}
    )
