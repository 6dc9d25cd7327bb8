"""The short-message channel as personal data (PIPL arts. 45 and 47), registered from
ShortMessagesConfig.ready(): the terminals a seafarer bound, what their messages were and
became (never the words: those are in the screening or the question), the messages sent to
them. Exported whole, deleted on erasure; the screenings, questions and alerts a message
became are their own types and follow their own rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.short_messages.models import InboundMessage, OutboundMessage, Terminal

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_short_messages(user: User) -> dict[str, Any]:
    return {
        "terminals": [
            {
                "gateway": terminal.gateway,
                "address": terminal.address,
                "status": terminal.status,
                "bound_at": _iso(terminal.bound_at),
                "proactive": terminal.proactive,
                "last_position": [terminal.last_latitude, terminal.last_longitude]
                if terminal.last_position_at
                else None,
                "last_position_at": _iso(terminal.last_position_at),
            }
            for terminal in Terminal.objects.filter(seafarer=user).order_by("pk")
        ],
        "received": [
            {
                "at": _iso(message.created_at),
                "gateway": message.gateway,
                "outcome": message.outcome,
                "position": [message.latitude, message.longitude]
                if message.latitude is not None
                else None,
            }
            for message in InboundMessage.objects.filter(seafarer=user).order_by("pk")
        ],
        "sent": [
            {
                "at": _iso(message.created_at),
                "gateway": message.gateway,
                "kind": message.kind,
                "text": message.text,
                "status": message.status,
            }
            for message in OutboundMessage.objects.filter(seafarer=user).order_by("pk")
        ],
    }


def erase_short_messages(user: User) -> None:
    InboundMessage.objects.filter(seafarer=user).delete()
    OutboundMessage.objects.filter(seafarer=user).delete()
    Terminal.objects.filter(seafarer=user).delete()


def register_personal_data() -> None:
    register_personal_data_type(
        "short_messages",
        gettext_lazy("短报文终端与短报文"),
        export=export_short_messages,
        erase=erase_short_messages,
        help_text=gettext_lazy(
            "绑定的北斗、铱星终端和手机号,收到的短报文做了什么(不含文字)和位置,"
            "发给您的短报文。删除时全部删除。"
        ),
        models=(
            "short_messages.Terminal",
            "short_messages.InboundMessage",
            "short_messages.OutboundMessage",
        ),
    )
