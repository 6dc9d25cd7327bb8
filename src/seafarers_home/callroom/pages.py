"""What a call room page gives the call script (``static/callroom/call.js``): the WebSocket,
where to fetch ICE servers again, the servers themselves, the peer's name and the words the
script shows. Each service's room page (consultations, hotline voice) renders its own
template around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

from seafarers_home.callroom.ice import ice_configuration
from seafarers_home.callroom.rooms import NO_CONSENT, WRONG_TIME, Room, RoomRefused

if TYPE_CHECKING:
    from seafarers_home.accounts.requests import AuthenticatedHttpRequest

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
    request: AuthenticatedHttpRequest, room: Room, *, ws: str, ice_url: str, strings: dict[str, Any]
) -> dict[str, Any]:
    """What call.js needs on any room page (consultations, hotline voice)."""
    servers, expires_at = _ice_servers(request)
    return {
        "ws": ws,
        "iceUrl": ice_url,
        "iceServers": servers,
        "iceExpiresAt": expires_at,
        "peer": room.peer_name(request.user.pk),
        "strings": {key: str(value) for key, value in strings.items()},
    }


def ice_answer(request: AuthenticatedHttpRequest, find_room: Callable[[], Any]) -> JsonResponse:
    """The ICE servers again, which call.js asks for before its TURN credentials end, for a
    room this person may enter now: ``find_room`` raises RoomRefused as the room's own page
    would. A room not open yet (or without the consent) answers its status and a code; any
    other refusal 404, as the page does."""
    try:
        find_room()
    except RoomRefused as refusal:
        if refusal.code in (NO_CONSENT, WRONG_TIME):
            return JsonResponse({"code": "room_not_open"}, status=refusal.http_status)
        raise Http404 from refusal
    servers, expires_at = _ice_servers(request)
    return JsonResponse({"iceServers": servers, "expiresAt": expires_at})


def _ice_servers(request: AuthenticatedHttpRequest) -> tuple[list[dict[str, Any]], str | None]:
    ice = ice_configuration(request.user)
    expires = ice["expires_at"]
    return ice["ice_servers"], expires.isoformat() if expires else None
