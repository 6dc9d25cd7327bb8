"""What the sea frames tell a crisis alert's person panel and the counsellor calling back
(alerts/sources.py): the position the seafarer's last check-in or SOS frame carried, and the
ship's satellite number registered with their device."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.alerts.sources import register_position, register_satellite_number
from seafarers_home.sea_frames.models import Device, ReceivedFrame


def position_text(position: str) -> str:
    """'30.1234,122.5678' → '30.1234°N 122.5678°E'."""
    latitude, longitude = (float(part) for part in position.split(","))
    north, east = ("N" if latitude >= 0 else "S"), ("E" if longitude >= 0 else "W")
    return f"{abs(latitude):.4f}°{north} {abs(longitude):.4f}°{east}"


def last_position(user: Any) -> str:
    frame = (
        ReceivedFrame.objects.filter(seafarer=user)
        .exclude(position="")
        .select_related("device")
        .order_by("-received_at", "-pk")
        .first()
    )
    if frame is None:
        return ""
    at = timezone.localtime(frame.made_at)
    return f"{position_text(frame.position)} · {at:%Y-%m-%d %H:%M} · " + _("短数据(%(device)s)") % {
        "device": frame.device.name
    }


def satellite_number(user: Any) -> str:
    device = (
        Device.objects.filter(seafarer=user, revoked_at__isnull=True)
        .exclude(callback_number="")
        .order_by("-created_at")
        .first()
    )
    return device.callback_number if device is not None else ""


def register() -> None:
    register_position(last_position)
    # After the hotline's callback number and the consultation's: those were given for a call.
    register_satellite_number(satellite_number, priority=3)
