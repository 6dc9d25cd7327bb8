"""The hotline's roster and supervisor pages (the webhook is a machine endpoint)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.hotline.models import HotlineShift
from tests.permission_rules.base import Rule
from tests.personas import World

OPERATIONS = frozenset({"counsellor", "clinician", "union_staff", "admin"})


def _shift(world: World) -> dict[str, Any]:
    start = timezone.now()
    shift = HotlineShift.objects.create(
        user=world.counsellor,
        kind="counsellor",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
    )
    return {"pk": shift.pk}


RULES = {
    "hotline:roster": Rule(allowed=OPERATIONS),
    "hotline:shift_remove": Rule(allowed=frozenset({"counsellor"}), method="post", kwargs=_shift),
    "hotline:supervisor": Rule(allowed=OPERATIONS),
}
