"""What the short-message channel tells a crisis alert's person panel and the counsellor
calling back (alerts/sources.py): the last position a message from the seafarer's terminal
carried, with its time and channel."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from seafarers_home.alerts.sources import register_position
from seafarers_home.short_messages.models import Terminal


def position_text(latitude: float, longitude: float) -> str:
    """'29.95000°N 122.30000°E'."""
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.5f}°{north} {abs(longitude):.5f}°{east}"


def last_position(user: Any) -> str:
    terminal = (
        Terminal.objects.filter(seafarer=user, last_position_at__isnull=False)
        .order_by("-last_position_at")
        .first()
    )
    # The position's three fields are written together; the check narrows the types.
    if terminal is None or terminal.last_latitude is None or terminal.last_longitude is None:
        return ""
    at = timezone.localtime(terminal.last_position_at)
    return (
        f"{position_text(terminal.last_latitude, terminal.last_longitude)} · "
        f"{at:%Y-%m-%d %H:%M} · {terminal.get_gateway_display()}"
    )


def register() -> None:
    register_position(last_position)
