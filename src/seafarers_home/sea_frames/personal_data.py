"""The sea frames as personal data (PIPL arts. 45 and 47), registered from
SeaFramesConfig.ready(): the devices (never their keys in an export), the frames received
(type, size, times, position; the content went to the service it was for and is that
service's data), the ship's link and price, and the monthly totals. Erased whole: a device
erased stops being accepted at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.sea_frames.codec import FrameType
from seafarers_home.sea_frames.costs import forget_link
from seafarers_home.sea_frames.models import Device, MonthlyUsage, ReceivedFrame, ShipLink

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def export_sea_frames(user: User) -> dict[str, Any]:
    link = ShipLink.objects.filter(seafarer=user).first()
    return {
        "devices": [
            {
                "device_id": device.device_id,
                "name": device.name,
                "kind": device.kind,
                "callback_number": device.callback_number,
                "registered_at": _iso(device.created_at),
                "last_frame_at": _iso(device.last_frame_at),
                "revoked_at": _iso(device.revoked_at),
            }
            for device in Device.objects.filter(seafarer=user).order_by("pk")
        ],
        "frames": [
            {
                "device_id": frame.device.device_id,
                "counter": frame.counter,
                "type": FrameType(frame.frame_type).name.lower(),
                "bytes": frame.size,
                "made_at": _iso(frame.made_at),
                "received_at": _iso(frame.received_at),
                "position": frame.position or None,
                "became": frame.target,
            }
            for frame in ReceivedFrame.objects.filter(seafarer=user)
            .select_related("device")
            .order_by("pk")
        ],
        "ship_link": (
            {
                "kind": link.kind,
                "unit": link.unit,
                "price_yuan": str(link.price),
                "message_bytes": link.message_bytes,
            }
            if link
            else None
        ),
        "monthly_usage": [
            {
                "month": row.month.isoformat(),
                "channel": row.channel,
                "requests": row.requests,
                "bytes": row.bytes,
            }
            for row in MonthlyUsage.objects.filter(seafarer=user).order_by("month", "channel")
        ],
    }


def erase_sea_frames(user: User) -> None:
    ReceivedFrame.objects.filter(seafarer=user).delete()
    Device.objects.filter(seafarer=user).delete()
    ShipLink.objects.filter(seafarer=user).delete()
    MonthlyUsage.objects.filter(seafarer=user).delete()
    forget_link(user)
    transaction.on_commit(lambda: forget_link(user))


def register_personal_data() -> None:
    register_personal_data_type(
        "sea_frames",
        gettext_lazy("短数据终端与通信费用"),
        export=export_sea_frames,
        erase=erase_sea_frames,
        help_text=gettext_lazy(
            "您登记的驾驶台电脑和卫星终端(不含密钥)、我们收到的短数据(类型、大小、时间、船位;"
            "内容已交给对应的服务)、船上的通信方式和价格,以及每月发送量。删除时全部删除,"
            "终端随即停用。"
        ),
        models=(
            "sea_frames.Device",
            "sea_frames.ReceivedFrame",
            "sea_frames.ShipLink",
            "sea_frames.MonthlyUsage",
        ),
    )
