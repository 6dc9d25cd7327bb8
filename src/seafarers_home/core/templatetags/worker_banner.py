"""``{% worker_banner %}``: a red banner on the supervisors' and administrators' pages while the
task worker is silent (core/worker_health.py). Those are the people who can act on it: crisis
alerts are then neither escalated nor sent on by the worker, and must be watched by hand."""

from __future__ import annotations

from typing import Any

from django import template

from seafarers_home.core.worker_health import worker_status

register = template.Library()


@register.inclusion_tag("core/_worker_banner.html")
def worker_banner(admin: bool = False) -> dict[str, Any]:
    status = worker_status()
    if status.healthy:
        return {"down": False}
    age = status.beat_age_seconds
    return {
        "down": True,
        "admin": admin,
        "last_beat_at": status.last_beat_at,
        "minutes": int(age // 60) if age is not None else None,
        "due_tasks": status.due_tasks,
    }
