"""The in-app inbox as personal data (PIPL arts. 45 and 47). Registered from
NotificationsConfig.ready().

A notification says only *that* something is waiting (never health details), but who was told
what and when is still about the person: exported whole, deleted on erasure. Nothing needs the
rows afterwards; the services' own records say what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.notifications.models import Notification

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_notifications(user: User) -> list[dict[str, Any]]:
    return [
        {
            "at": _iso(notification.created_at),
            "kind": notification.kind,
            "message": notification.message,
            "url": notification.url,
            "sms_sent_at": _iso(notification.sms_sent_at),
            "read_at": _iso(notification.read_at),
        }
        for notification in Notification.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase_notifications(user: User) -> None:
    Notification.objects.filter(user=user).delete()


def register_personal_data() -> None:
    register_personal_data_type(
        "notifications",
        gettext_lazy("通知"),
        export=export_notifications,
        erase=erase_notifications,
        help_text=gettext_lazy(
            "站内通知和短信提醒的内容、时间和是否已读。删除时全部删除,不再保留。"
        ),
        models=("notifications.Notification",),
    )
